// What the page must tell at once, over the image: a label that does not fit, a save the server
// refused and which shape it was about. It floats over the canvas, so a long message neither
// stretches the toolbar nor changes the canvas's size (which would re-fit the image).
import { h, mount } from "../dom.js";
import { fits, kindProblem, shapeNoun } from "./labelkinds.js";

export class CanvasMessage {
  constructor(container) {
    this.text = h("span", { class: "text" });
    this.node = h(
      "div",
      { class: "canvas-message", id: "canvas-message", role: "alert", hidden: true },
      this.text,
      h("button", { type: "button", class: "close", title: "Dismiss", "aria-label": "Dismiss", onclick: () => this.clear() }, "✕"),
    );
    container.append(this.node);
  }

  show(text, isError = false) {
    mount(this.text, text);
    this.node.classList.toggle("error", isError);
    this.node.hidden = false;
  }

  clear() {
    this.node.hidden = true;
    mount(this.text);
  }
}

const FIELD = /^(create|update|delete)\.(\d+)(?:\.([a-z_]+))?/;

/** "the new box on “a.png”" or "polygon #12 on “b.png”". */
function describeShape(editor, shape) {
  const asset = editor.assets.find((a) => a.id === shape.asset);
  const what = shape.id ? `${shapeNoun(shape.kind).replace(/^an? /, "the ")} #${shape.id}` : `the new ${shapeNoun(shape.kind).replace(/^an? /, "")}`;
  return asset ? `${what} on “${asset.name}”` : what;
}

/** Why the server refused this shape's `field`, in the page's words (label names, not ids). */
function reason(editor, shape, field, message) {
  const label = editor.labelById.get(shape.label);
  if (field === "label") {
    if (!label) return "its label is no longer in the project";
    if (!fits(label, shape.kind)) return kindProblem(label, shape.kind);
  }
  // The server's own words, with label ids turned into names.
  return message.replace(/label (\d+)/g, (all, id) => {
    const named = editor.labelById.get(Number(id));
    return named ? `the label “${named.name}”` : all;
  });
}

/**
 * A refused save in words a person can act on: which shape (its kind, id or "new", asset) and
 * why, the first such shape's key to select, or null when the refusal names no shape.
 * `pending` is the body the save sent (its indexes are what the server's fields name).
 */
export function explainSaveError(editor, pending, error) {
  const errors = (error && error.problem && error.problem.errors) || [];
  const found = new Map(); // shape key -> sentence
  let deleted = 0;
  for (const { field, message } of errors) {
    const match = FIELD.exec(field || "");
    if (!match) continue;
    const [, part, index, name] = match;
    if (part === "delete") {
      deleted += 1;
      continue;
    }
    const key = part === "create" ? pending.createdKeys[Number(index)] : pending.update[Number(index)] && `id-${pending.update[Number(index)].id}`;
    const shape = key && editor.shape(key);
    if (!shape || found.has(key)) continue;
    found.set(key, `${describeShape(editor, shape)}: ${reason(editor, shape, name, message)}`);
  }
  if (!found.size && !deleted) return null;
  const [first] = found.keys();
  const lines = [...found.values()];
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more shape${lines.length > 2 ? "s" : ""}: ${lines.slice(1).join("; ")})` : "";
  const gone = deleted ? ` ${deleted} deleted shape${deleted > 1 ? "s were" : " was"} already gone.` : "";
  const text = first
    ? `Not saved: ${lines[0]}. It is selected: change it or delete it, then save again.${more}${gone} Your edits are kept.`
    : `Not saved:${gone} Your edits are kept.`;
  return { text, key: first || null };
}
