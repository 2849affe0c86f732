// The drawing tools: what a click or drag on the canvas does. `select` picks the shape under the
// pointer; `bbox` drags a box; `polygon`/`polyline`/`points` add a vertex per click and finish
// with Enter or a double-click (a click on a polygon's first vertex closes it too). `brush` paints
// a stroke of `brushSize` pixels into the selected mask (or a new one of the chosen label),
// `eraser` takes one out of the selected mask; a stroke is one undoable edit. `fillSelected` turns
// the selected polygon (or box) into a mask of the same label, when the label may have masks.
/* global Konva */
import { kindProblem } from "./labelkinds.js";
import { hitTest } from "./layer.js";
import { encodeBits, fillPolygon, maskBits, stamp } from "./mask.js";
import { changed, created } from "./model.js";

const MIN_VERTICES = { polygon: 3, polyline: 2, points: 1 };
export const TOOLS = ["select", "bbox", "polygon", "polyline", "points", "brush", "eraser"];

export class Tools {
  constructor(stage, layer, editor) {
    this.stage = stage;
    this.layer = layer;
    this.editor = editor;
    this.draftLayer = stage.addLayer({ listening: false });
    this.draft = null; // {kind, points, start?}
    this.brushSize = 20; // image pixels
    const konva = stage.stage;
    konva.on("mousedown", (event) => this.onDown(event));
    konva.on("mousemove", () => this.onMove());
    konva.on("mouseup", () => this.onUp());
    konva.on("dblclick", () => this.onDoubleClick());
  }

  /** The pointer in image pixels, kept inside the image. */
  point() {
    const p = this.stage.pointer();
    if (!p) return null;
    const { width, height } = this.stage.size;
    return { x: Math.min(width, Math.max(0, p.x)), y: Math.min(height, Math.max(0, p.y)) };
  }

  onDown(event) {
    if (event.evt.button !== 0 || this.stage.isPan(event)) return;
    const tool = this.editor.tool;
    const p = this.point();
    if (!p) return;
    if (tool === "select") {
      if (this.layer.onOverlay(event.target)) return; // dragging the selected shape
      const shapes = this.editor.assetShapes().filter((s) => s.kind !== "tag" && this.editor.visible(s));
      const hit = hitTest(shapes, p, 4 / this.stage.scale);
      this.editor.select(hit ? hit.key : null);
      return;
    }
    if (tool === "brush" || tool === "eraser") {
      const selected = this.editor.selected && this.editor.shape(this.editor.selected);
      const target = selected && selected.kind === "mask" && selected.asset === this.editor.asset.id ? selected : null;
      if (tool === "eraser" && !target) return; // nothing to erase from
      this.draft = { kind: tool, target, points: [p.x, p.y] };
    } else if (tool === "bbox") {
      this.draft = { kind: "bbox", start: p, points: [p.x, p.y, p.x, p.y] };
    } else {
      if (!this.draft) this.draft = { kind: tool, points: [] };
      const pts = this.draft.points;
      const r = 6 / this.stage.scale;
      if (tool === "polygon" && pts.length >= 6 && Math.hypot(pts[0] - p.x, pts[1] - p.y) < r) {
        this.finish();
        return;
      }
      pts.push(p.x, p.y);
    }
    this.drawDraft(p);
  }

  onMove() {
    if (!this.draft) return;
    const p = this.point();
    if (!p) return;
    if (this.draft.kind === "brush" || this.draft.kind === "eraser") {
      this.draft.points.push(p.x, p.y);
    } else if (this.draft.kind === "bbox") {
      const s = this.draft.start;
      this.draft.points = [Math.min(s.x, p.x), Math.min(s.y, p.y), Math.max(s.x, p.x), Math.max(s.y, p.y)];
    }
    this.drawDraft(p);
  }

  onUp() {
    if (this.draft && (this.draft.kind === "brush" || this.draft.kind === "eraser")) {
      this.finishStroke();
      return;
    }
    if (!this.draft || this.draft.kind !== "bbox") return;
    const [x0, y0, x1, y1] = this.draft.points;
    const tiny = 2 / this.stage.scale;
    this.draft = null;
    this.draftLayer.destroyChildren();
    this.draftLayer.batchDraw();
    if (x1 - x0 < tiny || y1 - y0 < tiny) return;
    this.editor.add("bbox", [x0, y0, x1, y1]);
  }

  /** Paint or erase the stroke into the mask's pixels, then store it as one edit. */
  finishStroke() {
    const { kind, target, points } = this.draft;
    this.cancel();
    const { width, height } = this.stage.size;
    const bits = target ? maskBits(target.mask) : new Uint8Array(width * height);
    stamp(bits, width, height, points, this.brushSize, kind === "brush" ? 1 : 0);
    const mask = encodeBits(bits, width, height);
    if (target && mask) this.editor.update(target.key, { mask });
    else if (target) this.editor.remove([target.key]); // erased entirely
    else if (mask) this.editor.add("mask", [], mask);
  }

  /**
   * Fill the selected polygon or box into a mask: the pixels whose centres are inside, with the
   * shape's label, attributes and order; the polygon goes. One undoable edit; false when refused.
   */
  fillSelected() {
    const editor = this.editor;
    const shape = editor.selected && editor.shape(editor.selected);
    if (!shape || !["polygon", "bbox"].includes(shape.kind) || shape.asset !== editor.asset.id) {
      editor.tell("Select a polygon or a box to fill it into a mask.");
      return false;
    }
    const label = editor.labelById.get(shape.label);
    const problem = label && kindProblem(label, "mask");
    if (problem) {
      editor.tell(`${problem} Choose another label for it first.`);
      return false;
    }
    if (editor.refuseLocked([shape.key])) return false;
    const { width, height } = this.stage.size;
    const [x0, y0, x1, y1] = shape.points;
    const outline = shape.kind === "bbox" ? [x0, y0, x1, y0, x1, y1, x0, y1] : shape.points;
    const mask = encodeBits(fillPolygon(outline, width, height), width, height);
    if (!mask) {
      editor.tell("It covers no pixel's centre: there is nothing to fill.");
      return false;
    }
    const filled = changed(created(shape.asset, shape.label, "mask", [], shape.attributes, mask), {
      occluded: shape.occluded,
      z_order: shape.z_order,
    });
    editor.commit(editor.shapes.map((s) => (s.key === shape.key ? filled : s)), filled.key);
    return true;
  }

  /** Konva calls two quick clicks anywhere a double-click: only one on the same spot finishes. */
  onDoubleClick() {
    const pts = this.draft && this.draft.points;
    if (!pts || ["bbox", "brush", "eraser"].includes(this.draft.kind) || pts.length < 4) return;
    const n = pts.length;
    if (Math.hypot(pts[n - 2] - pts[n - 4], pts[n - 1] - pts[n - 3]) <= 3 / this.stage.scale) this.finish();
  }

  /** Finish the polygon, polyline or points being drawn (Enter, double-click). */
  finish() {
    const draft = this.draft;
    if (!draft || ["bbox", "brush", "eraser"].includes(draft.kind)) return false;
    // A double-click adds the same vertex twice: drop repeats.
    const points = [];
    for (let i = 0; i < draft.points.length; i += 2) {
      const [x, y] = [draft.points[i], draft.points[i + 1]];
      const n = points.length;
      if (n && Math.hypot(points[n - 2] - x, points[n - 1] - y) <= 3 / this.stage.scale) continue;
      points.push(x, y);
    }
    this.cancel();
    if (points.length / 2 < MIN_VERTICES[draft.kind]) return false;
    this.editor.add(draft.kind, points);
    return true;
  }

  /** Drop what is being drawn (Escape). */
  cancel() {
    const had = Boolean(this.draft);
    this.draft = null;
    this.draftLayer.destroyChildren();
    this.draftLayer.batchDraw();
    return had;
  }

  get drawing() {
    return Boolean(this.draft);
  }

  drawDraft(pointer) {
    this.draftLayer.destroyChildren();
    const label = this.editor.labelById.get(this.editor.labelId);
    const stroke = (label && label.color) || "#ff9800";
    const common = { stroke, strokeWidth: 2, strokeScaleEnabled: false, dash: [4 / this.stage.scale, 3 / this.stage.scale] };
    const d = this.draft;
    if (d.kind === "brush" || d.kind === "eraser") {
      // The stroke as a round line of the brush's width (the pixels are painted on release).
      this.draftLayer.add(new Konva.Line({
        points: d.points.length > 2 ? d.points : [...d.points, ...d.points], stroke: d.kind === "brush" ? stroke : "#ffffff",
        strokeWidth: this.brushSize, lineCap: "round", lineJoin: "round", opacity: 0.5,
      }));
    } else if (d.kind === "bbox") {
      const [x0, y0, x1, y1] = d.points;
      this.draftLayer.add(new Konva.Rect({ ...common, x: x0, y: y0, width: x1 - x0, height: y1 - y0 }));
    } else {
      const pts = d.kind === "points" ? d.points : [...d.points, pointer.x, pointer.y];
      if (d.kind !== "points") this.draftLayer.add(new Konva.Line({ ...common, points: pts, closed: d.kind === "polygon" }));
      for (let i = 0; i < d.points.length; i += 2) {
        this.draftLayer.add(new Konva.Circle({ x: d.points[i], y: d.points[i + 1], radius: 4 / this.stage.scale, fill: stroke }));
      }
    }
    this.draftLayer.batchDraw();
  }
}
