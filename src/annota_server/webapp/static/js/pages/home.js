// Home: the user's workspaces and the projects in the chosen one (all visible ones by default),
// with their statistics. The choice lives in the address (`#/?workspace=slug`) so that it
// survives a reload and the back button.
import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { setCrumbs, workspaceCrumb } from "../crumbs.js";
import { table, tableRow, progress } from "../table.js";

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
        projectTable(projects, !chosen),
      ),
    ),
  );
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

function projectTable(projects, showWorkspace) {
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
      ].filter((cell) => cell !== null),
      { dataset: { testid: "project", project: String(project.id) } },
    );
  });
  const headings = ["Project", showWorkspace ? "Workspace" : null, "Type", "Tasks", "Jobs", "Assets", "Annotated", "Shapes"];
  return table(
    headings.filter((heading) => heading !== null),
    rows,
    { testid: "projects", empty: "No projects here yet." },
  );
}
