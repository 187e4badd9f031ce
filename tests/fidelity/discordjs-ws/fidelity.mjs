// Connects the real @discordjs/ws client to the Cortex emulator and walks it through the gateway's
// life: GET /gateway/bot, IDENTIFY, READY, the GUILD_CREATEs, an injected MESSAGE_CREATE, a dropped
// connection resumed with the missed message replayed, all over zlib-stream. Prints one JSON line
// per step; exits 0 only when every step happened. Run by Cortex.Tests (DiscordJsFidelityTests).
//
// Environment: EMULATOR_URL (http://127.0.0.1:port), BOT_TOKEN, GUILD_IDS (comma-separated),
// CHANNEL_ID and AUTHOR_ID (where to post the injected messages), DROP (close code, or "abort").
import { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';

const base = process.env.EMULATOR_URL;
const token = process.env.BOT_TOKEN;
const expectedGuilds = new Set((process.env.GUILD_IDS ?? '').split(',').filter(Boolean));
const channelId = process.env.CHANNEL_ID;
const authorId = process.env.AUTHOR_ID;
const drop = process.env.DROP ?? '4000';

const log = (step, detail = {}) => console.log(JSON.stringify({ step, ...detail }));
const fail = (message) => {
  log('failed', { message });
  process.exit(1);
};
setTimeout(() => fail('timed out after 30 s'), 30_000).unref();

async function control(path, body) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) fail(`${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const rest = new REST({ api: `${base}/api`, version: '10' }).setToken(token);
const manager = new WebSocketManager({
  token,
  rest,
  intents: (1 << 0) | (1 << 9) | (1 << 15),
  compression: CompressionMethod.ZlibNative,
});

const seenGuilds = new Set();
const contents = [];
let readySession = null;
let phase = 'identify';

manager.on(WebSocketShardEvents.Error, (error) => fail(`shard error: ${error.message}`));
manager.on(WebSocketShardEvents.Dispatch, async (payload, shardId) => {
  switch (payload.t) {
    case 'READY':
      readySession = payload.d.session_id;
      log('ready', { shardId, session: readySession, guilds: payload.d.guilds.length, resume_gateway_url: payload.d.resume_gateway_url });
      break;
    case 'GUILD_CREATE':
      seenGuilds.add(payload.d.id);
      log('guild_create', { id: payload.d.id, name: payload.d.name, members: payload.d.member_count });
      if (phase === 'identify' && [...expectedGuilds].every((id) => seenGuilds.has(id))) {
        phase = 'message';
        await control('/control/messages', { channel_id: channelId, author_id: authorId, content: 'live message' });
      }
      break;
    case 'MESSAGE_CREATE':
      contents.push(payload.d.content);
      log('message_create', { s: payload.s, content: payload.d.content });
      if (payload.d.content === 'live message' && phase === 'message') {
        phase = 'drop';
        const connections = await control('/control/gateway/connections');
        const mine = connections.find((c) => c.session_id === readySession);
        if (!mine) fail('the emulator does not list this session');
        await control(`/control/gateway/connections/${mine.id}/latency`, { milliseconds: 200 });
        await control(`/control/gateway/connections/${mine.id}/close`, drop === 'abort' ? { abort: true } : { code: Number(drop) });
        // Posted while the client is away: it must come back in the RESUME replay.
        await control('/control/messages', { channel_id: channelId, author_id: authorId, content: 'missed message' });
        log('dropped', { connection: mine.id, how: drop });
      }
      break;
    case 'RESUMED':
      log('resumed', { s: payload.s });
      phase = 'resumed';
      break;
    default:
      break;
  }

  if (phase === 'resumed' && contents.includes('missed message')) {
    const connections = await control('/control/gateway/connections');
    const resumedOn = connections.find((c) => c.session_id === readySession);
    if (!resumedOn?.via_resume_url) fail('the client did not reconnect to resume_gateway_url');
    log('done', { session: readySession, messages: contents });
    await manager.destroy({ code: 1000 });
    process.exit(0);
  }
});

const gatewayBot = await rest.get('/gateway/bot');
log('gateway_bot', gatewayBot);
await manager.connect();
