namespace Cortex.Emulator.Chat;

/// <summary>
/// The chat page's script for the surfaces beyond text (served at <c>/chat/surfaces.js</c>): threads
/// and the DM with the bot in the channel list, attachments, reactions, select menus (their values sent
/// as the app's MESSAGE_COMPONENT interaction), modals opened by the app (<see cref="ChatModal"/>), a "start thread"
/// action on messages, and the typing indicator. It draws what the world holds; the page calls it.
/// </summary>
public static class ChatSurfaces
{
    public const string Path = "/chat/surfaces.js";

    public const string Script = """
(() => {
const style = document.createElement("style");
style.textContent = `
  .attachments { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
  .attachments img { max-width: 240px; max-height: 180px; border-radius: 4px; }
  .attachments a { color: #00a8fc; }
  .reactions { display: flex; gap: 4px; margin: 2px 0; }
  .reaction { background: #2b2d31; border: 1px solid #3f4147; border-radius: 8px; padding: 0 6px; font-size: 13px; }
  .reaction.me { border-color: #5865f2; background: rgba(88, 101, 242, .15); }
  .components select { background: #1e1f22; color: #dbdee1; border: 1px solid #111; border-radius: 4px; padding: 6px; min-width: 220px; }
  .message .start-thread { visibility: hidden; margin-left: 8px; font-size: 11px; background: none; border: 0; color: #949ba4; cursor: pointer; }
  .message:hover .start-thread { visibility: visible; }
  .thread-link { font-size: 12px; color: #00a8fc; }
  #typing { margin: 0 12px; min-height: 1em; font-size: 12px; color: #949ba4; font-style: italic; }
`;
document.head.append(style);

const threadTypes = new Set([10, 11, 12]);
const typing = new Map();
let dm = null;
const name = u => u.global_name || u.username;

// Text channels by position, each followed by its threads, then the DM with the bot.
function channelOptions(g) {
  const channels = g.channels.filter(c => !threadTypes.has(c.type)).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const options = [];
  for (const c of channels) {
    options.push([c.id, "#" + c.name]);
    for (const t of g.channels.filter(t => threadTypes.has(t.type) && t.parent_id === c.id)) {
      options.push([t.id, "\u00a0\u00a0↳ " + t.name + (t.type === 12 ? " (private thread)" : " (thread)")]);
    }
  }
  if (dm) options.push([dm.id, "@" + name(dm.recipients[0]) + " ↔ Cortex (direct message)"]);
  return options;
}

async function userChanged(userId) {
  const response = await fetch("/chat/api/dms", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user_id: userId }) });
  dm = response.ok ? await response.json() : null;
}

function decorate(div, message) {
  const files = message.attachments || [];
  if (files.length) {
    const box = document.createElement("div"); box.className = "attachments";
    for (const a of files) {
      if ((a.content_type || "").startsWith("image/")) { const img = document.createElement("img"); img.src = a.url; img.alt = a.filename; box.append(img); }
      else { const link = document.createElement("a"); link.href = a.url; link.target = "_blank"; link.textContent = "📎 " + a.filename + " (" + a.size + " bytes)"; box.append(link); }
    }
    div.append(box);
  }
  const reactions = message.reactions || [];
  if (reactions.length) {
    const box = document.createElement("div"); box.className = "reactions";
    for (const r of reactions) {
      const chip = document.createElement("span"); chip.className = "reaction" + (r.me ? " me" : "");
      chip.textContent = (r.emoji.id ? ":" + r.emoji.name + ":" : r.emoji.name) + " " + r.count;
      box.append(chip);
    }
    div.append(box);
  }
  for (const row of message.components || []) {
    const menus = (row.components || []).filter(c => [3, 5, 6, 7, 8].includes(c.type));
    if (!menus.length) continue;
    const bar = document.createElement("div"); bar.className = "components";
    for (const c of menus) bar.append(selectMenu(message, c));
    div.append(bar);
  }
  if (message.guild_id && !threadTypes.has(channelType(message.channel_id))) {
    const button = document.createElement("button"); button.className = "start-thread"; button.textContent = "🧵 Start thread";
    button.addEventListener("click", () => startThread(message));
    div.querySelector(".content")?.after(button);
  }
  if (message.thread) {
    const link = document.createElement("div"); link.className = "thread-link"; link.textContent = "↳ thread: " + message.thread.name; div.append(link);
  }
}

function selectMenu(message, c) {
  const select = document.createElement("select");
  select.dataset.customId = c.custom_id;
  select.multiple = (c.max_values || 1) > 1;
  select.disabled = !!c.disabled;
  if (!select.multiple) select.add(new Option(c.placeholder || "Make a selection", ""));
  for (const o of c.options || []) select.add(new Option(o.label, o.value, false, !!o.default));
  if (c.type !== 3) select.add(new Option("(" + ({ 5: "users", 6: "roles", 7: "users and roles", 8: "channels" })[c.type] + " of this server)", ""));
  const chosen = () => [...select.selectedOptions].map(o => o.value).filter(Boolean);
  if (!select.multiple) {
    select.addEventListener("change", () => { if (chosen().length) window.chatClick(message, c.custom_id, chosen()); });
    return select;
  }
  // A multi-select is submitted when the user is done choosing, as Discord's client does on closing it.
  const box = document.createElement("span");
  const submit = document.createElement("button"); submit.className = "submit-select style-1"; submit.textContent = "Choose";
  submit.disabled = select.disabled;
  submit.addEventListener("click", () => window.chatClick(message, c.custom_id, chosen()));
  box.append(select, submit);
  return box;
}

function channelType(id) {
  for (const g of window.chatSnapshot()?.guilds || []) { const c = g.channels.find(x => x.id === id); if (c) return c.type; }
  return 1;
}

async function startThread(message) {
  const threadName = prompt("Thread name", message.content.slice(0, 40) || "thread");
  if (!threadName) return;
  const response = await fetch("/chat/api/threads", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ channel_id: message.channel_id, message_id: message.id, user_id: document.getElementById("user").value, name: threadName }),
  });
  if (!response.ok) { const e = await response.json().catch(() => ({})); document.getElementById("error").textContent = e.detail || e.title || response.statusText; }
}

function drawTyping() {
  const channel = document.getElementById("channel").value, now = Date.now();
  const names = [...typing.entries()].filter(([, t]) => t.channel === channel && t.until > now).map(([, t]) => t.name);
  document.getElementById("typing").textContent = names.length ? names.join(", ") + (names.length > 1 ? " are" : " is") + " typing…" : "";
}
setInterval(drawTyping, 1000);

// Dispatches the page does not draw itself; true when one changes what the page shows.
function onDispatch(t, d) {
  if (t === "TYPING_START") {
    const member = (window.chatSnapshot()?.guilds || []).flatMap(g => g.members).find(m => m.user.id === d.user_id);
    typing.set(d.user_id + ":" + d.channel_id, { channel: d.channel_id, name: member ? name(member.user) : "someone", until: Date.now() + 10000 });
    drawTyping();
    return "none";
  }
  if (t === "MESSAGE_CREATE" || t === "MESSAGE_UPDATE") { for (const [key, v] of typing) if (v.channel === d.channel_id && key.startsWith(d.author.id + ":")) typing.delete(key); drawTyping(); }
  if (t.startsWith("MESSAGE_REACTION_")) return d.channel_id === document.getElementById("channel").value ? "messages" : "none";
  if (t === "INTERACTION_MODAL") { window.chatModal.open(d); return "none"; }
  if (t === "THREAD_CREATE" || t === "THREAD_UPDATE" || t === "CHANNEL_CREATE" || t === "CHANNEL_UPDATE") return "snapshot";
  return "none";
}

window.surfaces = { channelOptions, userChanged, decorate, onDispatch };
})();
""";
}
