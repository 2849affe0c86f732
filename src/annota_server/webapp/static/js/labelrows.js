// The rows of a project's labels in a form: name, the shapes it is for, its colour. Existing
// labels keep their id (a change is a PATCH of that label); new ones are created with the project.
import { h } from "./dom.js";
import { field } from "./forms.js";

export const KINDS = [
  ["any", "any shape"],
  ["bbox", "boxes"],
  ["polygon", "polygons"],
  ["polyline", "polylines"],
  ["points", "points"],
  ["tag", "tags (whole image)"],
];
const PALETTE = ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#f4511e", "#3949ab"];

/** An editable list of labels; `rows()` reads them back as {id, name, kind, color, node}. */
export class LabelRows {
  constructor(labels = []) {
    this.list = h("ol", { class: "label-rows plain", id: "label-rows" });
    this.node = h(
      "fieldset",
      { class: "labels-editor" },
      h("legend", {}, "Labels"),
      this.list,
      h("button", { type: "button", id: "add-label", onclick: () => this.add() }, "Add a label"),
    );
    for (const label of labels) this.add(label);
  }

  add(label = null) {
    const index = this.list.children.length;
    const name = h("input", { type: "text", maxlength: "128", value: label ? label.name : "", class: "label-name-input", "aria-label": `Label ${index + 1} name` });
    const kind = h("select", { class: "label-kind-input", "aria-label": `Label ${index + 1} shapes` }, KINDS.map(([value, text]) => h("option", { value, selected: label ? label.kind === value : value === "any" }, text)));
    const color = h("input", { type: "color", class: "label-color-input", value: label ? label.color : PALETTE[index % PALETTE.length], "aria-label": `Label ${index + 1} colour` });
    const row = h(
      "li",
      { class: "label-row", dataset: { testid: "label-row", id: label ? String(label.id) : "" } },
      field("Name", name, `labels.${index}.name`),
      field("For", kind, `labels.${index}.kind`),
      field("Colour", color, `labels.${index}.color`),
      label ? null : h("button", { type: "button", class: "remove-label", title: "Remove this label", onclick: () => row.remove() }, "Remove"),
    );
    row.label = label;
    this.list.append(row);
    if (!label) name.focus();
    return row;
  }

  /** The rows in order, as typed (their fields renumbered: a removed row leaves no gap). */
  rows() {
    [...this.list.children].forEach((row, index) => {
      for (const node of row.querySelectorAll("[data-field]")) node.dataset.field = node.dataset.field.replace(/^labels\.\d+/, `labels.${index}`);
      for (const node of row.querySelectorAll("[data-error-for]")) node.dataset.errorFor = node.dataset.errorFor.replace(/^labels\.\d+/, `labels.${index}`);
    });
    return [...this.list.children].map((row, index) => ({
      index,
      row,
      original: row.label,
      name: row.querySelector(".label-name-input").value.trim(),
      kind: row.querySelector(".label-kind-input").value,
      color: row.querySelector(".label-color-input").value,
    }));
  }
}
