// An evaluation: its headline figures, the PR curves and the confusion matrix (SVG), the
// per-label table and the worst assets, each of which opens the annotation page at that asset
// with the evaluation's matched, false and missed shapes drawn over it (js/annotate/evaluation.js).
import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { setCrumbs, workspaceCrumb, projectCrumb } from "../crumbs.js";
import { table, tableRow } from "../table.js";
import { jobHref } from "./task.js";

const SVG = "http://www.w3.org/2000/svg";
const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

/** An SVG element; attribute values are set through the DOM, text as a Text node. */
function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const figure = (value) => (value === null || value === undefined ? "—" : value.toFixed(3));

export async function render(view, params) {
  mount(view, h("p", { class: "muted" }, "Loading…"));
  const id = encodeURIComponent(params.evaluation);
  const { data: evaluation } = await api.get(`/api/evaluations/${id}`);
  const { data: project } = await api.get(`/api/projects/${evaluation.project}`);
  setCrumbs(workspaceCrumb(project.workspace), projectCrumb(project));
  const { data: worst } = await api.get(`/api/evaluations/${id}/assets`, { query: { page_size: 20 } });
  const truth = evaluation.ground_truth === "reviewed" ? "reviewed jobs" : `dataset version ${evaluation.ground_truth}`;
  mount(
    view,
    h("h1", { id: "evaluation-title" }, `Evaluation ${evaluation.id}`),
    h(
      "p",
      { class: "muted" },
      `Model version ${evaluation.model_version ?? "(deleted)"} against ${truth} · `,
      `${evaluation.asset_count} assets · ${evaluation.kinds.join(", ")} · IoU ${evaluation.iou}`,
    ),
    h(
      "p",
      { id: "evaluation-summary" },
      `AP ${figure(evaluation.ap)} · AP50 ${figure(evaluation.ap50)} · AP75 ${figure(evaluation.ap75)} · `,
      `precision ${figure(evaluation.precision)} · recall ${figure(evaluation.recall)}`,
    ),
    h(
      "div",
      { class: "charts" },
      h("figure", {}, prCurves(evaluation), h("figcaption", {}, `PR curves at IoU ${evaluation.iou}`)),
      h("figure", {}, confusion(evaluation.confusion), h("figcaption", {}, "Confusion matrix")),
    ),
    h("h2", {}, "Labels"),
    labelTable(evaluation.labels),
    h("h2", {}, "Worst assets"),
    worstList(evaluation.id, worst.results),
  );
}

function prCurves(evaluation) {
  const size = 320, pad = 36, span = size - 2 * pad;
  const x = (recall) => pad + recall * span;
  const y = (precision) => size - pad - precision * span;
  const svg = s("svg", { width: size, height: size, viewBox: `0 0 ${size} ${size}`, role: "img", dataset: { testid: "pr-curves" } });
  svg.append(
    s("rect", { x: pad, y: pad, width: span, height: span, fill: "none", stroke: "#999" }),
    s("text", { x: size / 2, y: size - 6, "text-anchor": "middle", "font-size": 12 }, "recall"),
    s("text", { x: 12, y: size / 2, "text-anchor": "middle", "font-size": 12, transform: `rotate(-90 12 ${size / 2})` }, "precision"),
  );
  evaluation.labels
    .filter((row) => row.pr_curve.length)
    .forEach((row, index) => {
      const colour = COLOURS[index % COLOURS.length];
      const points = row.pr_curve.map((p, i) => `${x(i / 100).toFixed(1)},${y(p).toFixed(1)}`).join(" ");
      svg.append(
        s("polyline", { points, fill: "none", stroke: colour, "stroke-width": 2, dataset: { testid: "pr-curve", label: row.name } }),
        s("text", { x: pad + 6, y: pad + 14 + 14 * index, fill: colour, "font-size": 12 }, `${row.name} (AP50 ${figure(row.ap50)})`),
      );
    });
  return svg;
}

function confusion(matrix) {
  const names = matrix.labels;
  const cell = Math.max(22, Math.min(48, Math.floor(260 / Math.max(1, names.length))));
  const left = 90, top = 90;
  const size = left + cell * names.length + 10;
  const most = Math.max(1, ...matrix.matrix.flat());
  const svg = s("svg", { width: size, height: top + cell * names.length + 10, role: "img", dataset: { testid: "confusion" } });
  names.forEach((name, i) => {
    svg.append(
      s("text", { x: left - 4, y: top + cell * i + cell / 2 + 4, "text-anchor": "end", "font-size": 11 }, name),
      s("text", { x: left + cell * i + cell / 2, y: top - 4, "font-size": 11, transform: `rotate(-45 ${left + cell * i + cell / 2} ${top - 4})` }, name),
    );
  });
  matrix.matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      const shade = Math.round(255 - 200 * (count / most));
      svg.append(
        s("rect", {
          x: left + cell * j, y: top + cell * i, width: cell, height: cell,
          fill: `rgb(${shade},${shade},255)`, stroke: "#fff", dataset: { testid: "confusion-cell" },
        }),
        count ? s("text", { x: left + cell * j + cell / 2, y: top + cell * i + cell / 2 + 4, "text-anchor": "middle", "font-size": 11 }, count) : null,
      );
    }),
  );
  return svg;
}

function labelTable(rows) {
  return table(
    ["label", "ground truth", "predictions", "TP", "FP", "missed", "precision", "recall", "AP", "AP50", "AP75"],
    rows.map((row) =>
      tableRow([
        row.name, row.ground_truth, row.predictions, row.true_positives, row.false_positives, row.misses,
        figure(row.precision), figure(row.recall), figure(row.ap), figure(row.ap50), figure(row.ap75),
      ]),
    ),
    { testid: "evaluation-labels" },
  );
}

/** The worst assets, each opening the annotation page with this evaluation drawn over it. */
function worstList(evaluationId, assets) {
  return h(
    "ol",
    { id: "worst-assets" },
    assets.map((asset) =>
      h(
        "li",
        {},
        asset.job === null
          ? asset.name
          : h("a", { href: `${jobHref(asset.job, asset.position)}&evaluation=${evaluationId}`, dataset: { testid: "worst-asset" } }, asset.name),
        ` — ${asset.true_positives} matched, ${asset.false_positives} false, ${asset.misses} missed`,
      ),
    ),
  );
}
