// The object list of the shown asset: every shape with its label, to select it, hide it, lock it
// (no edit reaches it), bring it to the front or send it to the back (its z_order, saved), or
// filter the list and the canvas by label; one opacity for all the shapes, and the image's
// brightness and contrast. What is hidden, locked, filtered or adjusted is the page's view only:
// nothing of it is saved.
import { h } from "../dom.js";
import { shapeNoun } from "./labelkinds.js";

const SHOWN = 300; // rows drawn at most: a crowded image is narrowed with the label filter

/** The view state on the editor (created on first use). */
export function viewOf(editor) {
  if (!editor.view) editor.view = { hidden: new Set(), locked: new Set(), label: null, opacity: 1, brightness: 1, contrast: 1 };
  return editor.view;
}

/** Whether the view hides `shape` (hidden, or filtered out by label). */
export function hiddenByView(editor, shape) {
  const view = viewOf(editor);
  return view.hidden.has(shape.key) || (view.label !== null && shape.label !== view.label);
}

/** Whether `shape` is locked against edits. */
export function isLocked(editor, key) {
  return viewOf(editor).locked.has(key);
}

/** Apply the view to the canvas: the shapes' opacity, the image's brightness and contrast. */
export function applyView(editor, stage, layer) {
  const view = viewOf(editor);
  layer.layer.opacity(view.opacity);
  stage.setFilter(view.brightness, view.contrast);
}

/** Put `shape` on top of (or under) every other shape of its asset: a saved z_order change. */
function restack(editor, shape, up) {
  const others = editor.assetShapes().filter((s) => s.key !== shape.key).map((s) => s.z_order);
  if (!others.length) return;
  const top = Math.max(...others);
  const bottom = Math.min(...others);
  if (up ? shape.z_order > top : shape.z_order < bottom) return; // there already
  const z = up ? top + 1 : bottom - 1;
  editor.update(shape.key, { z_order: Math.max(-1000000, Math.min(1000000, z)) });
}

function slider(id, label, value, min, max, onchange) {
  return h("label", {}, `${label} `, h("input", { type: "range", id, min, max, step: "0.1", value: String(value), "aria-label": label, onchange: (event) => onchange(Number(event.target.value)) }));
}

function toggle(set, key) {
  if (set.has(key)) set.delete(key);
  else set.add(key);
}

/** The "Objects" section of the side panel. */
export function objectsSection(editor) {
  const view = viewOf(editor);
  const shapes = editor.assetShapes().filter((s) => s.kind !== "tag");
  const listed = shapes.filter((s) => view.label === null || s.label === view.label);
  const filter = h(
    "select",
    { id: "object-filter", "aria-label": "Show the shapes of", onchange: (event) => { view.label = event.target.value ? Number(event.target.value) : null; editor.emit("view"); } },
    h("option", { value: "" }, "every label"),
    editor.labels.map((label) => h("option", { value: String(label.id), selected: view.label === label.id }, label.name)),
  );
  const opacity = h("input", {
    type: "range", id: "object-opacity", min: "0.1", max: "1", step: "0.1", value: String(view.opacity), "aria-label": "Shape opacity",
    onchange: (event) => { view.opacity = Number(event.target.value); editor.emit("view"); },
  });
  const rows = listed.slice(0, SHOWN).map((shape) => {
    const label = editor.labelById.get(shape.label);
    const hidden = view.hidden.has(shape.key);
    const locked = view.locked.has(shape.key);
    return h(
      "li",
      { class: "object", dataset: { key: shape.key, testid: "object" }, "aria-selected": String(shape.key === editor.selected) },
      h("button", { type: "button", class: "object-name", onclick: () => !hidden && editor.select(shape.key) }, `${label ? label.name : "?"} · ${shapeNoun(shape.kind).replace(/^an? /, "")}${shape.id ? ` #${shape.id}` : " (new)"}`),
      h("button", { type: "button", class: "object-hide", "aria-pressed": String(hidden), title: hidden ? "Show" : "Hide", onclick: () => { toggle(view.hidden, shape.key); if (editor.selected === shape.key) editor.selected = null; editor.emit("view"); } }, hidden ? "show" : "hide"),
      h("button", { type: "button", class: "object-lock", "aria-pressed": String(locked), title: locked ? "Unlock" : "Lock", onclick: () => { toggle(view.locked, shape.key); editor.emit("view"); } }, locked ? "unlock" : "lock"),
      h("button", { type: "button", class: "object-front", title: `Bring to front (z ${shape.z_order})`, "aria-label": "Bring to front", onclick: () => restack(editor, shape, true) }, "▲"),
      h("button", { type: "button", class: "object-back", title: `Send to back (z ${shape.z_order})`, "aria-label": "Send to back", onclick: () => restack(editor, shape, false) }, "▼"),
    );
  });
  return h(
    "section",
    { id: "objects" },
    h("h3", {}, `Objects (${shapes.length})`),
    h("div", { class: "row" }, filter, h("label", {}, "opacity ", opacity)),
    // The image's look, for this page only (never saved): dark or flat images read better.
    h(
      "div",
      { class: "row", id: "image-adjust" },
      slider("image-brightness", "brightness", view.brightness, "0.2", "3", (value) => { view.brightness = value; editor.emit("view"); }),
      slider("image-contrast", "contrast", view.contrast, "0.2", "3", (value) => { view.contrast = value; editor.emit("view"); }),
      h("button", { type: "button", id: "image-reset", onclick: () => { view.brightness = 1; view.contrast = 1; editor.emit("view"); } }, "reset"),
    ),
    h("ol", { class: "plain objects" }, rows),
    listed.length > SHOWN ? h("p", { class: "muted" }, `${listed.length - SHOWN} more: choose a label to narrow the list.`) : null,
  );
}
