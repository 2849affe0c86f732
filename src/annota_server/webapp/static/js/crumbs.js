// The breadcrumb trail in the top bar (workspace > project > task): each page says where it is.
import { h, mount } from "./dom.js";

/** The crumb of a workspace (a WorkspaceSummary or Workspace): home, filtered to it. */
export function workspaceCrumb(workspace) {
  return { label: workspace.name, href: "#/?workspace=" + encodeURIComponent(workspace.slug) };
}

/** The crumb of a project. */
export function projectCrumb(project) {
  return { label: project.name, href: "#/projects/" + project.id };
}

/** The crumb of a task. */
export function taskCrumb(task) {
  return { label: task.name, href: "#/tasks/" + task.id };
}

/**
 * Fill `#crumbs` with links; `items` are `{label, href}` (nulls are skipped). The last one is
 * the current page (aria-current), still a link so that it can be reopened.
 */
export function setCrumbs(...items) {
  const nav = document.getElementById("crumbs");
  if (!nav) return;
  const present = items.filter(Boolean);
  nav.setAttribute("aria-label", "Breadcrumbs");
  mount(
    nav,
    present.map((item, index) => [
      index > 0 ? h("span", { class: "sep", "aria-hidden": "true" }, "›") : null,
      h(
        "a",
        { href: item.href, "aria-current": index === present.length - 1 ? "page" : null, dataset: { crumb: String(index) } },
        item.label,
      ),
    ]),
  );
}
