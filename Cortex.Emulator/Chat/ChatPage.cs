namespace Cortex.Emulator.Chat;

/// <summary>The chat page itself: one self-contained HTML document (no build step, no CDN).</summary>
public static class ChatPage
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cortex emulator · chat</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 220px 1fr 200px; height: 100vh; background: #313338; color: #dbdee1; }
  aside, main { display: flex; flex-direction: column; min-height: 0; }
  aside { background: #2b2d31; padding: 12px; gap: 8px; }
  label { font-size: 12px; text-transform: uppercase; color: #949ba4; }
  select, input { background: #1e1f22; color: #dbdee1; border: 1px solid #111; border-radius: 4px; padding: 6px; }
  #messages { flex: 1; overflow-y: auto; padding: 12px; }
  .message { padding: 4px 0; }
  .message .author { font-weight: 600; margin-right: 6px; }
  .message .bot { background: #5865f2; color: white; font-size: 10px; padding: 1px 4px; border-radius: 3px; margin-right: 6px; }
  .message.ephemeral { background: #3a3c42; border-left: 3px solid #5865f2; padding-left: 6px; }
  .message .note { font-size: 11px; color: #949ba4; }
  .message.loading .content::after { content: "Cortex is thinking…"; color: #949ba4; font-style: italic; }
  .embed { border-left: 4px solid #5865f2; background: #2b2d31; margin: 4px 0; padding: 6px 10px; border-radius: 4px; max-width: 520px; }
  .embed .title { font-weight: 700; }
  .embed .description { white-space: pre-line; }
  .mention { background: rgba(88, 101, 242, .3); color: #c9cdfb; border-radius: 3px; padding: 0 2px; }
  code { background: #1e1f22; border-radius: 3px; padding: 0 3px; font-size: 90%; }
  time { background: #3f4147; border-radius: 3px; padding: 0 2px; }
  .embed .field { display: inline-block; margin-right: 16px; }
  .embed .field .name { font-weight: 600; font-size: 12px; }
  .system { color: #f0b232; font-size: 13px; padding: 4px 0; }
  #composer { margin: 12px; padding: 10px; font-size: 15px; }
  #error { color: #f23f43; margin: 0 12px; min-height: 1em; font-size: 13px; }
  #members li.timed-out { color: #f23f43; }
  #members li.timed-out::after { content: " (timed out)"; font-size: 11px; }
  #commands { font-size: 12px; color: #949ba4; overflow-y: auto; }
  #commands li { cursor: pointer; padding: 2px 0; }
  #commands li:hover { color: #dbdee1; }
  .components { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
  .components button { border: 0; border-radius: 3px; padding: 6px 14px; color: white; cursor: pointer; font-size: 13px; }
  .components button.style-1 { background: #5865f2; } .components button.style-2 { background: #4e5058; }
  .components button.style-3 { background: #248046; } .components button.style-4 { background: #da373c; }
  .components button:disabled { opacity: .5; cursor: not-allowed; }
  ul { list-style: none; padding: 0; margin: 0; }
</style>
</head>
<body>
<aside>
  <label for="guild">Server</label><select id="guild"></select>
  <label for="channel">Channel</label><select id="channel"></select>
  <label for="user">Chat as</label><select id="user"></select>
  <label>Commands</label><ul id="commands"></ul>
</aside>
<main>
  <div id="messages" aria-live="polite"></div>
  <div id="typing" aria-live="polite"></div>
  <div id="error"></div>
  <input id="composer" placeholder="Message (@Cortex to mention the bot), or /command option:value" autocomplete="off">
</main>
<aside><label>Members</label><ul id="members"></ul></aside>
<script src="/chat/surfaces.js"></script>
<script src="/chat/modal.js"></script>
<script>
const $ = id => document.getElementById(id);
let snapshot = null, events = null;
const guild = () => snapshot.guilds.find(g => g.id === $("guild").value);
const userName = u => u.global_name || u.username;
window.chatSnapshot = () => snapshot;
window.chatClick = (message, customId, values) => click(message, customId, values);
window.chatApi = (path, body) => api(path, body);

// Discord's 50035 nests the reason under the field: {"errors": {"options": {"amount": {"_errors": [{"message": ...}]}}}}.
function firstFieldError(errors, path = "") {
  if (!errors || typeof errors !== "object") return "";
  if (Array.isArray(errors._errors) && errors._errors.length) return `: ${path ? path + ": " : ""}${errors._errors[0].message}`;
  for (const [key, value] of Object.entries(errors)) {
    const found = firstFieldError(value, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return "";
}

async function api(path, body) {
  const response = await fetch("/chat/api" + path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((json.message || json.detail || json.title || response.statusText) + firstFieldError(json.errors));
  return json;
}

function fill(select, items, keep) {
  const previous = keep ? select.value : null;
  select.innerHTML = "";
  for (const [value, text] of items) select.add(new Option(text, value));
  if (previous && items.some(([v]) => v === previous)) select.value = previous;
}

async function loadSnapshot() {
  snapshot = await api("/snapshot");
  if (!$("guild").options.length) fill($("guild"), snapshot.guilds.map(g => [g.id, g.name]), false);
  drawGuild(true);
}

function drawGuild(keep) {
  const g = guild();
  fill($("channel"), surfaces.channelOptions(g), keep);
  fill($("user"), g.members.filter(m => !m.user.bot).map(m => [m.user.id, userName(m.user)]), keep);
  $("members").innerHTML = "";
  for (const m of g.members) {
    const li = document.createElement("li");
    li.textContent = userName(m.user) + (m.user.bot ? " [bot]" : "");
    li.dataset.userId = m.user.id;
    if (m.timed_out_until && new Date(m.timed_out_until) > new Date()) li.classList.add("timed-out");
    $("members").append(li);
  }
  drawCommands();
}

const optionTypes = { 1: "subcommand", 2: "group", 3: "text", 4: "integer", 5: "true/false", 6: "user", 7: "channel", 8: "role", 9: "mentionable", 10: "number" };
function drawCommands() {
  $("commands").innerHTML = "";
  for (const c of guild().commands) {
    const li = document.createElement("li");
    li.dataset.command = c.name;
    li.title = c.description;
    li.textContent = "/" + c.name + (c.options || []).map(o => " " + o.name + ":" + (optionTypes[o.type] || "?") + (o.required ? "" : "?")).join("") + " — " + c.description;
    li.addEventListener("click", () => { $("composer").value = "/" + c.name + (c.options || []).filter(o => o.required).map(o => " " + o.name + ":").join(""); $("composer").focus(); });
    $("commands").append(li);
  }
}

function author(message) {
  if (!snapshot) return message.author.username;
  return userName(message.author);
}

// Discord's inline markdown, drawn as DOM nodes (never innerHTML, so message text cannot inject markup):
// **bold**, *italic* or _italic_, `code`, ~~strike~~, <t:unix:style> timestamps, and <@user>, <@&role>,
// <#channel> mentions shown by name as Discord's client shows them.
const inline = /\*\*(.+?)\*\*|`([^`]+)`|~~(.+?)~~|\*([^*\s](?:[^*]*[^*\s])?)\*|\b_([^_]+)_\b|<t:(-?\d+)(?::([tTdDfFR]))?>|<@!?(\d+)>|<@&(\d+)>|<#(\d+)>/g;
function markdown(text) {
  const out = document.createDocumentFragment();
  const node = (tag, child, className) => { const e = document.createElement(tag); e.append(child); if (className) e.className = className; return e; };
  let last = 0;
  text = text || "";
  for (const m of text.matchAll(inline)) {
    out.append(text.slice(last, m.index));
    const [, bold, code, strike, star, underscore, unix, style, user, role, channel] = m;
    if (bold !== undefined) out.append(node("strong", markdown(bold)));
    else if (code !== undefined) out.append(node("code", code));
    else if (strike !== undefined) out.append(node("s", markdown(strike)));
    else if (star !== undefined || underscore !== undefined) out.append(node("em", markdown(star ?? underscore)));
    else if (unix !== undefined) { const t = node("time", timestamp(Number(unix), style)); t.title = new Date(unix * 1000).toLocaleString(); out.append(t); }
    else if (user !== undefined) out.append(node("span", "@" + memberName(user), "mention"));
    else if (role !== undefined) out.append(node("span", "@role", "mention"));
    else out.append(node("span", "#" + channelName(channel), "mention"));
    last = m.index + m[0].length;
  }
  out.append(text.slice(last));
  return out;
}

function timestamp(unix, style) {
  const at = new Date(unix * 1000);
  if (style === "R") {
    const seconds = Math.round((at - Date.now()) / 1000), relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    for (const [unit, size] of [["day", 86400], ["hour", 3600], ["minute", 60]]) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
    return relative.format(seconds, "second");
  }
  if (style === "d" || style === "D") return at.toLocaleDateString();
  if (style === "t" || style === "T") return at.toLocaleTimeString();
  return at.toLocaleString();
}

const everyone = () => snapshot ? snapshot.guilds.flatMap(g => g.members) : [];
const memberName = id => { const m = everyone().find(x => x.user.id === id); return m ? userName(m.user) : id; };
const channelName = id => { const c = (snapshot ? snapshot.guilds.flatMap(g => g.channels) : []).find(x => x.id === id); return c ? c.name : id; };

// "@Cortex" typed in the composer becomes the <@id> mention Discord's client would send.
function withMentions(text) {
  for (const m of guild().members) text = text.replaceAll("@" + userName(m.user), "<@" + m.user.id + ">");
  return text;
}

function render(message, ephemeral) {
  const div = document.createElement("div");
  div.className = "message";
  div.dataset.id = message.id;
  if (ephemeral || (message.flags & 64)) div.classList.add("ephemeral");
  if (message.flags & 128) div.classList.add("loading");
  const name = document.createElement("span"); name.className = "author"; name.textContent = author(message); div.append(name);
  if (message.author.bot) { const tag = document.createElement("span"); tag.className = "bot"; tag.textContent = "BOT"; div.append(tag); }
  const content = document.createElement("span"); content.className = "content"; content.append(markdown(message.content)); div.append(content);
  for (const e of message.embeds || []) {
    const embed = document.createElement("div"); embed.className = "embed";
    if (e.color) embed.style.borderLeftColor = "#" + e.color.toString(16).padStart(6, "0");
    if (e.title) { const t = document.createElement("div"); t.className = "title"; t.textContent = e.title; embed.append(t); }
    if (e.description) { const d = document.createElement("div"); d.className = "description"; d.append(markdown(e.description)); embed.append(d); }
    for (const f of e.fields || []) {
      const field = document.createElement("div"); field.className = "field";
      const n = document.createElement("div"); n.className = "name"; n.textContent = f.name;
      const v = document.createElement("div"); v.className = "value"; v.append(markdown(f.value));
      field.append(n, v); embed.append(field);
    }
    div.append(embed);
  }
  for (const row of message.components || []) {
    const bar = document.createElement("div"); bar.className = "components";
    for (const c of row.components || []) {
      if (c.type !== 2) continue;
      const button = document.createElement("button");
      button.className = "style-" + (c.style || 1);
      button.textContent = c.label || c.custom_id;
      button.disabled = !!c.disabled;
      if (c.style === 5) button.addEventListener("click", () => window.open(c.url, "_blank"));
      else button.addEventListener("click", () => click(message, c.custom_id));
      bar.append(button);
    }
    div.append(bar);
  }
  surfaces.decorate(div, message);
  if (div.classList.contains("ephemeral")) { const note = document.createElement("div"); note.className = "note"; note.textContent = "Only you can see this"; div.append(note); }
  return div;
}

function upsert(message, ephemeral) {
  if (message.channel_id !== $("channel").value) return;
  const existing = document.querySelector(`.message[data-id="${message.id}"]`);
  const div = render(message, ephemeral);
  if (existing) existing.replaceWith(div); else $("messages").append(div);
  $("messages").scrollTop = $("messages").scrollHeight;
}

function system(text) {
  const div = document.createElement("div"); div.className = "system"; div.textContent = text; $("messages").append(div);
}

async function loadMessages() {
  $("messages").innerHTML = "";
  const messages = await api(`/channels/${$("channel").value}/messages?viewer=${$("user").value}`);
  for (const m of messages.reverse()) upsert(m, false);
}

function connect() {
  if (events) events.close();
  document.body.dataset.live = "false";
  events = new EventSource(`/chat/api/events?viewer=${$("user").value}`);
  events.addEventListener("ready", () => document.body.dataset.live = "true");
  events.addEventListener("dispatch", async e => {
    const { t, d, ephemeral } = JSON.parse(e.data);
    const effect = surfaces.onDispatch(t, d);
    if (effect === "snapshot") await loadSnapshot();
    else if (effect === "messages") await loadMessages();
    if (t === "MESSAGE_CREATE" || t === "MESSAGE_UPDATE") upsert(d, ephemeral);
    else if (t === "APPLICATION_COMMANDS_UPDATE") await loadSnapshot();
    else if (t === "MESSAGE_DELETE") document.querySelector(`.message[data-id="${d.id}"]`)?.remove();
    else if (t === "GUILD_MEMBER_UPDATE" && d.guild_id === $("guild").value) {
      const until = d.communication_disabled_until;
      system(until ? `${userName(d.user)} was timed out until ${new Date(until).toLocaleString()}` : `${userName(d.user)}'s timeout was lifted`);
      await loadSnapshot();
    } else if (t === "GUILD_BAN_ADD" && d.guild_id === $("guild").value) {
      system(`${userName(d.user)} was banned`);
      await loadSnapshot();
    }
  });
}

function parseCommand(text) {
  const [head, ...rest] = text.slice(1).trim().split(/\s+(?=[\w-]+:)/);
  const [name, ...loose] = head.split(/\s+/);
  const options = {};
  const command = guild().commands.find(c => c.name === name);
  for (const part of rest) { const i = part.indexOf(":"); options[part.slice(0, i)] = part.slice(i + 1); }
  // "/ask what is x" fills the first string option with the loose words.
  if (loose.length && command) { const first = (command.options || []).find(o => o.type === 3); if (first && !(first.name in options)) options[first.name] = loose.join(" "); }
  return { name, options };
}

async function click(message, customId, values) {
  $("error").textContent = "";
  try {
    await api("/components", { channel_id: message.channel_id, message_id: message.id, user_id: $("user").value, custom_id: customId, values });
  } catch (error) {
    $("error").textContent = error.message;
  }
}

async function send() {
  const text = $("composer").value.trim();
  if (!text) return;
  $("error").textContent = "";
  try {
    if (text.startsWith("/")) {
      const { name, options } = parseCommand(text);
      await api("/commands", { guild_id: $("guild").value, channel_id: $("channel").value, user_id: $("user").value, name, options });
    } else {
      await api("/messages", { channel_id: $("channel").value, user_id: $("user").value, content: withMentions(text) });
    }
    $("composer").value = "";
  } catch (error) {
    $("error").textContent = error.message;
  }
}

$("composer").addEventListener("keydown", e => { if (e.key === "Enter") send(); });
$("guild").addEventListener("change", async () => { drawGuild(false); connect(); await loadMessages(); });
$("channel").addEventListener("change", loadMessages);
$("user").addEventListener("change", async () => { await surfaces.userChanged($("user").value); drawGuild(true); connect(); await loadMessages(); });
(async () => { await loadSnapshot(); await surfaces.userChanged($("user").value); drawGuild(true); connect(); await loadMessages(); })();
</script>
</body>
</html>
""";
}
