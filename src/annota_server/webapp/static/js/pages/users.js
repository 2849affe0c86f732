// The site's user accounts (#/admin/users), for site administrators: list them, create one,
// deactivate or reactivate one. Everything goes through the public API (/api/users), which
// refuses anyone else (403) whatever this page shows.
import { api } from "../api.js";
import { h, mount, describe } from "../dom.js";
import { setCrumbs } from "../crumbs.js";
import { field, fieldError, formMessage, submit } from "../forms.js";
import { table, tableRow } from "../table.js";

export async function render(view) {
  api.workspace = null;
  setCrumbs({ label: "Users", href: "#/admin/users" });
  if (!(api.user && api.user.is_admin)) {
    mount(view, h("h1", {}, "Users"), h("p", { class: "notice", id: "not-admin" }, "Only site administrators manage user accounts."));
    return;
  }
  const list = h("div", { id: "users" });
  const note = h("p", { class: "muted", role: "status", id: "users-note" });

  async function refresh() {
    try {
      const users = await api.all("/api/users", { query: { sort: "username" }, limit: 1000 });
      mount(list, userTable(users));
    } catch (error) {
      note.textContent = describe(error);
    }
  }

  function userTable(users) {
    const rows = users.map((user) =>
      tableRow(
        [
          h("span", { dataset: { testid: "user-name" } }, user.username),
          [user.first_name, user.last_name].filter(Boolean).join(" ") || "—",
          user.email || "—",
          user.is_admin ? "administrator" : "user",
          h("span", { dataset: { testid: "user-active" } }, user.is_active ? "active" : "deactivated"),
          user.last_login ? new Date(user.last_login).toLocaleString() : "never",
          user.id === api.user.id
            ? h("span", { class: "muted" }, "you")
            : h(
                "button",
                { type: "button", class: user.is_active ? "danger" : null, dataset: { testid: user.is_active ? "deactivate" : "reactivate" }, onclick: () => setActive(user, !user.is_active) },
                user.is_active ? "Deactivate" : "Reactivate",
              ),
        ],
        { dataset: { testid: "user", user: String(user.id) } },
      ),
    );
    return table(["Username", "Name", "Email", "Kind", "State", "Last sign-in", ""], rows, { testid: "user-table", empty: "No users." });
  }

  async function setActive(user, active) {
    if (!active && !window.confirm(`Deactivate ${user.username}? They can no longer sign in or use their tokens.`)) return;
    try {
      await api.request("PATCH", `/api/users/${user.id}`, { body: { is_active: active }, ifMatch: `"${user.id}-${user.version}"` });
      note.textContent = `${user.username} is ${active ? "active again" : "deactivated"}.`;
    } catch (error) {
      note.textContent = describe(error);
    }
    await refresh();
  }

  const inputs = {
    username: h("input", { type: "text", maxlength: "150", autocomplete: "off", required: true }),
    password: h("input", { type: "password", maxlength: "1024", autocomplete: "new-password", required: true }),
    email: h("input", { type: "email", maxlength: "254", autocomplete: "off" }),
    first_name: h("input", { type: "text", maxlength: "150", autocomplete: "off" }),
    last_name: h("input", { type: "text", maxlength: "150", autocomplete: "off" }),
    is_admin: h("input", { type: "checkbox" }),
  };
  const form = h(
    "form",
    { class: "admin-form", id: "create-user", novalidate: true },
    h("h2", {}, "Create a user"),
    formMessage(),
    field("Username", inputs.username, "username"),
    field("Password (at least 8 characters)", inputs.password, "password"),
    field("Email", inputs.email, "email"),
    field("First name", inputs.first_name, "first_name"),
    field("Last name", inputs.last_name, "last_name"),
    field("Site administrator", inputs.is_admin, "is_admin"),
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary", id: "create-user-button" }, "Create")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { username: inputs.username.value.trim(), password: inputs.password.value };
    for (const name of ["email", "first_name", "last_name"]) if (inputs[name].value.trim()) body[name] = inputs[name].value.trim();
    if (inputs.is_admin.checked) body.is_admin = true;
    if (!body.username) return fieldError(form, "username", "Choose a username.");
    if (body.password.length < 8) return fieldError(form, "password", "At least 8 characters.");
    const made = await submit(form, async () => (await api.request("POST", "/api/users", { body })).data);
    if (made) {
      note.textContent = `${made.username} was created.`;
      for (const input of Object.values(inputs)) {
        if (input.type === "checkbox") input.checked = false;
        else input.value = "";
      }
      await refresh();
    }
  });

  await refresh();
  mount(view, h("h1", {}, "Users"), note, list, form);
}
