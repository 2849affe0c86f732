// Predictions (shapes with source "model" and a score): drawn dashed with their score, hidden
// under the threshold, and judged by a person: accept (the shape becomes a person's: the save
// sends `source: "manual"`) or reject (deleted).
import { h } from "../dom.js";
import { isPrediction } from "./model.js";

const LISTED = 50; // the list shows the best ones; the bulk buttons act on all of them

/** The predictions of the shown asset at or above the threshold, best first. */
export function shown(editor) {
  return editor
    .assetShapes()
    .filter((s) => isPrediction(s) && editor.visible(s))
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
}

/** The side panel's section on predictions (null when the asset has none). */
export function predictionsSection(editor) {
  const all = editor.assetShapes().filter(isPrediction);
  if (!all.length) return null;
  const visible = shown(editor);
  const keys = visible.map((s) => s.key);
  const value = h("output", { id: "threshold-value" }, editor.threshold.toFixed(2));
  const slider = h("input", {
    id: "threshold",
    type: "range",
    min: "0",
    max: "1",
    step: "0.05",
    value: String(editor.threshold),
    "aria-label": "Score threshold",
    oninput: (event) => {
      value.textContent = Number(event.target.value).toFixed(2);
    },
    onchange: (event) => editor.setThreshold(Number(event.target.value)),
  });
  return h(
    "section",
    { class: "predictions", "data-testid": "predictions" },
    h("h3", {}, "Predictions"),
    h("label", { class: "threshold" }, "Threshold ", slider, " ", value),
    h("p", { class: "muted", id: "prediction-count" }, `${visible.length} of ${all.length} shown`),
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", id: "accept-all", disabled: !keys.length, onclick: () => editor.accept(keys) }, `Accept ${keys.length}`),
      h("button", { type: "button", id: "reject-all", disabled: !keys.length, onclick: () => editor.remove(keys) }, `Reject ${keys.length}`),
    ),
    h(
      "ul",
      { class: "plain" },
      visible.slice(0, LISTED).map((shape) =>
        h(
          "li",
          { dataset: { key: shape.key }, class: shape.key === editor.selected ? "current" : "" },
          h("button", { type: "button", class: "link", onclick: () => editor.select(shape.key) }, labelName(editor, shape), " ", (shape.score ?? 0).toFixed(2)),
          h("button", { type: "button", class: "accept", title: "Accept", onclick: () => editor.accept([shape.key]) }, "✓"),
          h("button", { type: "button", class: "reject", title: "Reject", onclick: () => editor.remove([shape.key]) }, "✕"),
        ),
      ),
    ),
  );
}

function labelName(editor, shape) {
  const label = editor.labelById.get(shape.label);
  return label ? label.name : `label ${shape.label}`;
}
