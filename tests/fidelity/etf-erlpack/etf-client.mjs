// A raw gateway client speaking ETF, decoding every frame the Cortex emulator sends with erlpack
// (0.1.4, Discord's own ETF library, a native addon) and encoding its own frames with it: HELLO,
// IDENTIFY, READY, the GUILD_CREATEs, a heartbeat and its ACK, a MESSAGE_CREATE with a nonce, a thread.
// Snowflakes must arrive as integers that erlpack turns into decimal strings; custom ids as strings.
// Prints one JSON line per step; exits 0 only when every frame decoded. Run by Cortex.Tests
// (ErlpackFidelityTests).
//
// Environment: EMULATOR_URL (http://127.0.0.1:port), BOT_TOKEN, CHANNEL_ID, AUTHOR_ID.
import { createRequire } from 'node:module';
import WebSocket from 'ws';

const erlpack = createRequire(import.meta.url)('erlpack');
const base = process.env.EMULATOR_URL;
const { BOT_TOKEN: token, CHANNEL_ID: channelId, AUTHOR_ID: authorId } = process.env;

const log = (step, detail = {}) => console.log(JSON.stringify({ step, ...detail }));
const fail = (message) => {
  log('failed', { message: String(message?.stack ?? message) });
  process.exit(1);
};
setTimeout(() => fail('timed out after 30 s'), 30_000).unref();

async function control(path, body) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) fail(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function rest(path, body) {
  const response = await fetch(`${base}/api/v10${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bot ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) fail(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const socket = new WebSocket(`${base.replace('http', 'ws')}/gateway?v=10&encoding=etf`);
let frames = 0;
let sequence = null;
let guildCreates = 0;
const seen = {};
const send = (payload) => socket.send(erlpack.pack(payload));

socket.on('message', async (data, isBinary) => {
  if (!isBinary) fail('a text frame on an ETF connection');
  let payload;
  try {
    payload = erlpack.unpack(data);
  } catch (error) {
    fail(`erlpack could not decode frame ${frames + 1}: ${error.message}`);
  }

  frames++;
  if (payload.s !== null && payload.s !== undefined) sequence = payload.s;
  try {
    await handle(payload);
  } catch (error) {
    fail(error);
  }
});
socket.on('close', (code) => fail(`closed with ${code}`));

async function handle({ op, t, d }) {
  if (op === 10) {
    log('hello', { heartbeat_interval: d.heartbeat_interval });
    send({ op: 2, d: { token, intents: (1 << 0) | (1 << 9) | (1 << 15), properties: { os: 'linux', browser: 'erlpack', device: 'erlpack' } } });
  } else if (op === 11) {
    seen.ack = true;
  } else if (t === 'READY') {
    log('ready', { user: d.user.id, idType: typeof d.user.id, session: typeof d.session_id, guilds: d.guilds.length });
    seen.readyGuilds = d.guilds.length;
  } else if (t === 'GUILD_CREATE') {
    guildCreates++;
    if (typeof d.id !== 'string' || typeof d.owner_id !== 'string') fail(`GUILD_CREATE ids not snowflake strings: ${typeof d.id}`);
    if (guildCreates === seen.readyGuilds) {
      log('guilds', { count: guildCreates, channelIdType: typeof d.channels[0].id, roles: d.roles.length });
      send({ op: 1, d: sequence });
      await control('/control/messages', { channel_id: channelId, author_id: authorId, content: 'etf hello' });
      await rest(`/channels/${channelId}/messages`, {
        content: 'etf reply',
        nonce: 'etf-nonce',
        components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Press', custom_id: '12345' }] }],
      });
    }
  } else if (t === 'MESSAGE_CREATE' && d.content === 'etf hello') {
    seen.user = { id: typeof d.id, author: typeof d.author.id, member: d.member !== undefined };
  } else if (t === 'MESSAGE_CREATE' && d.content === 'etf reply') {
    const customId = d.components[0].components[0].custom_id;
    seen.bot = { nonce: d.nonce, customId, customIdType: typeof customId };
    await rest(`/channels/${channelId}/messages/${d.id}/threads`, { name: 'etf thread' });
  } else if (t === 'THREAD_CREATE') {
    log('thread', { id: typeof d.id, parent: d.parent_id, type: d.type, archived: d.thread_metadata.archived });
    if (!seen.ack) await new Promise((resolve) => setTimeout(resolve, 200));
    log('done', { frames, user: seen.user, bot: seen.bot, ack: seen.ack === true });
    socket.removeAllListeners('close');
    socket.close(1000);
    process.exit(seen.user && seen.bot && seen.ack ? 0 : 1);
  }
}
