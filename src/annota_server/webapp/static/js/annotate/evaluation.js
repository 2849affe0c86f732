// An evaluation's verdict over the shown asset (#/jobs/:job?asset=..&evaluation=<id>): its
// predictions and ground truth drawn together on a read-only layer, each in the style of the
// part it played, with a legend and a toggle. It never touches the editor's shapes.
/* global Konva */
import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { maskCanvas } from "./mask.js";

const FALSE_POSITIVE = "#ff5722";
const MISSED = "#e91e63";
const FALLBACK = "#ff9800";

/**
 * How each part is drawn: `stroke` null takes the label's colour. Matched predictions are solid,
 * false positives dashed, missed ground truth dash-dotted and hatched, matched ground truth a
 * thin dotted outline under its prediction.
 */
export const STYLES = {
  matched: { title: "matched prediction", stroke: null, dash: [], width: 2, hatch: false },
  false_positive: { title: "false positive", stroke: FALSE_POSITIVE, dash: [10, 5], width: 2.5, hatch: false },
  missed: { title: "missed ground truth", stroke: MISSED, dash: [12, 4, 2, 4], width: 3, hatch: true },
  truth: { title: "matched ground truth", stroke: null, dash: [2, 3], width: 1.5, hatch: false },
};
const ORDER = ["truth", "missed", "matched", "false_positive"]; // ground truth underneath

/** A small canvas of diagonal stripes, the fill pattern of missed ground truth. */
function hatchPattern(colour) {
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const c = tile.getContext("2d");
  c.strokeStyle = colour;
  c.globalAlpha = 0.55;
  c.lineWidth = 1.5;
  c.beginPath();
  c.moveTo(0, 8);
  c.lineTo(8, 0);
  c.stroke();
  return tile;
}

/** A legend swatch: a short line (and hatch) in the part's style. */
function swatch(style) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", "28");
  svg.setAttribute("height", "12");
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [key, value] of Object.entries({ x: 1, y: 1, width: 26, height: 10, fill: style.hatch ? `${MISSED}33` : "none" })) {
    line.setAttribute(key, String(value));
  }
  line.setAttribute("stroke", style.stroke || "#1f77b4");
  line.setAttribute("stroke-width", String(Math.min(2, style.width)));
  if (style.dash.length) line.setAttribute("stroke-dasharray", style.dash.map((d) => d / 2).join(" "));
  svg.appendChild(line);
  return svg;
}

export class EvaluationOverlay {
  /**
   * `slot` receives the legend; `labels` maps label ids to labels (their colours).
   */
  constructor(stage, slot, evaluationId, labels) {
    this.stage = stage;
    this.slot = slot;
    this.id = evaluationId;
    this.labels = labels;
    this.layer = stage.addLayer({ listening: false, name: "evaluation" });
    this.shown = true;
  }

  /** The evaluation's verdict on `asset` (null when it did not cover the asset). */
  async fetch(asset) {
    try {
      const { data } = await api.get(`/api/evaluations/${encodeURIComponent(this.id)}/assets/${asset.id}`);
      return data;
    } catch (error) {
      if (error && error.status === 404) return null;
      throw error;
    }
  }

  /** Draw a verdict (ground truth underneath, predictions on top) and its legend. */
  paint(detail) {
    this.layer.destroyChildren();
    const shapes = detail ? detail.shapes : [];
    for (const role of ORDER) for (const shape of shapes) if (shape.role === role) this.draw(shape);
    this.layer.visible(this.shown);
    this.layer.draw();
    this.stage.container.dataset.evaluationShapes = String(shapes.length);
    this.legend(detail);
  }

  clear() {
    this.layer.destroyChildren();
    this.layer.draw();
  }

  draw(shape) {
    const style = STYLES[shape.role];
    if (!style) return;
    const label = this.labels.get(shape.label);
    const colour = style.stroke || (label && label.color) || FALLBACK;
    const common = {
      stroke: colour, strokeWidth: style.width, strokeScaleEnabled: false, dash: style.dash, listening: false,
      name: `evaluation-${shape.role.replace("_", "-")}`,
      id: `evaluation-shape-${shape.role === "matched" || shape.role === "false_positive" ? "p" : "t"}${shape.id}`,
    };
    if (style.hatch) {
      common.fillPatternImage = hatchPattern(colour);
      common.fillPatternRepeat = "repeat";
    }
    if (shape.kind === "mask" && shape.mask) {
      const [x0, y0, x1, y1] = shape.mask.bbox;
      this.layer.add(new Konva.Image({ image: maskCanvas(shape.mask, colour), x: x0, y: y0, listening: false }));
      this.layer.add(new Konva.Rect({ ...common, x: x0, y: y0, width: x1 - x0, height: y1 - y0 }));
    } else if (shape.kind === "bbox") {
      const [x0, y0, x1, y1] = shape.points;
      this.layer.add(new Konva.Rect({ ...common, x: x0, y: y0, width: x1 - x0, height: y1 - y0 }));
    } else {
      this.layer.add(new Konva.Line({ ...common, points: shape.points, closed: true }));
    }
  }

  /** The legend: each part's style with its count here, and the toggle. */
  legend(detail) {
    const count = (role) => (detail ? detail.shapes.filter((shape) => shape.role === role).length : 0);
    const toggle = h("input", {
      type: "checkbox", id: "evaluation-toggle",
      onchange: (event) => {
        this.shown = event.target.checked;
        this.layer.visible(this.shown);
        this.layer.draw();
      },
    });
    toggle.checked = this.shown;
    mount(
      this.slot,
      h(
        "div",
        { class: "evaluation-legend", id: "evaluation-legend", role: "group", "aria-label": "Evaluation overlay" },
        h("a", { href: `#/evaluations/${this.id}` }, `Evaluation ${this.id}`),
        detail ? null : h("span", { class: "muted" }, " · this asset was not evaluated"),
        ORDER.map((role) =>
          h("span", { class: "legend-item", dataset: { role } }, swatch(STYLES[role]), `${STYLES[role].title} (${count(role)})`),
        ),
        h("label", {}, toggle, " show (read-only)"),
      ),
    );
  }

  destroy() {
    this.layer.destroy();
  }
}
