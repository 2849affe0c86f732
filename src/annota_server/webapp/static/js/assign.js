// Assigning a job: its assignee (who annotates) and reviewer (who accepts or sends back), chosen
// among the workspace's members (the server refuses anyone else). Sent with If-Match; a job
// changed meanwhile is read again and shown as it is now.
import { api, ApiError } from "./api.js";
import { h } from "./dom.js";
import { formMessage, submit } from "./forms.js";
import { jobEtag } from "./jobstate.js";

/** The workspace's members (memberships with their user), asked once per page. */
export function membersOf(workspaceId) {
  return api.all("/api/memberships", { query: { workspace: workspaceId } });
}

function picker(members, current, field, jobId) {
  return h(
    "select",
    { dataset: { field, testid: `${field}-select`, job: String(jobId) }, "aria-label": field === "assignee" ? "Assignee" : "Reviewer" },
    h("option", { value: "" }, "—"),
    members.map((m) => h("option", { value: String(m.user.id), selected: current && current.id === m.user.id }, `${m.user.username} (${m.role})`)),
  );
}

/**
 * A small form in the job's row: two pickers and *Assign*; `onChanged(job)` once saved. Only
 * owners and maintainers name the reviewer (`namesReviewer`); others see it, fixed.
 */
export function assignForm(job, members, onChanged, namesReviewer = true) {
  const assignee = picker(members, job.assignee, "assignee", job.id);
  const reviewer = picker(members, job.reviewer, "reviewer", job.id);
  if (!namesReviewer) {
    reviewer.disabled = true;
    reviewer.title = "Only the workspace's owners and maintainers name a job's reviewer.";
  }
  const form = h(
    "form",
    { class: "assign", dataset: { job: String(job.id) }, novalidate: true },
    assignee,
    reviewer,
    h("button", { type: "submit", dataset: { testid: "assign", job: String(job.id) } }, "Assign"),
    h("span", { class: "field-error", dataset: { errorFor: "assignee" } }),
    h("span", { class: "field-error", dataset: { errorFor: "reviewer" } }),
    formMessage(),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { assignee: assignee.value ? Number(assignee.value) : null };
    if (namesReviewer) body.reviewer = reviewer.value ? Number(reviewer.value) : null;
    const changed = await submit(form, async () => {
      try {
        return (await api.request("PATCH", `/api/jobs/${job.id}`, { body, ifMatch: jobEtag(job) })).data;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 412) throw error;
        const fresh = (await api.get(`/api/jobs/${job.id}`)).data;
        onChanged(fresh, `Someone changed job ${job.id} first; it is shown as it is now. Assign again.`);
        return undefined;
      }
    });
    if (changed) onChanged(changed);
  });
  return form;
}
