// The signed-in user's personal access tokens (#/tokens): create one (its secret is shown once,
// here, and never again), list them, revoke one. Through the public API (/api/auth/tokens).
import { api } from "../api.js";
import { h, mount, describe } from "../dom.js";
import { setCrumbs } from "../crumbs.js";
import { field, fieldError, formMessage, submit } from "../forms.js";
import { table, tableRow } from "../table.js";

const when = (moment, otherwise) => (moment ? new Date(moment).toLocaleString() : otherwise);

export async function render(view) {
  api.workspace = null;
  setCrumbs({ label: "Access tokens", href: "#/tokens" });
  const list = h("div", { id: "tokens" });
  const note = h("p", { class: "muted", role: "status", id: "tokens-note" });
  const secret = h("div", { id: "token-secret-slot" });

  async function refresh() {
    try {
      const tokens = await api.all("/api/auth/tokens", { limit: 1000 });
      mount(list, tokenTable(tokens));
    } catch (error) {
      note.textContent = describe(error);
    }
  }

  function tokenTable(tokens) {
    const rows = tokens.map((token) =>
      tableRow(
        [
          h("span", { dataset: { testid: "token-name" } }, token.name),
          h("code", {}, `${token.prefix}…`),
          when(token.created_at, "—"),
          when(token.expires_at, "never"),
          when(token.last_used_at, "never"),
          h("button", { type: "button", class: "danger", dataset: { testid: "revoke" }, onclick: () => revoke(token) }, "Revoke"),
        ],
        { dataset: { testid: "token", token: String(token.id) } },
      ),
    );
    return table(["Name", "Starts with", "Created", "Expires", "Last used", ""], rows, { testid: "token-table", empty: "No tokens yet." });
  }

  async function revoke(token) {
    if (!window.confirm(`Revoke “${token.name}”? Whatever uses it stops working.`)) return;
    try {
      await api.request("DELETE", `/api/auth/tokens/${token.id}`);
      note.textContent = `“${token.name}” was revoked.`;
    } catch (error) {
      note.textContent = describe(error);
    }
    await refresh();
  }

  const name = h("input", { type: "text", maxlength: "128", autocomplete: "off" });
  const expires = h("input", { type: "date" });
  const form = h(
    "form",
    { class: "admin-form", id: "create-token", novalidate: true },
    h("h2", {}, "Create a token"),
    formMessage(),
    field("What it is for", name, "name"),
    field("Expires on (optional)", expires, "expires_at"),
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary", id: "create-token-button" }, "Create")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { name: name.value.trim() };
    if (!body.name) return fieldError(form, "name", "Say what the token is for.");
    if (expires.value) body.expires_at = new Date(`${expires.value}T23:59:59`).toISOString();
    const made = await submit(form, async () => (await api.request("POST", "/api/auth/tokens", { body })).data);
    if (!made) return;
    name.value = "";
    expires.value = "";
    mount(
      secret,
      h(
        "div",
        { class: "notice", role: "note" },
        h("p", {}, `The secret of “${made.name}”: copy it now, it is not shown again.`),
        h("input", { type: "text", readonly: true, id: "token-secret", value: made.token, "aria-label": "The new token's secret", onfocus: (e) => e.target.select() }),
        h("button", { type: "button", id: "token-secret-done", onclick: () => mount(secret) }, "Done"),
      ),
    );
    await refresh();
  });

  await refresh();
  mount(view, h("h1", {}, "Access tokens"), note, secret, list, form);
}
