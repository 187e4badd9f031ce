namespace Cortex.Emulator.Chat;

/// <summary>
/// The chat page's modal (served at <c>/chat/modal.js</c>): when the app answers an interaction with a
/// modal (callback type 9) the invoker sees it as a dialog of text inputs, each in a label or an action
/// row as Discord lays them out; submitting it sends the values back as a MODAL_SUBMIT interaction.
/// </summary>
public static class ChatModal
{
    public const string Path = "/chat/modal.js";

    public const string Script = """
(() => {
const style = document.createElement("style");
style.textContent = `
  dialog#modal { background: #313338; color: #dbdee1; border: 0; border-radius: 8px; width: 440px; padding: 16px; }
  dialog#modal::backdrop { background: rgba(0, 0, 0, .7); }
  dialog#modal h2 { margin: 0 0 12px; font-size: 18px; }
  dialog#modal .field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }
  dialog#modal .hint { font-size: 12px; color: #949ba4; }
  dialog#modal textarea { min-height: 80px; background: #1e1f22; color: #dbdee1; border: 1px solid #111; border-radius: 4px; padding: 6px; }
  dialog#modal .actions { display: flex; justify-content: flex-end; gap: 8px; }
  dialog#modal .actions button { border: 0; border-radius: 3px; padding: 8px 16px; color: white; cursor: pointer; background: #4e5058; }
  dialog#modal .actions button[type=submit] { background: #5865f2; }
  dialog#modal .modal-error { color: #f23f43; font-size: 13px; min-height: 1em; }
`;
document.head.append(style);

// Discord lays a text input out in a label (type 18: label and description on the label) or, the older
// way, alone in an action row (label on the input). Style 2 is a paragraph.
function field(holder) {
  const input = holder.type === 18 ? holder.component : holder.components[0];
  const box = document.createElement("div"); box.className = "field";
  const label = document.createElement("label"); label.textContent = (holder.type === 18 ? holder.label : input.label) || input.custom_id;
  const control = document.createElement(input.style === 2 ? "textarea" : "input");
  control.id = label.htmlFor = "modal-" + input.custom_id;
  control.name = input.custom_id;
  control.required = input.required !== false;
  if (input.min_length) control.minLength = input.min_length;
  control.maxLength = input.max_length || 4000;
  if (input.placeholder) control.placeholder = input.placeholder;
  if (input.value) control.value = input.value;
  box.append(label);
  if (holder.type === 18 && holder.description) { const hint = document.createElement("span"); hint.className = "hint"; hint.textContent = holder.description; box.append(hint); }
  box.append(control);
  return box;
}

function open(d) {
  document.getElementById("modal")?.remove();
  const dialog = document.createElement("dialog"); dialog.id = "modal"; dialog.dataset.interactionId = d.interaction_id;
  // Discord judges the values (50035 shown below the inputs); the browser does not pre-empt it.
  const form = document.createElement("form"); form.noValidate = true;
  const title = document.createElement("h2"); title.textContent = d.data.title; form.append(title);
  for (const holder of d.data.components || []) form.append(field(holder));
  const error = document.createElement("div"); error.className = "modal-error"; form.append(error);
  const actions = document.createElement("div"); actions.className = "actions";
  const cancel = document.createElement("button"); cancel.type = "button"; cancel.textContent = "Cancel"; cancel.addEventListener("click", () => dialog.remove());
  const submit = document.createElement("button"); submit.type = "submit"; submit.textContent = "Submit";
  actions.append(cancel, submit); form.append(actions);
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const values = Object.fromEntries([...form.querySelectorAll("input, textarea")].map(c => [c.name, c.value]));
    try { await window.chatApi("/modal-submit", { interaction_id: d.interaction_id, values }); dialog.remove(); }
    catch (failure) { error.textContent = failure.message; }
  });
  dialog.append(form);
  document.body.append(dialog);
  dialog.showModal();
}

window.chatModal = { open };
})();
""";
}
