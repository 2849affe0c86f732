// The editor's document: the job's shapes as immutable plain objects. An edit replaces objects
// (never mutates them), so undo keeps cheap snapshots (arrays of the same objects) and the shape
// layer redraws only the objects that changed identity.

let counter = 0;

/** A fresh key for a shape that has no server id yet. */
export function newKey() {
  counter += 1;
  return `new-${counter}`;
}

/** The editor's form of a server shape. */
export function fromServer(shape) {
  return Object.freeze({
    key: `id-${shape.id}`,
    id: shape.id,
    asset: shape.asset,
    label: shape.label,
    kind: shape.kind,
    points: Object.freeze([...shape.points]),
    // A mask's RLE with its bbox and area (the mask layer caches its pixels by this object).
    mask: shape.mask ? Object.freeze({ ...shape.mask }) : null,
    attributes: Object.freeze(shape.attributes.map((a) => Object.freeze({ name: a.name, value: a.value }))),
    occluded: Boolean(shape.occluded),
    z_order: shape.z_order || 0,
    source: shape.source || "manual",
    score: shape.score ?? null,
    model_name: shape.model_name ?? null,
  });
}

/** A new shape drawn by the user. */
export function created(asset, label, kind, points, attributes = [], mask = null) {
  return Object.freeze({
    key: newKey(),
    id: null,
    asset,
    label,
    kind,
    points: Object.freeze(points.map((v) => Math.round(v * 100) / 100)),
    mask: mask ? Object.freeze({ ...mask }) : null,
    attributes: Object.freeze(attributes),
    occluded: false,
    z_order: 0,
    source: "manual",
    score: null,
    model_name: null,
  });
}

/** `shape` with `changes` applied (a new object). */
export function changed(shape, changes) {
  const next = { ...shape, ...changes };
  if (changes.points) next.points = Object.freeze(changes.points.map((v) => Math.round(v * 100) / 100));
  if (changes.attributes) next.attributes = Object.freeze(changes.attributes.map((a) => Object.freeze({ ...a })));
  return Object.freeze(next);
}

/** What is sent of a mask: its RLE (the server computes the bbox and area again). */
function maskBody(mask) {
  return { size: [...mask.size], counts: mask.counts };
}

/** Whether a shape is a model's prediction still waiting for a person. */
export function isPrediction(shape) {
  return shape.source === "model";
}

const COMPARED = ["label", "kind", "occluded", "z_order", "source"];

function sameList(a, b) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameAttributes(a, b) {
  return a.length === b.length && a.every((x, i) => x.name === b[i].name && x.value === b[i].value);
}

/** The fields of `shape` that differ from `before` (empty when none). */
export function difference(before, shape) {
  const out = {};
  for (const name of COMPARED) if (before[name] !== shape[name]) out[name] = shape[name];
  if (!sameList(before.points, shape.points)) out.points = [...shape.points];
  if (!sameAttributes(before.attributes, shape.attributes)) out.attributes = shape.attributes.map((a) => ({ ...a }));
  if (shape.mask && (!before.mask || before.mask.counts !== shape.mask.counts)) out.mask = maskBody(shape.mask);
  return out;
}

/** The request body turning `base` (Map id -> shape) into `shapes`, with the keys it creates. */
export function changes(base, shapes) {
  const create = [];
  const createdKeys = [];
  const update = [];
  const kept = new Set();
  for (const shape of shapes) {
    if (shape.id === null) {
      const body = {
        asset: shape.asset,
        label: shape.label,
        kind: shape.kind,
        points: [...shape.points],
        attributes: shape.attributes.map((a) => ({ ...a })),
        occluded: shape.occluded,
        z_order: shape.z_order,
      };
      if (shape.mask) body.mask = maskBody(shape.mask);
      create.push(body);
      createdKeys.push(shape.key);
      continue;
    }
    kept.add(shape.id);
    const before = base.get(shape.id);
    if (!before) continue;
    const diff = difference(before, shape);
    if (Object.keys(diff).length) update.push({ id: shape.id, ...diff });
  }
  const remove = [...base.keys()].filter((id) => !kept.has(id));
  return { create, update, delete: remove, createdKeys };
}

/** Whether a change set changes nothing. */
export function isEmpty(set) {
  return !set.create.length && !set.update.length && !set.delete.length;
}

/**
 * Replay the user's edits (`mine`, from `changes(oldBase, shapes)`) onto the server's current
 * shapes. A shape the other person deleted but the user changed comes back as a new shape, so
 * the user's work is never dropped silently; `notes` says what happened.
 */
export function rebase(mine, oldBase, current, shapes) {
  const byId = new Map(current.map((s) => [s.id, s]));
  const notes = [];
  const deleted = new Set(mine.delete);
  const result = [];
  const updates = new Map(mine.update.map((u) => [u.id, u]));
  for (const theirs of current) {
    if (deleted.has(theirs.id)) continue;
    const update = updates.get(theirs.id);
    if (update) {
      const { id: _id, ...fields } = update;
      // The request carries a mask's RLE only; the editor keeps it with its bbox and area.
      if (fields.mask) fields.mask = shapes.find((s) => s.id === theirs.id).mask;
      result.push(changed(theirs, fields));
    } else result.push(theirs);
  }
  for (const update of mine.update) {
    if (byId.has(update.id)) continue;
    const mineShape = shapes.find((s) => s.id === update.id);
    notes.push(`shape ${update.id}, which you changed, was deleted by the other change: kept as a new shape`);
    result.push(Object.freeze({ ...mineShape, id: null, key: newKey(), source: mineShape.source === "model" ? "manual" : mineShape.source }));
  }
  const createdSet = new Set(mine.createdKeys);
  for (const shape of shapes) if (createdSet.has(shape.key)) result.push(shape);
  return { shapes: result, notes };
}

/** What changed on the server between `base` (Map id -> shape) and `current` (array). */
export function theirChanges(base, current) {
  const now = new Map(current.map((s) => [s.id, s]));
  const added = current.filter((s) => !base.has(s.id));
  const removed = [...base.values()].filter((s) => !now.has(s.id));
  const modified = current.filter((s) => base.has(s.id) && Object.keys(difference(base.get(s.id), s)).length);
  return { added, removed, modified };
}
