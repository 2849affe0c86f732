// Job-state actions: an annotator hands a job over for review, a reviewer accepts it or sends it
// back. The server stores stage and state as they are given (it enforces no workflow), so the
// workflow lives here, in one place, for every page that shows a job:
//
//   annotation (new / in_progress / rejected) --Mark annotated--> validation, new
//   validation --Accept--> acceptance, completed
//   validation --Send back--> annotation, rejected
import { api, ApiError } from "./api.js";
import { h, describe } from "./dom.js";

export const MARK_ANNOTATED = { stage: "validation", state: "new" };
export const ACCEPT = { stage: "acceptance", state: "completed" };
export const SEND_BACK = { stage: "annotation", state: "rejected" };

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

/** Which actions a job offers now: [label, change, testid]. */
function actionsOf(job) {
  if (job.stage === "annotation") return [["Mark annotated", MARK_ANNOTATED, "mark-annotated"]];
  if (job.stage === "validation") {
    return [
      ["Accept", ACCEPT, "accept"],
      ["Send back", SEND_BACK, "send-back"],
    ];
  }
  return [];
}

/**
 * The buttons that move `job` on, as one DOM node. Each PATCHes /api/jobs/{id} with If-Match;
 * on success `onChanged(updatedJob)` is called (the caller redraws, the node may be replaced).
 * When someone else changed the job first (412), the job is read again and `onChanged` gets the
 * fresh one, with the reason shown: the user decides again on what is current.
 */
export function jobActions(job, onChanged) {
  const message = h("span", { class: "error job-error", role: "alert" });
  const buttons = actionsOf(job).map(([label, change, testid]) =>
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
