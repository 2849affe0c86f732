// Create a project with its labels (#/projects/new?workspace=<slug>), or edit one
// (#/projects/:project/edit): name, description, and labels (name, the shapes they are for,
// colour, typed attributes). Errors show beside their fields; nothing typed is lost.
import { api, ApiError } from "../api.js";
import { h, mount } from "../dom.js";
import { setCrumbs, workspaceCrumb, projectCrumb } from "../crumbs.js";
import { field, fieldError, formMessage, submit } from "../forms.js";
import { LabelRows } from "../labelrows.js";

function navigate(path) {
  window.location.hash = "#" + path;
}

const TYPES = ["detection", "segmentation", "classification", "keypoints"];

export async function render(view, params, query) {
  mount(view, h("p", { class: "muted" }, "Loading…"));
  const editing = Boolean(params.project);
  let project = null;
  let etag = null;
  let workspace = null;
  if (editing) {
    const answer = await api.get(`/api/projects/${encodeURIComponent(params.project)}`);
    project = answer.data;
    etag = answer.etag;
    workspace = project.workspace;
    setCrumbs(workspaceCrumb(workspace), projectCrumb(project));
  } else {
    api.workspace = null;
    const workspaces = await api.all("/api/workspaces", { query: { sort: "name" } });
    const writable = workspaces.filter((w) => w.role !== "viewer");
    workspace = writable.find((w) => w.slug === query.get("workspace")) || writable.find((w) => w.is_personal) || writable[0] || null;
    if (workspace) setCrumbs(workspaceCrumb(workspace));
    if (!workspace) {
      mount(view, h("p", { class: "error" }, "You may create projects in none of your workspaces."));
      return;
    }
  }

  const name = h("input", { type: "text", required: true, maxlength: "256", value: project ? project.name : "" });
  const description = h("textarea", { rows: "2", maxlength: "10000" }, project ? project.description : "");
  const type = h("select", { disabled: editing }, TYPES.map((t) => h("option", { value: t, selected: project ? project.type === t : t === "detection" }, t)));
  const labels = new LabelRows(project ? project.labels : []);
  if (!project) labels.add();
  const form = h(
    "form",
    { class: "admin-form", id: "project-form", novalidate: true },
    formMessage(),
    field("Name", name, "name"),
    field("Description", description, "description"),
    field("Type", type, "type"),
    labels.node,
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary", id: "save-project" }, editing ? "Save the project" : "Create the project")),
  );
  /**
   * The project's PATCH went through (a label's may still fail after it): later saves send its
   * new ETag, and the labels it added are existing ones now (changed, not created again).
   */
  function patched(answer) {
    project = answer.data;
    etag = answer.etag;
    for (const row of labels.list.children) {
      if (!row.label) row.label = project.labels.find((label) => label.name === row.querySelector(".label-name-input").value.trim()) || null;
    }
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const rows = labels.rows();
    if (!checked(form, name, rows)) return;
    const saved = await submit(form, async () => {
      try {
        return await (editing ? update(project, etag, name, description, rows, patched) : create(workspace, name, description, type, rows));
      } catch (error) {
        if (editing && error instanceof ApiError && error.status === 412) {
          stale();
          return undefined;
        }
        throw error;
      }
    });
    if (saved) navigate(`/projects/${saved.id}`);
  });

  /** Someone saved the project meanwhile: reload it (dropping these edits) or save over it. */
  function stale() {
    mount(
      form.querySelector(".form-message"),
      "Someone changed this project since you opened it; nothing was saved. ",
      h("button", { type: "button", id: "reload-project", onclick: () => window.location.reload() }, "Reload it (your edits go)"),
      " ",
      h(
        "button",
        {
          type: "button",
          id: "save-over",
          onclick: async () => {
            const fresh = await api.get(`/api/projects/${project.id}`);
            project = fresh.data;
            etag = fresh.etag;
            // The labels' own versions too: a row keeps what was typed, over the current label.
            const current = new Map(project.labels.map((label) => [label.id, label]));
            for (const row of labels.list.children) if (row.label) row.label = current.get(row.label.id) || row.label;
            form.requestSubmit();
          },
        },
        "Save mine over theirs",
      ),
    );
  }
  mount(view, h("h1", {}, editing ? `Edit ${project.name}` : "New project"), workspace ? h("p", { class: "muted" }, "In the workspace ", workspace.name) : null, form);
  name.focus();
}

/** The browser's own checks, before any request: a name, label names present and unique. */
function checked(form, name, rows) {
  let ok = true;
  if (!name.value.trim()) {
    fieldError(form, "name", "Give the project a name.");
    ok = false;
  }
  const seen = new Set();
  for (const row of rows) {
    if (!row.name) {
      fieldError(form, `labels.${row.index}.name`, "Give the label a name, or remove it.");
      ok = false;
    } else if (seen.has(row.name)) {
      fieldError(form, `labels.${row.index}.name`, `Another label is called “${row.name}”.`);
      ok = false;
    }
    seen.add(row.name);
    const names = new Set();
    row.attributes.forEach((spec, at) => {
      const where = `labels.${row.index}.attributes.${at}`;
      if (!spec.name) {
        fieldError(form, `${where}.name`, "Give the attribute a name, or remove it.");
        ok = false;
      } else if (names.has(spec.name)) {
        fieldError(form, `${where}.name`, `Another attribute is called “${spec.name}”.`);
        ok = false;
      }
      names.add(spec.name);
      if (spec.type === "select" && !spec.options.length) {
        fieldError(form, `${where}.options`, "List at least one option.");
        ok = false;
      }
    });
  }
  return ok;
}

async function create(workspace, name, description, type, rows) {
  const body = {
    name: name.value.trim(),
    description: description.value,
    type: type.value,
    labels: rows.map((row) => ({ name: row.name, kind: row.kind, color: row.color, attributes: row.attributes })),
  };
  const { data } = await api.request("POST", "/api/projects", { body, headers: { "X-Workspace": workspace.slug } });
  return data;
}

/** Name, description and new labels in one PATCH; each changed label in its own, after. */
async function update(project, etag, name, description, rows, patched) {
  const added = rows.filter((row) => !row.original);
  const body = { name: name.value.trim(), description: description.value };
  if (added.length) body.labels = added.map((row) => ({ name: row.name, kind: row.kind, color: row.color, attributes: row.attributes }));
  try {
    patched(await api.request("PATCH", `/api/projects/${project.id}`, { body, ifMatch: etag || undefined }));
  } catch (error) {
    // The request numbers the new labels from 0; the form numbers every row.
    error.rename = (field) => field.replace(/^labels\.(\d+)/, (_, i) => `labels.${added[Number(i)].index}`);
    throw error;
  }
  for (const row of rows) {
    const label = row.original;
    if (!label) continue;
    const change = {};
    if (row.name !== label.name) change.name = row.name;
    if (row.kind !== label.kind) change.kind = row.kind;
    if (row.color.toLowerCase() !== label.color.toLowerCase()) change.color = row.color;
    if (JSON.stringify(row.attributes) !== JSON.stringify(label.attributes || [])) change.attributes = row.attributes;
    if (!Object.keys(change).length) continue;
    try {
      const answer = await api.request("PATCH", `/api/labels/${label.id}`, { body: change, ifMatch: `"${label.id}-${label.version}"` });
      row.row.label = answer.data; // its new version, should a later label fail
    } catch (error) {
      if (error instanceof ApiError) error.rename = (field) => `labels.${row.index}.${field}`;
      throw error;
    }
  }
  return project;
}
