// Job-state actions: an annotator hands a job over for review, a reviewer accepts it or sends it
// back, and reopens an accepted one. The server decides who may (access.py: review decisions are
// the job's reviewer's or a maintainer's/owner's, never the assignee's; an accepted job is
// read-only); this module only offers the buttons the server would accept, for every page that
// shows a job:
//
//   annotation (new / in_progress / rejected) --Mark annotated--> validation, new
//   validation --Accept--> acceptance, completed
//   validation --Send back--> annotation, rejected
//   acceptance, completed --Reopen--> annotation, in_progress
import { api, ApiError } from "./api.js";
import { h, describe } from "./dom.js";

export const MARK_ANNOTATED = { stage: "validation", state: "new" };
export const ACCEPT = { stage: "acceptance", state: "completed" };
export const SEND_BACK = { stage: "annotation", state: "rejected" };
export const REOPEN = { stage: "annotation", state: "in_progress" };

const WRITERS = new Set(["member", "maintainer", "owner"]);
const REVIEWERS = new Set(["maintainer", "owner"]);

/** Whether a job is accepted (its annotations are then read-only until it is reopened). */
export function isAccepted(job) {
  return job.stage === "acceptance" && job.state === "completed";
}

/**
 * What `user` (api.user) with `role` in the job's workspace (null: none) may do with `job`:
 * {write, review, namesReviewer}. The server's rules, so that no button is offered to fail.
 */
export function jobRights(job, user, role) {
  const admin = Boolean(user && user.is_admin);
  const write = admin || WRITERS.has(role);
  const own = Boolean(user && job.assignee && job.assignee.id === user.id);
  const named = Boolean(user && job.reviewer && job.reviewer.id === user.id);
  const manager = admin || REVIEWERS.has(role);
  return { write, review: write && !own && (manager || named), namesReviewer: manager };
}

const roles = new Map(); // workspace id -> Promise of the caller's role there

/** The caller's role in a workspace (null when none, e.g. a site administrator), asked once. */
export function roleIn(workspaceId) {
  if (!roles.has(workspaceId)) {
    const asked = api.get(`/api/workspaces/${workspaceId}`).then(({ data }) => data.role);
    asked.catch(() => roles.delete(workspaceId)); // asked again next time
    roles.set(workspaceId, asked);
  }
  return roles.get(workspaceId);
}

/** A job's ETag, from the version every representation carries (lists have no ETag header). */
export function jobEtag(job) {
  return `"${job.id}-${job.version}"`;
}

/** A short human word for where a job stands, e.g. "in review" or "sent back". */
export function jobStatus(job) {
  if (job.stage === "acceptance") return job.state === "completed" ? "accepted" : "in acceptance";
  if (job.stage === "validation") return job.state === "completed" ? "reviewed" : "in review";
  if (job.state === "rejected") return "sent back";
  if (job.state === "completed") return "annotated";
  return job.state === "in_progress" ? "in progress" : "new";
}

/** Which actions a job offers now to someone with `rights`: [label, change, testid]. */
function actionsOf(job, rights) {
  if (job.stage === "annotation") {
    return rights.write ? [["Mark annotated", MARK_ANNOTATED, "mark-annotated"]] : [];
  }
  if (!rights.review) return [];
  if (job.stage === "validation") {
    return [
      ["Accept", ACCEPT, "accept"],
      ["Send back", SEND_BACK, "send-back"],
    ];
  }
  return isAccepted(job) ? [["Reopen", REOPEN, "reopen"]] : [];
}

/**
 * The buttons that move `job` on, as one DOM node, for a caller with `rights` (jobRights; all
 * when not given). Each PATCHes /api/jobs/{id} with If-Match; on success `onChanged(updatedJob)`
 * is called (the caller redraws, the node may be replaced). When someone else changed the job
 * first (412), the job is read again and `onChanged` gets the fresh one, with the reason shown:
 * the user decides again on what is current.
 */
export function jobActions(job, onChanged, rights = { write: true, review: true }) {
  const message = h("span", { class: "error job-error", role: "alert" });
  const buttons = actionsOf(job, rights).map(([label, change, testid]) =>
    h(
      "button",
      {
        type: "button",
        dataset: { testid, job: String(job.id) },
        onclick: () => act(change),
      },
      label,
    ),
  );
  const node = h("span", { class: "job-actions", dataset: { job: String(job.id) } }, buttons, message);

  async function act(change) {
    for (const button of buttons) button.disabled = true;
    message.textContent = "";
    try {
      const { data } = await api.request("PATCH", `/api/jobs/${job.id}`, { body: change, ifMatch: jobEtag(job) });
      onChanged(data);
    } catch (error) {
      for (const button of buttons) button.disabled = false;
      message.textContent = describe(error);
      if (error instanceof ApiError && error.status === 412) await reread(error);
    }
  }

  async function reread(error) {
    try {
      const { data } = await api.get(`/api/jobs/${job.id}`);
      onChanged(data, `Someone changed this job first (now ${jobStatus(data)}); nothing was changed.`);
    } catch (again) {
      message.textContent = `${describe(error)} — ${describe(again)}`;
    }
  }

  return node;
}
