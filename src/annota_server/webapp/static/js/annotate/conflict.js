// What the user sees when a save meets someone else's change (412): who changed the annotations,
// what they added, removed and changed since this page loaded them, and what the user's own
// unsaved edits are. Nothing is applied until the user chooses to put their edits on top.
import { h } from "../dom.js";

function describeShape(editor, shape) {
  const label = editor.labelById.get(shape.label);
  // Pages of assets not read yet are holes in editor.assets.
  const asset = editor.assets.find((a) => a && a.id === shape.asset);
  return `${shape.kind} “${label ? label.name : shape.label}” #${shape.id} on ${asset ? asset.name : `asset ${shape.asset}`}`;
}

function list(title, items, editor) {
  if (!items.length) return null;
  return h("div", {}, h("h4", {}, `${title} (${items.length})`), h("ul", {}, items.slice(0, 20).map((s) => h("li", {}, describeShape(editor, s)))));
}

/** The conflict box; `onReapply` puts the user's edits on the current state. */
export function conflictBox(editor, conflict, { onReapply, onDismiss }) {
  const who = conflict.by ? conflict.by.username : "someone";
  const when = conflict.at ? ` at ${new Date(conflict.at).toLocaleString()}` : "";
  const { added, removed, modified } = conflict.theirs;
  const mine = conflict.mine;
  return h(
    "div",
    { class: "conflict", id: "conflict", role: "alertdialog", "aria-labelledby": "conflict-title" },
    h("h3", { id: "conflict-title" }, "Not saved: these annotations were changed meanwhile"),
    h("p", { id: "conflict-who" }, `Changed by ${who}${when}. Your edits are kept; nothing was overwritten.`),
    list("They added", added, editor),
    list("They removed", removed, editor),
    list("They changed", modified, editor),
    added.length || removed.length || modified.length ? null : h("p", { class: "muted" }, "Their change touched nothing you can see here."),
    h("p", {}, `Your unsaved edits: ${mine.create.length} new, ${mine.update.length} changed, ${mine.delete.length} deleted.`),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", class: "primary", id: "reapply", onclick: onReapply }, "Put my edits on top of theirs"),
      h("button", { type: "button", id: "conflict-close", onclick: onDismiss }, "Close"),
    ),
  );
}
