// A workspace's members and their roles (#/workspaces/:workspace/members). Owners (and site
// administrators) add members by username, change roles and remove members; others read.
import { api, ApiError } from "../api.js";
import { h, mount } from "../dom.js";
import { setCrumbs, workspaceCrumb } from "../crumbs.js";
import { field, fieldError, formMessage, submit } from "../forms.js";
import { table, tableRow } from "../table.js";

const ROLES = ["viewer", "member", "maintainer", "owner"];

function roleSelect(current, attrs = {}) {
  return h("select", attrs, ROLES.map((role) => h("option", { value: role, selected: role === current }, role)));
}

export async function render(view, params) {
  mount(view, h("p", { class: "muted" }, "Loading…"));
  api.workspace = null;
  const { data: workspace } = await api.get(`/api/workspaces/${encodeURIComponent(params.workspace)}`);
  setCrumbs(workspaceCrumb(workspace));
  const manages = Boolean(api.user && api.user.is_admin) || workspace.role === "owner";
  const list = h("div", { id: "members" });
  const note = h("p", { class: "muted", role: "status", id: "members-note" });

  async function refresh() {
    const members = await api.all("/api/memberships", { query: { workspace: workspace.id } });
    mount(list, memberTable(members));
  }

  function memberTable(members) {
    const rows = members.map((m) => {
      const cells = [h("span", { dataset: { testid: "member-name" } }, m.user.username), manages ? roleForm(m) : m.role];
      if (manages) cells.push(h("button", { type: "button", class: "danger", dataset: { testid: "remove-member" }, onclick: () => remove(m) }, "Remove"));
      return tableRow(cells, { dataset: { testid: "member", user: String(m.user.id) } });
    });
    return table(["Member", "Role", ...(manages ? [""] : [])], rows, { testid: "member-table", empty: "No members." });
  }

  function roleForm(membership) {
    const select = roleSelect(membership.role, { "aria-label": `Role of ${membership.user.username}`, dataset: { field: "role", testid: "member-role" } });
    const form = h("form", { class: "inline" }, select, h("button", { type: "submit" }, "Change"), h("span", { class: "field-error", dataset: { errorFor: "role" } }), formMessage());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const done = await submit(form, () =>
        api.request("PATCH", `/api/memberships/${membership.id}`, { body: { role: select.value }, ifMatch: `"${membership.id}-${membership.version}"` }),
      );
      if (done) {
        note.textContent = `${membership.user.username} is now ${select.value}.`;
        await refresh();
      }
    });
    return form;
  }

  async function remove(membership) {
    if (!window.confirm(`Remove ${membership.user.username} from ${workspace.name}?`)) return;
    try {
      await api.request("DELETE", `/api/memberships/${membership.id}`);
      note.textContent = `${membership.user.username} was removed.`;
    } catch (error) {
      note.textContent = error instanceof ApiError && error.problem ? error.problem.detail : String(error);
    }
    await refresh();
  }

  const username = h("input", { type: "text", maxlength: "150", autocomplete: "off" });
  const role = roleSelect("member");
  const add = h(
    "form",
    { class: "admin-form", id: "add-member", novalidate: true },
    h("h2", {}, "Add a member"),
    formMessage(),
    field("Username", username, "user"),
    field("Role", role, "role"),
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary", id: "add-member-button" }, "Add")),
  );
  add.addEventListener("submit", async (event) => {
    event.preventDefault();
    const wanted = username.value.trim();
    if (!wanted) return fieldError(add, "user", "Type the username of the person to add.");
    const made = await submit(add, async () => {
      const found = await api.get("/api/users", { query: { username: wanted } });
      const user = found.data.results[0];
      if (!user) {
        const error = new ApiError(400, { detail: "No such user.", errors: [{ field: "user", message: `nobody has the username “${wanted}”` }] }, null);
        throw error;
      }
      return (await api.request("POST", "/api/memberships", { body: { workspace: workspace.id, user: user.id, role: role.value } })).data;
    });
    if (made) {
      note.textContent = `${made.user.username} joined as ${made.role}.`;
      username.value = "";
      await refresh();
    }
  });

  await refresh();
  mount(view, h("h1", {}, `Members of ${workspace.name}`), note, list, manages ? add : null);
}
