// The shapes of the shown asset. They are painted by ONE Konva node on one layer that does not
// listen to events (hit canvases for 1,000 shapes would double the drawing); selecting is done
// by `hitTest` in plain JS. The selected shape is drawn, editable, on a small overlay layer.
/* global Konva */
import { maskCanvas, maskHas, maskOrigin } from "./mask.js";
import { isPrediction } from "./model.js";

const POINT_RADIUS = 4; // screen pixels
const FALLBACK = "#ff9800";

function color(labels, shape) {
  const label = labels.get(shape.label);
  return (label && label.color) || FALLBACK;
}

function pairs(points) {
  const out = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push([points[i], points[i + 1]]);
  return out;
}

/** Where a shape's score tag goes: its first point, or a mask's top-left corner. */
function anchor(shape) {
  if (shape.kind === "mask") return [shape.mask.bbox[0], shape.mask.bbox[1]];
  return [shape.points[0], shape.points[1]];
}

/** A mask, semi-transparent in its colour, in image pixels (crisp when zoomed in). */
function paintMask(c, shape, stroke, scale) {
  c.imageSmoothingEnabled = false;
  c.drawImage(maskCanvas(shape.mask, stroke), ...maskOrigin(shape.mask));
  c.imageSmoothingEnabled = true;
  if (isPrediction(shape)) {
    const [x0, y0, x1, y1] = shape.mask.bbox;
    c.beginPath();
    c.rect(x0, y0, x1 - x0, y1 - y0);
    c.setLineDash([6 / scale, 4 / scale]);
    c.lineWidth = 1.5 / scale;
    c.strokeStyle = stroke;
    c.stroke();
  }
}

/** Trace one shape's geometry on a 2D context (image pixels; `r` is a point's radius). */
function trace(c, shape, r) {
  const p = shape.points;
  if (shape.kind === "bbox") {
    c.rect(p[0], p[1], p[2] - p[0], p[3] - p[1]);
  } else if (shape.kind === "points") {
    for (const [x, y] of pairs(p)) {
      c.moveTo(x + r, y);
      c.arc(x, y, r, 0, Math.PI * 2);
    }
  } else {
    c.moveTo(p[0], p[1]);
    for (let i = 2; i + 1 < p.length; i += 2) c.lineTo(p[i], p[i + 1]);
    if (shape.kind === "polygon") c.closePath();
  }
}

/**
 * Paint every listed shape with the raw 2D context, under the stage's transform. One Konva node
 * for all of them: 1,000 Konva nodes cost more to build than the canvas costs to draw them.
 */
function paint(c, entries, scale) {
  const width = 2 / scale;
  const r = POINT_RADIUS / scale;
  c.lineJoin = "round";
  for (const { shape, color: stroke } of entries) {
    if (shape.kind === "mask") {
      paintMask(c, shape, stroke, scale);
      continue;
    }
    const prediction = isPrediction(shape);
    c.beginPath();
    trace(c, shape, r);
    c.setLineDash(prediction ? [6 / scale, 4 / scale] : []);
    c.lineWidth = prediction ? width * 0.75 : width;
    c.strokeStyle = stroke;
    if (shape.kind !== "polyline") {
      c.fillStyle = shape.kind === "points" ? stroke : stroke + "22";
      c.fill();
    }
    c.stroke();
  }
  c.setLineDash([]);
  // Predictions carry their score on a tag of their colour.
  const size = 11 / scale;
  c.font = `${size}px system-ui, sans-serif`;
  c.textBaseline = "top";
  for (const { shape, color: stroke } of entries) {
    if (!isPrediction(shape)) continue;
    const text = shape.score === null ? "model" : shape.score.toFixed(2);
    const pad = 2 / scale;
    const w = c.measureText(text).width + 2 * pad;
    const [x, y] = anchor(shape);
    c.globalAlpha = 0.85;
    c.fillStyle = stroke;
    c.fillRect(x, y, w, size + 2 * pad);
    c.globalAlpha = 1;
    c.fillStyle = "#fff";
    c.fillText(text, x + pad, y + pad);
  }
}

export class ShapeLayer {
  constructor(stage, editor, { onEdit }) {
    this.stage = stage;
    this.editor = editor;
    this.onEdit = onEdit;
    this.layer = stage.addLayer({ listening: false });
    this.overlay = stage.addLayer();
    this.entries = []; // {shape, color} drawn by the painter
    const self = this;
    this.painter = new Konva.Shape({
      listening: false,
      perfectDrawEnabled: false,
      sceneFunc(ctx) {
        paint(ctx._context, self.entries, self.stage.scale);
      },
    });
    this.layer.add(this.painter);
    this.editing = null; // {shape}
    stage.onTransform(() => this.rescale());
  }

  /** How many shapes are on the canvas. */
  get drawn() {
    return this.entries.length + (this.editing ? 1 : 0);
  }

  /** Redraw after the state changed. */
  render() {
    const editor = this.editor;
    this.entries = [];
    for (const shape of editor.assetShapes()) {
      if (shape.kind === "tag" || !editor.visible(shape) || shape.key === editor.selected) continue;
      this.entries.push({ shape, color: color(editor.labelById, shape) });
    }
    // Higher z_order is painted later, so on top (a stable sort keeps the rest in order).
    this.entries.sort((a, b) => a.shape.z_order - b.shape.z_order);
    this.layer.batchDraw();
    this.renderSelection();
  }

  /** Line widths, dashes and scores keep their size on screen when zooming. */
  rescale() {
    this.layer.batchDraw();
    if (this.editing) this.renderSelection(true);
  }

  /** The selected shape as editable nodes: drag to move, handles to resize or move vertices. */
  renderSelection(force = false) {
    const shape = this.editor.selected && this.editor.shape(this.editor.selected);
    if (!force && this.editing && this.editing.shape === shape) return;
    this.overlay.destroyChildren();
    this.editing = null;
    if (!shape || shape.kind === "tag" || shape.asset !== this.editor.asset.id) {
      this.overlay.batchDraw();
      return;
    }
    const stroke = color(this.editor.labelById, shape);
    const scale = this.stage.scale;
    const p = shape.points;
    const editable = this.editor.tool === "select";
    if (shape.kind === "mask") {
      // Shown, selected (its box dashed), not reshaped here.
      const [x0, y0, x1, y1] = shape.mask.bbox;
      this.overlay.add(new Konva.Image({ image: maskCanvas(shape.mask, stroke), x: x0, y: y0, listening: false }));
      this.overlay.add(new Konva.Rect({
        x: x0, y: y0, width: x1 - x0, height: y1 - y0, stroke, strokeWidth: 2, strokeScaleEnabled: false,
        dash: [6, 4], name: "selected", listening: false,
      }));
    } else if (shape.kind === "bbox") {
      const rect = new Konva.Rect({
        x: p[0], y: p[1], width: p[2] - p[0], height: p[3] - p[1],
        stroke, strokeWidth: 2, strokeScaleEnabled: false, fill: stroke + "33", draggable: editable, name: "selected",
      });
      const transformer = new Konva.Transformer({
        nodes: [rect], rotateEnabled: false, keepRatio: false, flipEnabled: false, ignoreStroke: true,
        anchorSize: 9, borderStroke: stroke, anchorStroke: stroke,
      });
      const done = () => {
        const x = rect.x();
        const y = rect.y();
        const w = rect.width() * rect.scaleX();
        const h = rect.height() * rect.scaleY();
        this.onEdit(shape.key, [x, y, x + w, y + h]);
      };
      rect.on("dragend", done);
      rect.on("transformend", done);
      this.overlay.add(rect);
      if (editable) this.overlay.add(transformer);
    } else {
      const line = new Konva.Line({
        points: [...p], closed: shape.kind === "polygon", stroke, strokeWidth: 2, strokeScaleEnabled: false,
        fill: shape.kind === "polygon" ? stroke + "33" : undefined, draggable: editable && shape.kind !== "points",
        visible: shape.kind !== "points", hitStrokeWidth: 10,
      });
      line.on("dragend", () => {
        const dx = line.x();
        const dy = line.y();
        this.onEdit(shape.key, p.map((v, i) => v + (i % 2 ? dy : dx)));
      });
      this.overlay.add(line);
      pairs(p).forEach(([x, y], index) => {
        const handle = new Konva.Circle({
          x, y, radius: 5 / scale, fill: "#fff", stroke, strokeWidth: 2, strokeScaleEnabled: false,
          draggable: editable, name: "vertex",
        });
        handle.on("dragmove", () => {
          const points = line.points().slice();
          points[index * 2] = handle.x();
          points[index * 2 + 1] = handle.y();
          line.points(points);
        });
        handle.on("dragend", () => {
          const points = [...p];
          points[index * 2] = handle.x();
          points[index * 2 + 1] = handle.y();
          this.onEdit(shape.key, points);
        });
        this.overlay.add(handle);
      });
    }
    this.editing = { shape };
    this.overlay.batchDraw();
  }

  /** Whether a stage event hit the editable overlay (then the tools leave it to Konva). */
  onOverlay(target) {
    return Boolean(target && target.getLayer && target.getLayer() === this.overlay);
  }

  clear() {
    this.entries = [];
    this.overlay.destroyChildren();
    this.editing = null;
    this.layer.batchDraw();
  }
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inside(px, py, vertices) {
  let hit = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const [xi, yi] = vertices[i];
    const [xj, yj] = vertices[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function area(shape) {
  if (shape.kind === "mask") return shape.mask.area;
  const p = shape.points;
  if (shape.kind === "bbox") return (p[2] - p[0]) * (p[3] - p[1]);
  const xs = p.filter((_, i) => i % 2 === 0);
  const ys = p.filter((_, i) => i % 2 === 1);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

/** The shape under `point` (image pixels): the smallest one, so a box inside a box is reachable. */
export function hitTest(shapes, point, tolerance) {
  let best = null;
  for (const shape of shapes) {
    const { x, y } = point;
    const p = shape.points;
    let hit = false;
    if (shape.kind === "bbox") {
      hit = x >= p[0] - tolerance && x <= p[2] + tolerance && y >= p[1] - tolerance && y <= p[3] + tolerance;
    } else if (shape.kind === "polygon" || shape.kind === "polyline") {
      const vertices = pairs(p);
      if (shape.kind === "polygon" && inside(x, y, vertices)) hit = true;
      const edges = shape.kind === "polygon" ? vertices.length : vertices.length - 1;
      for (let i = 0; !hit && i < edges; i++) {
        hit = distanceToSegment(x, y, vertices[i], vertices[(i + 1) % vertices.length]) <= tolerance;
      }
    } else if (shape.kind === "mask") {
      hit = maskHas(shape.mask, x, y);
    } else if (shape.kind === "points") {
      hit = pairs(p).some(([px, py]) => Math.hypot(px - x, py - y) <= tolerance * 2);
    }
    if (hit && (!best || area(shape) <= area(best))) best = shape;
  }
  return best;
}
