// The rows of a project's labels in a form: name, the shapes it is for, its colour, the attributes
// it declares (typed: select, checkbox, number, text). Existing
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
      attributesEditor(index, label ? label.attributes || [] : []),
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
      [...row.querySelectorAll(".attr-spec")].forEach((spec, at) => {
        const renumber = (path) => path.replace(/^labels\.\d+\.attributes\.\d+/, `labels.${index}.attributes.${at}`);
        for (const node of spec.querySelectorAll("[data-field]")) node.dataset.field = renumber(node.dataset.field);
        for (const node of spec.querySelectorAll("[data-error-for]")) node.dataset.errorFor = renumber(node.dataset.errorFor);
      });
    });
    return [...this.list.children].map((row, index) => ({
      index,
      row,
      original: row.label,
      name: row.querySelector(".label-name-input").value.trim(),
      kind: row.querySelector(".label-kind-input").value,
      color: row.querySelector(".label-color-input").value,
      attributes: [...row.querySelectorAll(".attr-spec")].map(readSpec),
    }));
  }
}

export const ATTRIBUTE_TYPES = [
  ["select", "one of a list"],
  ["checkbox", "yes / no"],
  ["number", "a number"],
  ["text", "text"],
];

/**
 * The attributes a label declares: one row each (name, type, a select's options one a line, a
 * number's range, default, required). Inputs show only where their type uses them.
 */
function attributesEditor(labelIndex, specs) {
  const list = h("ol", { class: "attr-specs plain" });
  const add = (spec = null) => list.append(specRow(labelIndex, list.children.length, spec));
  for (const spec of specs) add(spec);
  return h(
    "details",
    { class: "label-attributes", open: specs.length > 0 },
    h("summary", {}, "Attributes"),
    h("p", { class: "muted" }, "Declared attributes are the only ones its shapes take, checked by type; none declared: any name and value."),
    list,
    h("button", { type: "button", class: "add-attribute", onclick: () => add() }, "Add an attribute"),
  );
}

function specRow(labelIndex, index, spec) {
  const at = `labels.${labelIndex}.attributes.${index}`;
  const number = (value) => (value === null || value === undefined ? "" : String(value));
  const name = h("input", { type: "text", class: "attr-spec-name", maxlength: "128", value: spec ? spec.name : "", "aria-label": "Attribute name" });
  const type = h("select", { class: "attr-spec-type", "aria-label": "Attribute type" }, ATTRIBUTE_TYPES.map(([value, text]) => h("option", { value, selected: spec ? spec.type === value : value === "select" }, text)));
  const options = h("textarea", { class: "attr-spec-options", rows: "2", "aria-label": "Options, one a line" }, spec ? (spec.options || []).join("\n") : "");
  const min = h("input", { type: "number", step: "any", class: "attr-spec-min", value: spec ? number(spec.min) : "", "aria-label": "Least value" });
  const max = h("input", { type: "number", step: "any", class: "attr-spec-max", value: spec ? number(spec.max) : "", "aria-label": "Greatest value" });
  const fallback = h("input", { type: "text", class: "attr-spec-default", maxlength: "4096", value: spec && spec.default !== null ? spec.default : "", "aria-label": "Default value" });
  const required = h("input", { type: "checkbox", class: "attr-spec-required", checked: Boolean(spec && spec.required), "aria-label": "Required" });
  const optionsField = field("Options (one a line)", options, `${at}.options`);
  const rangeFields = [field("Min", min, `${at}.min`), field("Max", max, `${at}.max`)];
  const row = h(
    "li",
    { class: "attr-spec", dataset: { testid: "attr-spec" } },
    field("Attribute", name, `${at}.name`),
    field("Type", type, `${at}.type`),
    optionsField,
    rangeFields,
    field("Default", fallback, `${at}.default`),
    h("label", { class: "inline" }, required, " required"),
    h("button", { type: "button", class: "remove-attribute", title: "Remove this attribute", onclick: () => row.remove() }, "Remove"),
  );
  const shown = () => {
    optionsField.hidden = type.value !== "select";
    for (const node of rangeFields) node.hidden = type.value !== "number";
    fallback.placeholder = type.value === "checkbox" ? "false" : "";
  };
  type.addEventListener("change", shown);
  shown();
  return row;
}

/** One declaration as the API takes it (a type's unused inputs left out). */
function readSpec(row) {
  const value = (cls) => row.querySelector(cls).value;
  const type = value(".attr-spec-type");
  const bound = (cls) => (type === "number" && value(cls).trim() !== "" ? Number(value(cls)) : null);
  const fallback = value(".attr-spec-default");
  return {
    name: value(".attr-spec-name").trim(),
    type,
    options: type === "select" ? value(".attr-spec-options").split("\n").map((o) => o.trim()).filter(Boolean) : [],
    min: bound(".attr-spec-min"),
    max: bound(".attr-spec-max"),
    default: fallback === "" ? (type === "checkbox" ? "false" : null) : fallback,
    required: row.querySelector(".attr-spec-required").checked,
  };
}
