// The editor's state and every edit the UI can make. Views subscribe with `onChange` and redraw
// from the state; they never change it except through these methods (so undo sees every edit).
import { History } from "./history.js";
import { changed, changes, created, fromServer, isEmpty, isPrediction } from "./model.js";
import { kindProblem, toolProblem } from "./labelkinds.js";
import { hiddenByView, isLocked } from "./objects.js";
import { fitted } from "./attributes.js";

export class Editor {
  constructor({ job, labels, assets, annotations, etag }) {
    this.job = job;
    this.labels = labels;
    this.labelById = new Map(labels.map((l) => [l.id, l]));
    this.assets = assets;
    this.index = 0; // which asset of `assets` is shown
    this.history = new History();
    this.labelId = labels.length ? labels[0].id : null;
    this.tool = "select";
    this.selected = null; // key of the selected shape
    // Whether the user selected it (a click, Tab): only then do label keys relabel it. A shape
    // just drawn is selected too, but the next label key is for the next shape.
    this.chosen = false;
    this.notice = ""; // the last thing the user must be told at once (see tell)
    this.threshold = 0.5;
    this.readOnly = null; // why edits are refused (a viewer, an accepted job), or null
    this.listeners = new Set();
    this.load(annotations, etag);
  }

  /** Take the server's annotations as the new base and working state (after load or save). */
  load(annotations, etag) {
    this.shapes = annotations.shapes.map(fromServer);
    this.base = new Map(this.shapes.map((s) => [s.id, s]));
    this.etag = etag || null;
    this.meta = annotations; // revision, updated_by, updated_at when the server sends them
    this.history.clear();
    this.selected = null;
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(what = "shapes") {
    for (const listener of this.listeners) listener(what);
  }

  get asset() {
    return this.assets[this.index];
  }

  /** The shapes of the shown asset. */
  assetShapes() {
    const id = this.asset && this.asset.id;
    return this.shapes.filter((s) => s.asset === id);
  }

  /** Whether a shape is drawn: predictions under the threshold are hidden. */
  visible(shape) {
    if (this.view && hiddenByView(this, shape)) return false; // the object list's hide and filter
    return !isPrediction(shape) || shape.score === null || shape.score >= this.threshold;
  }

  /** Refuse edits of locked shapes (the object list locks them), saying so; true when refused. */
  refuseLocked(keys) {
    if (!this.view || !keys.some((key) => isLocked(this, key))) return false;
    this.tell("That shape is locked: unlock it in the object list to change it.");
    this.emit("refused");
    return true;
  }

  shape(key) {
    return this.shapes.find((s) => s.key === key) || null;
  }

  get pending() {
    return changes(this.base, this.shapes);
  }

  get dirty() {
    return !isEmpty(this.pending);
  }

  /** Replace the shapes (one undoable step). */
  commit(shapes, selected = this.selected) {
    if (this.readOnly) {
      this.emit("refused"); // views redraw what stands (a dragged shape goes back)
      return;
    }
    this.history.push(this.shapes);
    this.shapes = shapes;
    this.selected = selected && shapes.some((s) => s.key === selected) ? selected : null;
    this.emit();
  }

  add(kind, points, mask = null) {
    if (this.labelId === null) throw new Error("The project has no label: add one first.");
    const problem = kindProblem(this.labelById.get(this.labelId), kind);
    if (problem) {
      this.tell(problem);
      return null;
    }
    const shape = created(this.asset.id, this.labelId, kind, points, fitted(this.labelById.get(this.labelId), []), mask);
    this.commit([...this.shapes, shape], kind === "tag" ? this.selected : shape.key);
    if (kind !== "tag") this.chosen = false;
    return shape;
  }

  /** Tell the user something at once (views show `notice` on the "notice" event). */
  tell(text) {
    this.notice = text;
    this.emit("notice");
  }

  update(key, fields) {
    if (this.refuseLocked([key])) return;
    // A new label keeps the attributes it declares, with its defaults (as the server does).
    const fit = (s) => ("label" in fields && !fields.attributes ? { ...fields, attributes: fitted(this.labelById.get(fields.label), s.attributes) } : fields);
    this.commit(this.shapes.map((s) => (s.key === key ? changed(s, fit(s)) : s)));
  }

  remove(keys) {
    const gone = new Set(keys);
    if (!gone.size || this.refuseLocked([...gone])) return;
    this.commit(this.shapes.filter((s) => !gone.has(s.key)));
  }

  /** Accept predictions: they become a person's shapes. */
  accept(keys) {
    const set = new Set(keys);
    if (!set.size) return;
    this.commit(this.shapes.map((s) => (set.has(s.key) ? changed(s, { source: "manual", score: null, model_name: null }) : s)));
  }

  select(key) {
    this.selected = key;
    this.chosen = key !== null;
    this.emit("selection");
  }

  /**
   * Choose a label: it relabels the shape the user selected, else it is the next shape's. A
   * label whose kind does not fit that shape, or the drawing tool, is said so at once.
   */
  chooseLabel(id) {
    const label = this.labelById.get(id);
    if (!label) return;
    const shape = this.chosen && this.selected && this.shape(this.selected);
    if (shape && shape.kind !== "tag") {
      const problem = kindProblem(label, shape.kind);
      if (problem) {
        this.tell(`${problem} It keeps its label.`);
        return;
      }
      this.labelId = id;
      if (shape.label !== id) this.update(shape.key, { label: id });
      else this.emit("label");
      return;
    }
    this.labelId = id;
    this.emit("label");
    const problem = toolProblem(label, this.tool);
    if (problem) this.tell(problem);
  }

  setTool(tool) {
    if (this.readOnly && tool !== "select") return;
    this.tool = tool;
    // The brush and eraser work on the selected mask: switching between them keeps it.
    const shape = this.selected && this.shape(this.selected);
    const onMask = (tool === "brush" || tool === "eraser") && shape && shape.kind === "mask";
    if (tool !== "select" && !onMask) this.selected = null;
    this.emit("tool");
    const label = this.labelById.get(this.labelId);
    const problem = label && toolProblem(label, tool);
    if (problem) this.tell(problem);
  }

  setThreshold(value) {
    this.threshold = value;
    this.emit("shapes");
  }

  goto(index) {
    if (index < 0 || index >= this.assets.length || index === this.index) return false;
    this.index = index;
    this.selected = null;
    this.emit("asset");
    return true;
  }

  undo() {
    const state = this.history.undo(this.shapes);
    if (state) this.restore(state);
  }

  redo() {
    const state = this.history.redo(this.shapes);
    if (state) this.restore(state);
  }

  restore(state) {
    this.shapes = state;
    if (this.selected && !state.some((s) => s.key === this.selected)) this.selected = null;
    this.emit();
  }
}
