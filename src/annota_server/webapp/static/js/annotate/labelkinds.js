// Which shapes a label may be given to (its `kind`: `any` or one shape kind), in words a person
// can act on. The server checks the same at save; the page checks it the moment a label, a tool
// or a shape meets another, so nothing waits for the save to fail.

const NOUNS = { bbox: "box", polygon: "polygon", polyline: "polyline", points: "points shape", tag: "tag", mask: "mask" };
const PLURALS = { bbox: "boxes", polygon: "polygons", polyline: "polylines", points: "points", tag: "tags", mask: "masks" };
const TOOLS = { bbox: "Box", polygon: "Polygon", polyline: "Polyline", points: "Points" };

/** "a box", "a polygon": a shape kind as a noun. */
export function shapeNoun(kind) {
  const noun = NOUNS[kind] || kind;
  return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

/** Whether `label` may be given to a shape of `kind`. */
export function fits(label, kind) {
  return !label.kind || label.kind === "any" || label.kind === kind;
}

/** Why `label` cannot go on a shape of `kind`, or null when it can. */
export function kindProblem(label, kind) {
  if (fits(label, kind)) return null;
  return `“${label.name}” is for ${PLURALS[label.kind] || label.kind} only: ${shapeNoun(kind)} cannot have it.`;
}

/** The same when drawing with `tool`, saying what to do instead; null when it fits. */
export function toolProblem(label, tool) {
  if (!TOOLS[tool] || fits(label, tool)) return null;
  const other = TOOLS[label.kind] ? `the ${TOOLS[label.kind]} tool` : `a ${label.kind}`;
  return `${kindProblem(label, tool)} Draw it with ${other}, or choose another label.`;
}
