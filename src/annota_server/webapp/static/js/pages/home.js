// Home: the user's workspaces and the projects in the chosen one (all visible ones by default),
// with their statistics. The choice lives in the address (`#/?workspace=slug`) so that it
// survives a reload and the back button.
import { api } from "../api.js";
import { h, mount, describe } from "../dom.js";
import { setCrumbs, workspaceCrumb } from "../crumbs.js";
import { table, tableRow, progress } from "../table.js";
import { limiter } from "../queue.js";
import { ACCEPT } from "../jobstate.js";

export async function render(view, params, query) {
  mount(view, h("p", { class: "muted" }, "Loading…"));
  const slug = query.get("workspace") || null;
  // Listing workspaces with X-Workspace set would list only that one.
  api.workspace = null;
  const workspaces = await api.all("/api/workspaces", { query: { sort: "name" } });
  const chosen = workspaces.find((workspace) => workspace.slug === slug) || null;
  api.workspace = chosen ? chosen.slug : null;
  setCrumbs(chosen ? workspaceCrumb(chosen) : null);
  const projects = await api.all("/api/projects", { query: { sort: "name" } });
  const counts = limiter(4);

  mount(
    view,
    h(
      "div",
      { class: "home" },
      workspaceList(workspaces, chosen),
      h(
        "section",
        { class: "projects", "aria-labelledby": "projects-heading" },
        h("h1", { id: "projects-heading" }, chosen ? chosen.name : "All projects"),
        slug && !chosen ? h("p", { class: "error", role: "alert" }, "No workspace ", slug, " among yours.") : null,
        chosen && chosen.description ? h("p", { class: "muted" }, chosen.description) : null,
        h(
          "p",
          { class: "actions" },
          !chosen || chosen.role !== "viewer"
            ? h("a", { href: "#/projects/new" + (chosen ? "?workspace=" + encodeURIComponent(chosen.slug) : ""), id: "new-project" }, "New project")
            : null,
          chosen && !chosen.is_personal ? [" · ", h("a", { href: `#/workspaces/${chosen.id}/members`, id: "workspace-members" }, "Members")] : null,
        ),
        projectTable(projects, !chosen, counts),
      ),
    ),
  );
  return () => counts.close();
}

function workspaceList(workspaces, chosen) {
  const item = (label, href, current, testid) =>
    h("li", {}, h("a", { href, "aria-current": current ? "page" : null, dataset: { testid } }, label));
  return h(
    "nav",
    { class: "workspaces", "aria-label": "Workspaces" },
    h("h2", {}, "Workspaces"),
    h(
      "ul",
      { id: "workspaces" },
      item("All", "#/", !chosen, "workspace-all"),
      workspaces.map((workspace) =>
        item(
          [workspace.name, workspace.is_personal ? h("span", { class: "muted" }, " (personal)") : null],
          "#/?workspace=" + encodeURIComponent(workspace.slug),
          chosen && chosen.id === workspace.id,
          "workspace",
        ),
      ),
    ),
  );
}

/**
 * A cell that fills in with how many of the project's jobs are accepted: the statistics carry no
 * job states, and a one-item page of the filtered list gives the count.
 */
function acceptedCell(project, counts) {
  const cell = h("span", { class: "muted", dataset: { testid: "accepted" } }, "…");
  const jobs = project.statistics.jobs;
  if (!jobs) {
    cell.replaceChildren(progress(0, 0, "Accepted jobs"));
    return cell;
  }
  counts
    .run(() => api.get("/api/jobs", { query: { project: project.id, ...ACCEPT, page_size: 1 } }))
    .then(
      ({ data }) => cell.replaceChildren(progress(data.count, jobs, "Accepted jobs")),
      (error) => {
        cell.className = "error";
        cell.textContent = describe(error);
      },
    );
  return cell;
}

function projectTable(projects, showWorkspace, counts) {
  const rows = projects.map((project) => {
    const stats = project.statistics;
    return tableRow(
      [
        h("a", { href: `#/projects/${project.id}`, dataset: { testid: "project-link" } }, project.name),
        showWorkspace ? project.workspace.name : null,
        project.type,
        String(stats.tasks),
        String(stats.jobs),
        String(stats.assets),
        progress(stats.annotated_assets, stats.assets, "Annotated assets"),
        String(stats.annotations),
        acceptedCell(project, counts),
      ].filter((cell) => cell !== null),
      { dataset: { testid: "project", project: String(project.id) } },
    );
  });
  const headings = ["Project", showWorkspace ? "Workspace" : null, "Type", "Tasks", "Jobs", "Assets", "Annotated", "Shapes", "Accepted jobs"];
  return table(
    headings.filter((heading) => heading !== null),
    rows,
    { testid: "projects", empty: "No projects here yet." },
  );
}
