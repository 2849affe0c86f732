// Typed attributes on the annotation page. A label may declare its attributes (select, checkbox,
// number with a range, text; a default; required): its shapes then take only those, one control
// each, and the values are the text the server stores (`true`/`false`, a number as String()
// writes it), so a saved shape reads back unchanged. A label that declares none keeps free
// name/value pairs (attributeRows in panel.js).
import { h } from "../dom.js";

/** The attributes `label` declares ([] when none, or for a server before typed attributes). */
export function declared(label) {
  return (label && label.attributes) || [];
}

/** A number's stored text ("3" for "3.0"), or null when `text` is not a finite number. */
export function numberText(text) {
  if (String(text).trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? String(value) : null;
}

/**
 * The attributes a shape of `label` carries, from `attributes` it had: only declared names, in
 * their declared order, missing ones given their default (the server fills in the same). For a
 * label that declares nothing, `attributes` as they are.
 */
export function fitted(label, attributes) {
  const specs = declared(label);
  if (!specs.length) return attributes;
  const given = new Map(attributes.map((a) => [a.name, a.value]));
  const out = [];
  for (const spec of specs) {
    const value = given.has(spec.name) ? given.get(spec.name) : spec.default;
    if (value !== null && value !== undefined) out.push({ name: spec.name, value });
  }
  return out;
}

/** Why `value` does not fit `spec` (as the server would say), or null. */
export function valueProblem(spec, value) {
  if (value === undefined || value === null) return spec.required ? "required" : null;
  if (spec.type === "select" && !spec.options.includes(value)) return "not one of the options";
  if (spec.type === "number") {
    const number = numberText(value);
    if (number === null) return "not a number";
    if (spec.min !== null && Number(number) < spec.min) return `below ${spec.min}`;
    if (spec.max !== null && Number(number) > spec.max) return `above ${spec.max}`;
  }
  if (spec.required && value === "") return "required";
  return null;
}

/** One control per declared attribute of the selected shape; each change is one edit. */
export function typedAttributes(editor, shape, label) {
  const values = new Map(shape.attributes.map((a) => [a.name, a.value]));
  const set = (spec, value) => {
    const next = new Map(values);
    // A cleared value falls back to the default, as the server would fill it in.
    const kept = value === null ? spec.default : value;
    if (kept === null) next.delete(spec.name);
    else next.set(spec.name, kept);
    const attributes = declared(label).filter((s) => next.has(s.name)).map((s) => ({ name: s.name, value: next.get(s.name) }));
    editor.update(shape.key, { attributes });
  };
  const rows = declared(label).map((spec, index) => {
    const id = `attr-${index}`;
    const value = values.get(spec.name);
    let control;
    if (spec.type === "checkbox") {
      control = h("input", { type: "checkbox", id, checked: value === "true", onchange: (event) => set(spec, String(event.target.checked)) });
    } else if (spec.type === "select") {
      control = h(
        "select",
        { id, onchange: (event) => set(spec, event.target.value === "" ? null : event.target.value) },
        value === undefined || (!spec.required && spec.default === null) ? h("option", { value: "" }, "—") : null,
        spec.options.map((option) => h("option", { value: option, selected: option === value }, option)),
      );
    } else if (spec.type === "number") {
      control = h("input", {
        type: "number", id, step: "any", value: value ?? "",
        min: spec.min ?? undefined, max: spec.max ?? undefined,
        onchange: (event) => set(spec, event.target.value === "" ? null : numberText(event.target.value) ?? event.target.value),
      });
    } else {
      control = h("input", { type: "text", id, maxlength: "4096", value: value ?? "", onchange: (event) => set(spec, event.target.value) });
    }
    control.classList.add("attr-control");
    if (spec.required) control.setAttribute("aria-required", "true");
    const problem = valueProblem(spec, value);
    if (problem) control.setAttribute("aria-invalid", "true");
    const range = spec.type === "number" && (spec.min !== null || spec.max !== null) ? ` (${spec.min ?? "…"} to ${spec.max ?? "…"})` : "";
    return h(
      "li",
      { class: "attribute typed", dataset: { name: spec.name, type: spec.type } },
      h("label", { for: id }, spec.name, spec.required ? h("abbr", { class: "required", title: "required" }, " *") : null, range),
      control,
      problem ? h("span", { class: "field-error" }, problem) : null,
    );
  });
  return h("ul", { class: "plain", id: "attributes", dataset: { typed: "true" } }, rows);
}
