// The side panel: labels (keys 1..9), the selected shape (label, attributes: typed controls when
// its label declares them, else free name/value pairs; occluded, delete),
// the asset's tags, its predictions and the shortcuts help. It is rebuilt from the editor's state
// on each change; fields commit on `change`, so a rebuild never eats a half-typed value.
import { h, mount } from "../dom.js";
import { SHORTCUTS } from "./keyboard.js";
import { isPrediction } from "./model.js";
import { predictionsSection } from "./predictions.js";
import { objectsSection } from "./objects.js";
import { declared, typedAttributes } from "./attributes.js";

function swatch(color) {
  const node = h("span", { class: "swatch" });
  node.style.background = color;
  return node;
}

function labelsSection(editor) {
  return h(
    "section",
    {},
    h("h3", {}, "Labels"),
    h(
      "ol",
      { class: "labels plain", id: "labels" },
      editor.labels.map((label, index) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "label",
              "data-testid": `label-${label.id}`,
              "aria-pressed": String(label.id === editor.labelId),
              onclick: () => editor.chooseLabel(label.id),
            },
            swatch(label.color),
            index < 9 ? h("kbd", {}, String(index + 1)) : null,
            " ",
            label.name,
          ),
        ),
      ),
    ),
    editor.labels.length ? null : h("p", { class: "error" }, "This project has no labels: add some on the project page."),
  );
}

function attributesEditor(editor, shape) {
  const label = editor.labelById.get(shape.label);
  if (declared(label).length) return h("div", {}, h("h4", {}, "Attributes"), typedAttributes(editor, shape, label));
  const rows = shape.attributes.map((attribute, index) => {
    const commit = (field) => (event) => {
      const attributes = shape.attributes.map((a, i) => (i === index ? { ...a, [field]: event.target.value } : a));
      editor.update(shape.key, { attributes: attributes.filter((a) => a.name !== "") });
    };
    return h(
      "li",
      { class: "attribute" },
      h("input", { "aria-label": "Attribute name", class: "attr-name", value: attribute.name, maxlength: "128", onchange: commit("name") }),
      h("input", { "aria-label": "Attribute value", class: "attr-value", value: attribute.value, maxlength: "4096", onchange: commit("value") }),
      h("button", {
        type: "button", title: "Remove attribute",
        onclick: () => editor.update(shape.key, { attributes: shape.attributes.filter((_, i) => i !== index) }),
      }, "✕"),
    );
  });
  const name = h("input", { id: "new-attr-name", placeholder: "name", "aria-label": "New attribute name", maxlength: "128" });
  const value = h("input", { id: "new-attr-value", placeholder: "value", "aria-label": "New attribute value", maxlength: "4096" });
  const add = (event) => {
    event.preventDefault();
    if (!name.value.trim()) return;
    editor.update(shape.key, { attributes: [...shape.attributes, { name: name.value.trim(), value: value.value }] });
  };
  return h(
    "div",
    {},
    h("h4", {}, "Attributes"),
    h("ul", { class: "plain", id: "attributes" }, rows),
    h("form", { class: "row", onsubmit: add }, name, value, h("button", { type: "submit", id: "add-attr" }, "Add")),
  );
}

function selectedSection(editor) {
  const shape = editor.selected && editor.shape(editor.selected);
  if (!shape) return h("section", { id: "selection" }, h("h3", {}, "Shape"), h("p", { class: "muted" }, "Click a shape (or press Tab) to select it."));
  const select = h(
    "select",
    { id: "shape-label", "aria-label": "Label", onchange: (event) => editor.update(shape.key, { label: Number(event.target.value) }) },
    editor.labels.map((label) => h("option", { value: String(label.id), selected: label.id === shape.label }, label.name)),
  );
  return h(
    "section",
    { id: "selection", "data-kind": shape.kind },
    h("h3", {}, "Shape: ", shape.kind, shape.id ? ` #${shape.id}` : " (new)"),
    isPrediction(shape) ? h("p", { class: "muted" }, `Prediction, score ${(shape.score ?? 0).toFixed(2)}${shape.model_name ? ` (${shape.model_name})` : ""}`) : null,
    h("label", {}, "Label ", select),
    h("label", {}, h("input", { type: "checkbox", id: "occluded", checked: shape.occluded, onchange: (event) => editor.update(shape.key, { occluded: event.target.checked }) }), " occluded"),
    attributesEditor(editor, shape),
    h(
      "div",
      { class: "row" },
      isPrediction(shape) ? h("button", { type: "button", id: "accept-selected", onclick: () => editor.accept([shape.key]) }, "Accept") : null,
      h("button", { type: "button", id: "delete-shape", class: "danger", onclick: () => editor.remove([shape.key]) }, isPrediction(shape) ? "Reject" : "Delete"),
    ),
  );
}

function tagsSection(editor) {
  const tags = editor.assetShapes().filter((s) => s.kind === "tag");
  return h(
    "section",
    {},
    h("h3", {}, "Tags of this asset"),
    h(
      "ul",
      { class: "plain tags", id: "tags" },
      tags.map((tag) => {
        const label = editor.labelById.get(tag.label);
        return h(
          "li",
          { class: "tag" },
          swatch(label ? label.color : "#999"),
          label ? label.name : String(tag.label),
          h("button", { type: "button", title: "Remove tag", "aria-label": "Remove tag", onclick: () => editor.remove([tag.key]) }, "✕"),
        );
      }),
    ),
    h("button", { type: "button", id: "add-tag", onclick: () => editor.add("tag", []), disabled: editor.labelId === null }, "Tag with the chosen label (t)"),
  );
}

export function helpSection(hidden) {
  return h(
    "section",
    { id: "shortcuts", hidden },
    h("h3", {}, "Shortcuts"),
    h("dl", { class: "shortcuts" }, SHORTCUTS.map(([keys, what]) => [h("dt", {}, h("kbd", {}, keys)), h("dd", {}, what)])),
  );
}

export class Panel {
  constructor(node, editor) {
    this.node = node;
    this.editor = editor;
    this.helpHidden = true;
  }

  toggleHelp() {
    this.helpHidden = !this.helpHidden;
    this.render();
  }

  render() {
    const editor = this.editor;
    mount(
      this.node,
      labelsSection(editor),
      selectedSection(editor),
      objectsSection(editor),
      tagsSection(editor),
      predictionsSection(editor),
      helpSection(this.helpHidden),
    );
  }
}
