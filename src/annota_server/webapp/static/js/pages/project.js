// A project: its statistics, its labels (colour, kind), its tasks with how far their jobs are,
// and its models' evaluations (each opens the evaluation page).
import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { setCrumbs, workspaceCrumb, projectCrumb } from "../crumbs.js";
import { jobStatus, roleIn } from "../jobstate.js";
import { taskForm, exportForm, importForm, versionsSection } from "../projectadmin.js";
import { table, tableRow, progress } from "../table.js";

export async function render(view, params) {
  mount(view, h("p", { class: "muted" }, "Loading…"));
  const { data: project } = await api.get(`/api/projects/${encodeURIComponent(params.project)}`);
  // Lists are scoped by X-Workspace: scope them to the project's own workspace.
  api.workspace = project.workspace.slug;
  setCrumbs(workspaceCrumb(project.workspace), projectCrumb(project));
  const [tasks, jobs, role, evaluations] = await Promise.all([
    api.all("/api/tasks", { query: { project: project.id, sort: "id" } }),
    api.all("/api/jobs", { query: { project: project.id, sort: "id" } }),
    roleIn(project.workspace.id),
    api.get(`/api/projects/${project.id}/evaluations`, { query: { page_size: 20 } }),
  ]);
  // The same rule as the server's: viewers read, everyone else writes and exports.
  const writes = Boolean(api.user && api.user.is_admin) || (role !== null && role !== "viewer");
  const stats = project.statistics;
  mount(
    view,
    h("h1", { id: "project-name" }, project.name),
    writes ? h("p", {}, h("a", { href: `#/projects/${project.id}/edit`, id: "edit-project" }, "Edit the project and its labels")) : null,
    project.description ? h("p", { class: "muted" }, project.description) : null,
    h(
      "p",
      { class: "stats", dataset: { testid: "project-stats" } },
      `${stats.tasks} tasks · ${stats.jobs} jobs · ${stats.assets} assets · ${stats.annotations} shapes · `,
      stats.predictions ? `${stats.predictions} predictions to review · ` : null,
      progress(stats.annotated_assets, stats.assets, "Annotated assets"),
    ),
    jobSummary(jobs),
    h("h2", {}, "Labels"),
    labelTable(project.labels),
    h("h2", {}, "Tasks"),
    taskTable(tasks, jobs),
    h("h2", {}, "Evaluations"),
    evaluationTable(evaluations.data),
    writes
      ? h(
          "div",
          { class: "admin-panels" },
          taskForm(project, (task) => {
            window.location.hash = `#/tasks/${task.id}`;
          }),
          exportForm(project),
          importForm(project, () => window.location.reload()),
        )
      : null,
    await versionsSection(project, writes),
  );
}

/** How many jobs stand where ("2 new · 1 in review · 3 accepted"). */
function jobSummary(jobs) {
  const counts = new Map();
  for (const job of jobs) counts.set(jobStatus(job), (counts.get(jobStatus(job)) || 0) + 1);
  const parts = [...counts].map(([status, count]) => `${count} ${status}`);
  return h("p", { class: "muted", dataset: { testid: "job-summary" } }, parts.length ? "Jobs: " + parts.join(" · ") : "No jobs yet.");
}

function labelTable(labels) {
  const rows = labels.map((label) => {
    const swatch = h("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.backgroundColor = label.color; // set through the CSSOM: the CSP allows no inline style
    return tableRow([h("span", { class: "label-name" }, swatch, label.name), label.kind, label.color], {
      dataset: { testid: "label", label: String(label.id) },
    });
  });
  return table(["Label", "Kind", "Colour"], rows, { testid: "labels", empty: "No labels yet." });
}

function taskTable(tasks, jobs) {
  const rows = tasks.map((task) => {
    const own = jobs.filter((job) => job.task === task.id);
    const accepted = own.filter((job) => job.stage === "acceptance" && job.state === "completed").length;
    return tableRow(
      [
        h("a", { href: `#/tasks/${task.id}`, dataset: { testid: "task-link" } }, task.name),
        task.subset || "—",
        task.status.replace("_", " "),
        String(task.asset_count),
        String(own.length),
        progress(accepted, own.length, "Accepted jobs"),
      ],
      { dataset: { testid: "task", task: String(task.id) } },
    );
  });
  return table(["Task", "Subset", "Status", "Assets", "Jobs", "Accepted"], rows, { testid: "tasks", empty: "No tasks yet." });
}

const figure = (value) => (value === null || value === undefined ? "—" : value.toFixed(3));

/** The newest evaluations of the project's model versions, with their AP figures. */
function evaluationTable(page) {
  const rows = page.results.map((evaluation) =>
    tableRow(
      [
        h("a", { href: `#/evaluations/${evaluation.id}`, dataset: { testid: "evaluation-link" } }, `Evaluation ${evaluation.id}`),
        evaluation.model_version === null ? "(deleted)" : `version ${evaluation.model_version}`,
        evaluation.ground_truth === "reviewed" ? "reviewed jobs" : `dataset version ${evaluation.ground_truth}`,
        evaluation.kinds.join(", "),
        String(evaluation.asset_count),
        figure(evaluation.ap),
        figure(evaluation.ap50),
        figure(evaluation.ap75),
        new Date(evaluation.created_at).toLocaleString(),
      ],
      { dataset: { testid: "evaluation", evaluation: String(evaluation.id) } },
    ),
  );
  const more = page.count > page.results.length ? h("p", { class: "muted" }, `The newest ${page.results.length} of ${page.count}.`) : null;
  return [
    table(["Evaluation", "Model", "Ground truth", "Kinds", "Assets", "AP", "AP50", "AP75", "When"], rows, {
      testid: "evaluations",
      empty: "No evaluations yet: run project.evaluate(model_version) from the SDK.",
    }),
    more,
  ];
}
