// A plain table from column headings and rows of cells (strings or nodes), rendered as text.
import { h } from "./dom.js";

/** `table(["Name", "Kind"], rows, {testid})`; each row is an array of cells or a <tr>. */
export function table(headings, rows, { testid, empty = "Nothing yet." } = {}) {
  if (!rows.length) return h("p", { class: "muted", dataset: testid ? { testid } : undefined }, empty);
  return h(
    "table",
    { class: "grid", dataset: testid ? { testid } : undefined },
    h("thead", {}, h("tr", {}, headings.map((heading) => h("th", { scope: "col" }, heading)))),
    h("tbody", {}, rows.map((row) => (row instanceof Node ? row : tableRow(row)))),
  );
}

/** One <tr> of cells; `attrs` go on the row. */
export function tableRow(cells, attrs = {}) {
  return h("tr", attrs, cells.map((cell) => h("td", {}, cell)));
}

/** A bar of `done` out of `total`, with the figure as text for screen readers and tests. */
export function progress(done, total, label) {
  const bar = h("span", { class: "fill" });
  bar.style.width = total ? `${Math.round((100 * done) / total)}%` : "0%";
  return h(
    "span",
    { class: "progress", role: "img", "aria-label": `${label}: ${done} of ${total}` },
    h("span", { class: "track" }, bar),
    h("span", { class: "figure" }, `${done}/${total}`),
  );
}
