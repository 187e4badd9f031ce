// @discordjs/rest, unmodified, against the Cortex emulator: send a message, meet a 429, and a
// burst past a bucket. Prints one JSON line for the xunit test to check.
import { REST } from '@discordjs/rest';

const { EMULATOR_URL, BOT_TOKEN, CHANNEL_ID } = process.env;
const rest = new REST({ api: `${EMULATOR_URL}/api`, version: '10', timeout: 15_000 }).setToken(BOT_TOKEN);

const statuses = [];
const limited = [];
rest.on('response', (_request, response) => statuses.push(response.status));
rest.on('rateLimited', (info) => limited.push({ global: info.global, scope: info.scope, retryAfter: info.retryAfter }));

async function queue429(scope, retryAfter) {
  const response = await fetch(`${EMULATOR_URL}/control/rest/limits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scope, retry_after: retryAfter, count: 1 }),
  });
  if (!response.ok) throw new Error(`control API answered ${response.status}`);
}

const send = (content) => rest.post(`/channels/${CHANNEL_ID}/messages`, { body: { content } });

const first = await send('hello from @discordjs/rest');

await queue429('user', 0.4);
let started = Date.now();
const afterUser429 = await send('after a user 429');
const waitedUser = Date.now() - started;

await queue429('global', 0.4);
started = Date.now();
const afterGlobal429 = await send('after a global 429');
const waitedGlobal = Date.now() - started;

// Seven more in a bucket of 5 per window: the client must wait on the headers, not hit a 429.
const before = statuses.filter((s) => s === 429).length;
const burst = await Promise.all(Array.from({ length: 7 }, (_, i) => send(`burst ${i}`)));
const burst429s = statuses.filter((s) => s === 429).length - before;

console.log(JSON.stringify({
  first: { id: first.id, content: first.content, author: first.author.username },
  afterUser429: afterUser429.content,
  waitedUser,
  afterGlobal429: afterGlobal429.content,
  waitedGlobal,
  burst: burst.length,
  burst429s,
  statuses,
  limited,
}));
