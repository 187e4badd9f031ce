// @discordjs/ws consuming the emulator's firehose (JSON, zlib-stream): the peer of Cortex's shard in
// the end-to-end benchmark (Cortex.Benchmarks/Gateway/FirehoseHarness.cs). After WARMUP events it
// measures this process's CPU time over EVENTS events and prints one JSON line with the result.
import { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';

const base = process.env.EMULATOR_URL;
const token = process.env.BOT_TOKEN;
const events = Number(process.env.EVENTS ?? 200000);
const warmup = Number(process.env.WARMUP ?? 20000);

const rest = new REST({ api: `${base}/api`, version: '10' }).setToken(token);
const manager = new WebSocketManager({
  token,
  rest,
  intents: (1 << 0) | (1 << 9) | (1 << 15),
  compression: CompressionMethod.ZlibNative,
});

async function firehose(session, count) {
  const connections = await (await fetch(`${base}/control/gateway/connections`)).json();
  const mine = connections.filter((c) => c.session_id === session).at(-1);
  const response = await fetch(`${base}/control/gateway/connections/${mine.id}/firehose`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count }),
  });
  return (await response.json()).first_sequence;
}

let session = null;
let last = 0;
let goal = Infinity;
let measuring = false;
let cpu0;
let wall0;

// The firehose's events carry sequences first..first+count-1 in order: done when the last one arrived.
async function start(count, measure) {
  goal = Infinity;
  if (measure) {
    measuring = true;
    cpu0 = process.cpuUsage();
    wall0 = process.hrtime.bigint();
  }
  goal = (await firehose(session, count)) + count - 1;
  await check();
}

async function check() {
  if (last < goal) return;
  goal = Infinity;
  if (!measuring) {
    await start(events, true);
    return;
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  console.log(JSON.stringify({ events, cpu_seconds: (cpu.user + cpu.system) / 1e6, wall_seconds: wall }));
  await manager.destroy({ code: 1000 });
  process.exit(0);
}

manager.on(WebSocketShardEvents.Dispatch, async (payload) => {
  if (payload.t === 'READY') {
    session = payload.d.session_id;
    last = payload.s;
    await start(warmup, false);
    return;
  }
  last = payload.s;
  await check();
});

await manager.connect();
