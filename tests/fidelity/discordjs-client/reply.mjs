// The full discord.js Client (14.28.1) against the Cortex emulator, used the way a bot uses it:
// log in (REST /gateway/bot, then the gateway), fill its cache from READY and GUILD_CREATE, receive a
// person's message, reply to it, start a thread from it and talk there, and compute its own
// permissions in a channel with an overwrite. Prints one JSON line per step; exits 0 only when all
// happened. Run by Cortex.Tests (DiscordJsClientFidelityTests).
//
// Environment: EMULATOR_URL (http://127.0.0.1:port), BOT_TOKEN, GUILD_ID, CHANNEL_ID, AUTHOR_ID.
import { Client, Events, GatewayIntentBits, PermissionsBitField } from 'discord.js';

const base = process.env.EMULATOR_URL;
const { BOT_TOKEN: token, GUILD_ID: guildId, CHANNEL_ID: channelId, AUTHOR_ID: authorId } = process.env;

const log = (step, detail = {}) => console.log(JSON.stringify({ step, ...detail }));
const fail = (message) => {
  log('failed', { message: String(message?.stack ?? message) });
  process.exit(1);
};
setTimeout(() => fail('timed out after 40 s'), 40_000).unref();
process.on('unhandledRejection', fail);

async function control(method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) fail(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.GuildMembers],
  rest: { api: `${base}/api` },
});

const waitFor = (event, match) => new Promise((resolve) => {
  const listener = (...args) => {
    if (match(...args)) {
      client.off(event, listener);
      resolve(args[0]);
    }
  };
  client.on(event, listener);
});

client.once(Events.ClientReady, async (ready) => {
  try {
    const guild = ready.guilds.cache.get(guildId) ?? fail(`guild ${guildId} not in the cache`);
    const channel = guild.channels.cache.get(channelId) ?? fail(`channel ${channelId} not in the cache`);
    log('ready', { user: ready.user.username, guilds: ready.guilds.cache.size, channels: guild.channels.cache.size });

    // A person writes; the bot sees it and replies (a reply: message_reference) with a nonce.
    const received = waitFor(Events.MessageCreate, (m) => m.content === 'hello discord.js' && !m.author.bot);
    await control('POST', '/control/messages', { channel_id: channelId, author_id: authorId, content: 'hello discord.js' });
    const message = await received;
    log('received', { author: message.author.username, guild: message.guildId, member: message.member?.id ?? null });

    const replyEvent = waitFor(Events.MessageCreate, (m) => m.author.id === ready.user.id && m.content === 'pong from discord.js');
    const reply = await message.reply({ content: 'pong from discord.js', nonce: 'djs-nonce-1', enforceNonce: true });
    const echoed = await replyEvent;
    log('replied', { id: reply.id, reference: reply.reference?.messageId ?? null, nonce: echoed.nonce ?? null, type: reply.type });

    // A thread from the person's message, and a message in it.
    const threadCreated = waitFor(Events.ThreadCreate, (t) => t.id === message.id);
    const thread = await message.startThread({ name: 'discord.js thread', autoArchiveDuration: 60 });
    await threadCreated;
    const inThread = waitFor(Events.MessageCreate, (m) => m.channelId === thread.id);
    await thread.send('in the thread');
    const threadMessage = await inThread;
    log('thread', { id: thread.id, type: thread.type, parent: thread.parentId, inThread: threadMessage.channel.isThread() });

    // An overwrite denying the bot's role Send Messages: discord.js computes the same as the emulator.
    const botRole = guild.members.me.roles.highest;
    const updated = waitFor(Events.ChannelUpdate, (_, after) => after.id === channelId && after.permissionOverwrites.cache.has(botRole.id));
    await control('PUT', `/control/channels/${channelId}/permissions/${botRole.id}`, { type: 0, deny: String(PermissionsBitField.Flags.SendMessages) });
    await updated;
    const computed = channel.permissionsFor(guild.members.me);
    const emulator = await control('GET', `/control/channels/${channelId}/permissions/users/${ready.user.id}`);
    log('permissions', { discordjs: computed.bitfield.toString(), emulator: emulator.permissions, canSend: computed.has(PermissionsBitField.Flags.SendMessages) });

    let refused = null;
    try {
      await channel.send('should be refused');
    } catch (error) {
      refused = { status: error.status, code: error.code };
    }
    log('done', { refused });
    await client.destroy();
    process.exit(0);
  } catch (error) {
    fail(error);
  }
});

client.login(token).catch(fail);
