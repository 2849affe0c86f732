// Saving: the user's edits become one PATCH of the job's annotations (create/update/delete),
// sent with If-Match so a change someone else made meanwhile answers 412 instead of being
// overwritten. Nothing here drops an edit: on any failure the working shapes stay as they were.
import { api, ApiError } from "../api.js";
import { fromServer, isEmpty, rebase, theirChanges } from "./model.js";

/** The job's annotations and their ETag (null when the server sends none). */
export async function fetchAnnotations(jobId) {
  const { data, etag } = await api.get(`/api/jobs/${jobId}/annotations`);
  return { annotations: data, etag };
}

/**
 * Save the editor's pending edits. Resolves to {saved: n} or {conflict} (412: someone changed the
 * annotations since they were loaded); rejects with the error of any other failure.
 */
export async function save(editor) {
  const pending = editor.pending;
  if (isEmpty(pending)) return { saved: 0 };
  const { createdKeys, ...body } = pending;
  let answer;
  try {
    answer = await api.request("PATCH", `/api/jobs/${editor.job.id}/annotations`, {
      body,
      ifMatch: editor.etag || undefined,
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) return { conflict: await conflictOf(editor, pending) };
    error.pending = pending; // what was sent: the problem's fields index into it
    throw error;
  }
  absorb(editor, answer.data, createdKeys);
  // A server that versions the annotations answers the new ETag; without one, re-read it.
  editor.etag = answer.etag || (editor.etag ? (await fetchAnnotations(editor.job.id)).etag : null);
  const count = body.create.length + body.update.length + body.delete.length;
  return { saved: count };
}

/** Fold the server's answer into the base (and give new shapes their ids) without losing later edits. */
function absorb(editor, result, createdKeys) {
  const ids = new Map(createdKeys.map((key, i) => [key, result.created[i]]));
  for (const id of result.deleted) editor.base.delete(id);
  for (const shape of [...result.created, ...result.updated]) editor.base.set(shape.id, fromServer(shape));
  const rekey = new Map();
  editor.shapes = editor.shapes.map((shape) => {
    const made = ids.get(shape.key);
    if (!made) return shape;
    const saved = fromServer(made);
    rekey.set(shape.key, saved.key);
    // Edits made while the request was in flight are kept: only the id is taken from the answer.
    return Object.freeze({ ...shape, id: saved.id, key: saved.key });
  });
  if (editor.selected && rekey.has(editor.selected)) editor.selected = rekey.get(editor.selected);
  // Undo steps before the save refer to shapes by their old keys; they would recreate saved ones.
  editor.history.clear();
  editor.emit("saved");
}

/** What the other change did, and the user's edits replayed onto it (not yet applied). */
async function conflictOf(editor, pending) {
  const { annotations, etag } = await fetchAnnotations(editor.job.id);
  const current = annotations.shapes.map(fromServer);
  return {
    annotations,
    etag,
    current,
    theirs: theirChanges(editor.base, current),
    mine: pending,
    by: annotations.updated_by || null,
    at: annotations.updated_at || null,
  };
}

/** Take the other change as the new base and put the user's edits back on top (one undo step). */
export function reapply(editor, conflict) {
  const { shapes, notes } = rebase(conflict.mine, editor.base, conflict.current, editor.shapes);
  editor.base = new Map(conflict.current.map((s) => [s.id, s]));
  editor.etag = conflict.etag;
  editor.meta = conflict.annotations;
  editor.history.clear();
  editor.shapes = shapes;
  if (editor.selected && !shapes.some((s) => s.key === editor.selected)) editor.selected = null;
  editor.emit();
  return notes;
}
