// A task: its assets as a grid of thumbnails (lazily loaded) and its jobs with their actions.
// A thumbnail opens the job that covers the asset, at that asset.
import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { setCrumbs, workspaceCrumb, projectCrumb, taskCrumb } from "../crumbs.js";
import { jobActions, jobRights, jobStatus, roleIn } from "../jobstate.js";
import { thumbnailLoader } from "../thumbs.js";
import { table, tableRow } from "../table.js";
import { assignForm, membersOf } from "../assign.js";
import { openIssueCounts } from "../annotate/issues.js";

/** The annotation page of a job, opened at the asset at `position` in the task. */
export function jobHref(jobId, position) {
  return `#/jobs/${jobId}?asset=${position}`;
}

export async function render(view, params) {
  mount(view, h("p", { class: "muted" }, "Loading…"));
  const { data: task } = await api.get(`/api/tasks/${encodeURIComponent(params.task)}`);
  const { data: project } = await api.get(`/api/projects/${task.project}`);
  api.workspace = project.workspace.slug; // lists below are scoped by X-Workspace
  setCrumbs(workspaceCrumb(project.workspace), projectCrumb(project), taskCrumb(task));
  const [assets, jobs, role, issues] = await Promise.all([
    api.all("/api/assets", { query: { task: task.id, sort: "position" }, limit: 100000 }),
    api.all("/api/jobs", { query: { task: task.id, sort: "id" } }),
    roleIn(project.workspace.id),
    openIssueCounts({ task: task.id }),
  ]);
  // Those who may write assign jobs, among the members (the server refuses anyone else).
  const writes = Boolean(api.user && api.user.is_admin) || (role !== null && role !== "viewer");
  const members = writes ? await membersOf(project.workspace.id) : null;
  const loader = thumbnailLoader({ size: 256, concurrency: 4 });
  mount(
    view,
    h("h1", { id: "task-name" }, task.name),
    h(
      "p",
      { class: "muted" },
      `${task.asset_count} assets · ${jobs.length} jobs · ${task.status.replace("_", " ")}`,
      task.subset ? ` · subset ${task.subset}` : null,
    ),
    h("h2", {}, "Jobs"),
    jobTable(jobs, role, members, issues),
    h("h2", {}, "Assets"),
    assetGrid(assets, loader),
  );
  return () => loader.close();
}

function jobTable(jobs, role, members, issues) {
  const note = h("p", { class: "muted", role: "status", id: "job-note" });
  const row = (job) => {
    const last = Math.max(job.start_position, job.stop_position - 1);
    const tr = tableRow(
      [
        h("a", { href: jobHref(job.id, job.start_position), dataset: { testid: "job-link" } }, `Job ${job.id}`),
        job.assignee ? job.assignee.username : "—",
        h("span", { dataset: { testid: "job-reviewer" } }, job.reviewer ? job.reviewer.username : "—"),
        h("span", { dataset: { testid: "job-stage" } }, job.stage),
        h("span", { dataset: { testid: "job-state" } }, job.state),
        h("span", { dataset: { testid: "job-status" } }, jobStatus(job)),
        `${job.start_position + 1}–${last + 1}`,
        h("span", { dataset: { testid: "job-open-issues" } }, String(issues.get(job.id) || 0)),
        jobActions(job, (changed, why) => {
          tr.replaceWith(row(changed));
          note.textContent = why || `Job ${changed.id} is now ${jobStatus(changed)}.`;
        }, jobRights(job, api.user, role)),
        ...(members
          ? [
              assignForm(job, members, (changed, why) => {
                tr.replaceWith(row(changed));
                note.textContent = why || `Job ${changed.id}: assigned to ${changed.assignee ? changed.assignee.username : "nobody"}, reviewed by ${changed.reviewer ? changed.reviewer.username : "nobody"}.`;
              }, jobRights({}, api.user, role).namesReviewer),
            ]
          : []),
      ],
      { dataset: { testid: "job", job: String(job.id) } },
    );
    return tr;
  };
  return [
    table(["Job", "Assignee", "Reviewer", "Stage", "State", "Status", "Assets", "Open issues", "Actions", ...(members ? ["Assign"] : [])], jobs.map(row), {
      testid: "jobs",
      empty: "No jobs yet: upload assets to make them.",
    }),
    note,
  ];
}

function assetGrid(assets, loader) {
  if (!assets.length) return h("p", { class: "muted" }, "No assets yet.");
  return h(
    "ul",
    { class: "thumbs", dataset: { testid: "thumbs" } },
    assets.map((asset) => {
      const img = h("img", { alt: asset.name, width: 160, height: 160, decoding: "async" });
      loader.observe(img, asset.id);
      return h(
        "li",
        {},
        h(
          "a",
          {
            href: jobHref(asset.job, asset.position),
            title: `${asset.name} (${asset.width ?? "?"}×${asset.height ?? "?"})`,
            dataset: { testid: "thumb", asset: String(asset.id), position: String(asset.position) },
          },
          img,
          h("span", { class: "name" }, asset.name),
        ),
      );
    }),
  );
}
