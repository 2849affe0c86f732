// Who may change this job's annotations: a viewer, or anyone on an accepted job, gets a read-only
// page (no drawing tools, no saving, a notice saying why) instead of learning it from a failed
// save. The server refuses those writes anyway (403, 409); this only keeps the page honest.
import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { isAccepted, jobRights, roleIn } from "../jobstate.js";

/** The caller's role in the job's workspace, asked alongside the page's other data. */
export async function roleForJob(jobId) {
  const { data: job } = await api.get(`/api/jobs/${jobId}`);
  const { data: project } = await api.get(`/api/projects/${job.project}`);
  return roleIn(project.workspace.id);
}

/** Why `user` with `role` may not change `job`'s annotations, or null when they may. */
export function readOnlyReason(job, user, role) {
  if (!jobRights(job, user, role).write) {
    return `You can look at this job but not change it: your role in its workspace is ${role || "none"}.`;
  }
  if (isAccepted(job)) {
    return "This job is accepted, so it is read-only: its reviewer or a maintainer can reopen it.";
  }
  return null;
}

/**
 * Make the page read-only or editable again for `job` (called on load and whenever the job
 * changes, e.g. once accepted or reopened): the editor refuses edits, the drawing tools and the
 * save buttons go, and `slot` shows the notice.
 */
export function applyAccess(root, editor, slot, job, role) {
  const reason = readOnlyReason(job, api.user, role);
  editor.readOnly = reason;
  if (reason && editor.tool !== "select") editor.setTool("select");
  root.classList.toggle("read-only", Boolean(reason));
  mount(slot, reason ? h("p", { class: "notice", id: "read-only-notice", role: "note" }, reason) : null);
  return reason;
}
