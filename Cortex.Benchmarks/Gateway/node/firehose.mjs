// @discordjs/ws consuming the emulator's firehose: the peer of Cortex's shard in the firehose benchmark
// (Cortex.Benchmarks/Gateway/FirehoseHarness.cs). COMPRESSION picks the peer's configuration:
//   zlib-sync  its documented fast path: CompressionMethod.ZlibSync, with zlib-sync and bufferutil installed;
//   none       its default: no transport compression (bufferutil still installed, ws loads it itself);
//   native     CompressionMethod.ZlibNative (node:zlib).
// The library JSON.parses every payload in full and emits it. After WARMUP events of MIX it measures this
// process's CPU time over EVENTS events and prints one JSON line with the result.
import { createRequire } from 'node:module';
import { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';

const base = process.env.EMULATOR_URL;
const token = process.env.BOT_TOKEN;
const events = Number(process.env.EVENTS ?? 200000);
const warmup = Number(process.env.WARMUP ?? 20000);
const mix = process.env.MIX ?? 'recorded';
const mode = process.env.COMPRESSION ?? 'zlib-sync';

// Fail loudly rather than measure a slower path: @discordjs/ws falls back with only a console warning.
const require = createRequire(import.meta.url);
require('bufferutil');
if (mode === 'zlib-sync') require('zlib-sync');

const compression = { 'zlib-sync': CompressionMethod.ZlibSync, native: CompressionMethod.ZlibNative, none: null }[mode];
if (compression === undefined) throw new Error(`COMPRESSION must be zlib-sync, native or none, not ${mode}`);

const rest = new REST({ api: `${base}/api`, version: '10' }).setToken(token);
const manager = new WebSocketManager({ token, rest, intents: (1 << 0) | (1 << 9) | (1 << 15), compression });

async function firehose(session, count) {
  const connections = await (await fetch(`${base}/control/gateway/connections`)).json();
  const mine = connections.filter((c) => c.session_id === session).at(-1);
  if (mode !== 'none' && mine.compression !== 'zlib-stream') throw new Error(`connected with compression ${mine.compression}`);
  const response = await fetch(`${base}/control/gateway/connections/${mine.id}/firehose`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count, mix }),
  });
  if (!response.ok) throw new Error(`firehose: ${response.status} ${await response.text()}`);
  return (await response.json()).first_sequence;
}

let session = null;
let last = 0;
let goal = Infinity;
let measuring = false;
let cpu0;
let wall0;

// The firehose's events carry sequences first..first+count-1 in order: done when the last one arrived.
// The emulator answers once it has compressed the whole round, just before sending it: the wall clock starts at the
// answer, so it times this client's reading and not the producer (the CPU clock runs from before the request, as
// Cortex's does; waiting costs no CPU).
async function start(count, measure) {
  goal = Infinity;
  if (measure) {
    measuring = true;
    cpu0 = process.cpuUsage();
  }
  const first = await firehose(session, count);
  if (measure) wall0 = process.hrtime.bigint();
  goal = first + count - 1;
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
