// @discordjs/rest, unmodified, calls every route Cortex added for issue 16 against the Cortex emulator:
// messages (get, edit, bulk delete, typing, files), reactions (own and others'), channels (create, modify a
// thread), roles, DMs, kick, bans, the audit
// log, and an interaction's original response and follow-ups (with a file). Every call's status, Discord
// error code and rate-limit headers are recorded; one JSON line goes to stdout for the xunit test.
import { REST, DiscordAPIError } from '@discordjs/rest';

const { EMULATOR_URL, BOT_TOKEN, GUILD_ID, CHANNEL_ID, LOCKED_GUILD_ID, ADA_ID } = process.env;
const rest = new REST({ api: `${EMULATOR_URL}/api`, version: '10', timeout: 15_000 }).setToken(BOT_TOKEN);

const headers = [];
rest.on('response', (request, response) => {
  const h = (name) => response.headers.get(name);
  headers.push({
    route: `${request.method} ${request.route}`,
    status: response.status,
    limit: h('x-ratelimit-limit'),
    remaining: h('x-ratelimit-remaining'),
    reset: h('x-ratelimit-reset'),
    resetAfter: h('x-ratelimit-reset-after'),
    bucket: h('x-ratelimit-bucket'),
  });
});

const results = {};
async function step(name, call, pick = (body) => body) {
  try {
    results[name] = { ok: true, body: pick(await call()) };
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    results[name] = { ok: false, status: error.status, code: error.code, message: error.rawError?.message, errors: error.rawError?.errors };
  }
}

async function control(path, body) {
  const response = await fetch(`${EMULATOR_URL}/control${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const emoji = encodeURIComponent('🔥');
const message = await rest.post(`/channels/${CHANNEL_ID}/messages`, { body: { content: 'from discord.js' } });
await step('getMessage', () => rest.get(`/channels/${CHANNEL_ID}/messages/${message.id}`), (m) => m.content);
await step('getUnknownMessage', () => rest.get(`/channels/${CHANNEL_ID}/messages/1`));
await step('editMessage', () => rest.patch(`/channels/${CHANNEL_ID}/messages/${message.id}`, { body: { content: 'edited by discord.js' } }), (m) => ({ content: m.content, edited: m.edited_timestamp !== null }));
await step('typing', () => rest.post(`/channels/${CHANNEL_ID}/typing`), () => 'ok');
await step('react', () => rest.put(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/${emoji}/@me`), () => 'ok');
await step('getReactions', () => rest.get(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/${emoji}`), (users) => users.map((u) => u.username));
await step('unreact', () => rest.delete(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/${emoji}/@me`), () => 'ok');
await step('badEmoji', () => rest.put(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/fire/@me`));
await rest.put(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/${emoji}/@me`);
await step('unreactUser', () => rest.delete(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/${emoji}/${ADA_ID}`), () => 'ok');
await step('unreactEmoji', () => rest.delete(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/${emoji}`), () => 'ok');
await rest.put(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions/${emoji}/@me`);
await step('unreactAll', () => rest.delete(`/channels/${CHANNEL_ID}/messages/${message.id}/reactions`), () => 'ok');
await step('reactionsCleared', () => rest.get(`/channels/${CHANNEL_ID}/messages/${message.id}`), (m) => (m.reactions ?? []).length);

const a = await rest.post(`/channels/${CHANNEL_ID}/messages`, { body: { content: 'a' } });
const b = await rest.post(`/channels/${CHANNEL_ID}/messages`, { body: { content: 'b' } });
await step('bulkDelete', () => rest.post(`/channels/${CHANNEL_ID}/messages/bulk-delete`, { body: { messages: [a.id, b.id] }, reason: 'tidy' }), () => 'ok');
await step('bulkDeleteOne', () => rest.post(`/channels/${CHANNEL_ID}/messages/bulk-delete`, { body: { messages: [message.id] } }));

await step('upload', () => rest.post(`/channels/${CHANNEL_ID}/messages`, {
  body: { content: 'with a file', attachments: [{ id: 0, description: 'notes' }] },
  files: [{ name: 'notes.txt', data: Buffer.from('hello file'), contentType: 'text/plain' }],
}), (m) => m.attachments.map((x) => ({ filename: x.filename, size: x.size, description: x.description, url: x.url })));
if (results.upload.ok) {
  results.uploadServed = await (await fetch(results.upload.body[0].url)).text();
}

await step('getChannel', () => rest.get(`/channels/${CHANNEL_ID}`), (c) => ({ name: c.name, type: c.type }));
await step('getUnknownChannel', () => rest.get('/channels/1'));
await step('guildChannels', () => rest.get(`/guilds/${GUILD_ID}/channels`), (cs) => cs.map((c) => c.name));
await step('guildRoles', () => rest.get(`/guilds/${GUILD_ID}/roles`), (rs) => rs.map((r) => r.name));
await step('dm', () => rest.post('/users/@me/channels', { body: { recipient_id: ADA_ID } }), (c) => ({ type: c.type, recipient: c.recipients[0].id }));
await step('createChannel', () => rest.post(`/guilds/${GUILD_ID}/channels`, { body: { name: 'djs' } }));
const thread = await rest.post(`/channels/${CHANNEL_ID}/threads`, { body: { name: 'djs thread', type: 11 } });
await step('archiveThread', () => rest.patch(`/channels/${thread.id}`, { body: { archived: true } }), (t) => t.thread_metadata.archived);
await step('renameArchived', () => rest.patch(`/channels/${thread.id}`, { body: { name: 'nope' } }));
await step('dmUnknown', () => rest.post('/users/@me/channels', { body: { recipient_id: '1' } }));

const kicked = await control('/users', { username: 'djs_kicked' });
await control(`/guilds/${GUILD_ID}/members`, { user_id: kicked.id });
const banned = await control('/users', { username: 'djs_banned' });
await control(`/guilds/${GUILD_ID}/members`, { user_id: banned.id });
await step('kick', () => rest.delete(`/guilds/${GUILD_ID}/members/${kicked.id}`, { reason: 'kicked by discord.js' }), () => 'ok');
await step('kickLocked', () => rest.delete(`/guilds/${LOCKED_GUILD_ID}/members/${ADA_ID}`));
await step('ban', () => rest.put(`/guilds/${GUILD_ID}/bans/${banned.id}`, { body: { delete_message_seconds: 0 }, reason: 'banned by discord.js' }), () => 'ok');
await step('getBan', () => rest.get(`/guilds/${GUILD_ID}/bans/${banned.id}`), (ban) => ({ reason: ban.reason, user: ban.user.id }));
await step('unban', () => rest.delete(`/guilds/${GUILD_ID}/bans/${banned.id}`), () => 'ok');
await step('getBanLifted', () => rest.get(`/guilds/${GUILD_ID}/bans/${banned.id}`));
await step('auditLog', () => rest.get(`/guilds/${GUILD_ID}/audit-logs`, { query: new URLSearchParams({ limit: '10' }) }),
  (log) => log.audit_log_entries.map((e) => ({ action: e.action_type, target: e.target_id, reason: e.reason ?? null })));
await step('auditLogLocked', () => rest.get(`/guilds/${LOCKED_GUILD_ID}/audit-logs`));

const app = await rest.get('/applications/@me');
await rest.put(`/applications/${app.id}/guilds/${GUILD_ID}/commands`, { body: [{ name: 'djs', description: 'discord.js fidelity' }] });
const interaction = await control('/interactions', { guild_id: GUILD_ID, channel_id: CHANNEL_ID, user_id: ADA_ID, name: 'djs' });
const hook = `/webhooks/${app.id}/${interaction.token}`;
await step('callback', () => rest.post(`/interactions/${interaction.id}/${interaction.token}/callback`, {
  auth: false, body: { type: 4, data: { content: 'answer', attachments: [{ id: 0 }] } }, files: [{ name: 'answer.txt', data: Buffer.from('42') }],
}), () => 'ok');
await step('getOriginal', () => rest.get(`${hook}/messages/@original`, { auth: false }), (m) => ({ content: m.content, files: m.attachments.map((x) => x.filename) }));
const followup = await rest.post(hook, { auth: false, body: { content: 'follow-up' } });
await step('getFollowup', () => rest.get(`${hook}/messages/${followup.id}`, { auth: false }), (m) => m.content);
await step('editFollowup', () => rest.patch(`${hook}/messages/${followup.id}`, { auth: false, body: { content: 'follow-up, edited' } }), (m) => m.content);
await step('deleteFollowup', () => rest.delete(`${hook}/messages/${followup.id}`, { auth: false }), () => 'ok');
await step('getDeletedFollowup', () => rest.get(`${hook}/messages/${followup.id}`, { auth: false }));

console.log(JSON.stringify({ results, headers }));
