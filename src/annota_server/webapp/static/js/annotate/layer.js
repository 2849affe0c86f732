// The shapes of the shown asset. Every shape lives on ONE layer that does not listen to events
// (hit canvases for 1,000 shapes would double the drawing); selecting is done by `hitTest` in
// plain JS. The selected shape is drawn again, editable, on a small overlay layer.
/* global Konva */
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

/** A Konva node drawing `shape` in image pixels (not listening). */
function build(shape, stroke, scale) {
  const prediction = isPrediction(shape);
  const common = {
    stroke,
    strokeWidth: prediction ? 1.5 : 2,
    strokeScaleEnabled: false,
    perfectDrawEnabled: false,
    shadowForStrokeEnabled: false,
    listening: false,
    dash: prediction ? [6 / scale, 4 / scale] : undefined,
  };
  let node;
  const p = shape.points;
  if (shape.kind === "bbox") {
    node = new Konva.Rect({ ...common, x: p[0], y: p[1], width: p[2] - p[0], height: p[3] - p[1], fill: stroke + "22" });
  } else if (shape.kind === "polygon" || shape.kind === "polyline") {
    const closed = shape.kind === "polygon";
    node = new Konva.Line({ ...common, points: [...p], closed, fill: closed ? stroke + "22" : undefined });
  } else if (shape.kind === "points") {
    node = new Konva.Shape({
      ...common,
      fill: stroke,
      sceneFunc(ctx, self) {
        const r = POINT_RADIUS / self.getAbsoluteScale().x;
        ctx.beginPath();
        for (const [x, y] of pairs(p)) {
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
        }
        ctx.fillStrokeShape(self);
      },
    });
  } else return null;
  if (!prediction) return node;
  // A prediction carries its score beside it.
  const group = new Konva.Group({ listening: false });
  group.add(node);
  const score = new Konva.Label({ x: p[0], y: p[1], listening: false, name: "score" });
  score.add(new Konva.Tag({ fill: stroke, opacity: 0.85, listening: false }));
  score.add(
    new Konva.Text({
      text: shape.score === null ? "model" : shape.score.toFixed(2),
      fontSize: 11 / scale,
      padding: 2 / scale,
      fill: "#fff",
      listening: false,
      perfectDrawEnabled: false,
    }),
  );
  group.add(score);
  group.setAttr("prediction", true);
  return group;
}

export class ShapeLayer {
  constructor(stage, editor, { onEdit }) {
    this.stage = stage;
    this.editor = editor;
    this.onEdit = onEdit;
    this.layer = stage.addLayer({ listening: false });
    this.overlay = stage.addLayer();
    this.nodes = new Map(); // key -> {shape, color, node}
    this.editing = null; // {shape, nodes}
    stage.onTransform((scale) => this.rescale(scale));
  }

  /** Redraw after the state changed: only shapes whose object changed are rebuilt. */
  render() {
    const editor = this.editor;
    const scale = this.stage.scale;
    const seen = new Set();
    for (const shape of editor.assetShapes()) {
      if (shape.kind === "tag" || !editor.visible(shape)) continue;
      seen.add(shape.key);
      const stroke = color(editor.labelById, shape);
      const entry = this.nodes.get(shape.key);
      if (entry && entry.shape === shape && entry.color === stroke) {
        entry.node.visible(shape.key !== editor.selected);
        continue;
      }
      if (entry) entry.node.destroy();
      const node = build(shape, stroke, scale);
      if (!node) continue;
      node.visible(shape.key !== editor.selected);
      this.layer.add(node);
      this.nodes.set(shape.key, { shape, color: stroke, node });
    }
    for (const [key, entry] of this.nodes) {
      if (seen.has(key)) continue;
      entry.node.destroy();
      this.nodes.delete(key);
    }
    this.layer.batchDraw();
    this.renderSelection();
  }

  /** Dashes and score labels keep their size on screen when zooming. */
  rescale(scale) {
    for (const { node } of this.nodes.values()) {
      if (!node.getAttr("prediction")) continue;
      const [outline, score] = node.getChildren();
      outline.dash([6 / scale, 4 / scale]);
      const text = score.getText();
      text.fontSize(11 / scale);
      text.padding(2 / scale);
    }
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
    if (shape.kind === "bbox") {
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
    for (const { node } of this.nodes.values()) node.destroy();
    this.nodes.clear();
    this.overlay.destroyChildren();
    this.editing = null;
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
    } else if (shape.kind === "points") {
      hit = pairs(p).some(([px, py]) => Math.hypot(px - x, py - y) <= tolerance * 2);
    }
    if (hit && (!best || area(shape) <= area(best))) best = shape;
  }
  return best;
}
