// Placeholder: this page is being built.
import { h, mount } from "../dom.js";

export function render(view) {
  mount(view, h("p", { class: "muted" }, "This page is not built yet."));
}
