// The administration forms: each field shows the server's problem+json message for it, the form
// the rest, and nothing typed is ever lost (a form is never rebuilt on an error, only annotated).
import { ApiError } from "./api.js";
import { h, mount, describe } from "./dom.js";

/**
 * A labelled field whose messages go beside it. `name` is the body path the server names in a
 * problem's `errors[].field` (e.g. `name`, `labels.2.color`).
 */
export function field(label, input, name) {
  input.dataset.field = name;
  if (!input.id) input.id = `field-${name.replace(/[^a-z0-9]+/gi, "-")}`;
  return h(
    "div",
    { class: "field" },
    h("label", { for: input.id }, label),
    input,
    h("span", { class: "field-error", role: "alert", dataset: { errorFor: name } }),
  );
}

/** The form-level message slot (for what names no field). */
export function formMessage() {
  return h("p", { class: "form-message error", role: "alert" });
}

/** Remove every message from `form`. */
export function clearProblem(form) {
  for (const node of form.querySelectorAll("[data-error-for]")) node.textContent = "";
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  const message = form.querySelector(".form-message");
  if (message) message.textContent = "";
}

/**
 * Show `error` on `form`: each field error beside its field (the closest named ancestor path,
 * so `labels.2` lands on the label row's first field when the row has no slot of its own), the
 * rest in the form's message. `prefix` maps a request's fields onto the form's (a label's PATCH
 * names `name`; the form calls it `labels.3.name`), or a function of the request's field.
 */
export function showProblem(form, error, prefix = "") {
  const rename = typeof prefix === "function" ? prefix : (name) => prefix + name;
  const message = form.querySelector(".form-message");
  const errors = (error instanceof ApiError && error.problem && error.problem.errors) || [];
  const unplaced = [];
  for (const { field: name, message: text } of errors) {
    const slot = slotFor(form, rename(name));
    if (!slot) {
      unplaced.push(`${name}: ${text}`);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent}; ${text}` : text;
    const input = form.querySelector(`[data-field="${CSS.escape(slot.dataset.errorFor)}"]`);
    if (input) input.setAttribute("aria-invalid", "true");
  }
  if (message) {
    const title = error instanceof ApiError && error.problem ? error.problem.detail || error.problem.title : describe(error);
    if (!errors.length || unplaced.length) mount(message, [title, ...unplaced].filter(Boolean).join(" — "));
    else mount(message, "Not saved: see the fields marked below.");
  }
  const first = form.querySelector("[aria-invalid=true]");
  if (first) first.focus();
}

function slotFor(form, name) {
  let path = name;
  while (path) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
    if (slot) return slot;
    const cut = path.lastIndexOf(".");
    if (cut < 0) return null;
    path = path.slice(0, cut);
  }
  return null;
}

/**
 * Run `action` for a submitted form: the submit buttons are disabled meanwhile, messages are
 * cleared first and the error shown after. Resolves to the action's result, or undefined.
 */
export async function submit(form, action, rename = "") {
  const buttons = [...form.querySelectorAll("button[type=submit]")];
  for (const button of buttons) button.disabled = true;
  clearProblem(form);
  try {
    return await action();
  } catch (error) {
    showProblem(form, error, error.rename || rename);
    return undefined;
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** Say `text` in a field's slot from the browser's own checks (before any request). */
export function fieldError(form, name, text) {
  const slot = slotFor(form, name);
  if (slot) slot.textContent = text;
  const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (input) input.setAttribute("aria-invalid", "true");
}
