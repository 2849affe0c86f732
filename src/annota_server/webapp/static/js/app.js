// The shell: the top bar and a hash router. Each route is a page module exporting
// `render(view, params, query)`; a page owns everything inside `view`.
import { api } from "./api.js";
import { h, mount, describe } from "./dom.js";

// Route patterns -> page modules (loaded on first use). `:name` captures a path segment.
const ROUTES = [
  ["/login", "./pages/login.js"],
  ["/", "./pages/home.js"],
  ["/projects/new", "./pages/projectform.js"],
  ["/projects/:project/edit", "./pages/projectform.js"],
  ["/projects/:project", "./pages/project.js"],
  ["/workspaces/:workspace/members", "./pages/members.js"],
  ["/tasks/:task", "./pages/task.js"],
  ["/jobs/:job", "./pages/annotate.js"],
  ["/admin/users", "./pages/users.js"],
  ["/tokens", "./pages/tokens.js"],
  ["/evaluations/:evaluation", "./pages/evaluation.js"],
];

function match(path) {
  for (const [pattern, module] of ROUTES) {
    const names = [];
    const regex = new RegExp(
      "^" + pattern.replace(/:([a-z]+)/g, (_, name) => (names.push(name), "([^/]+)")) + "$",
    );
    const found = regex.exec(path);
    if (found) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { module, params };
    }
  }
  return null;
}

/** Go to a route, e.g. `navigate("/projects/3")`. */
export function navigate(path) {
  window.location.hash = "#" + path;
}

function location() {
  const hash = window.location.hash.replace(/^#/, "") || "/";
  const [path, search = ""] = hash.split("?");
  return { path, query: new URLSearchParams(search) };
}

function renderBar() {
  const bar = document.getElementById("bar");
  const user = api.user;
  mount(
    bar,
    h("a", { href: "#/", class: "brand" }, "annota"),
    h("nav", { class: "crumbs", id: "crumbs" }),
    user
      ? h(
          "span",
          { class: "who" },
          h("span", { id: "username" }, user.username),
          user.is_admin ? h("a", { href: "#/admin/users", id: "admin-users" }, "Users") : null,
          h("a", { href: "#/tokens", id: "my-tokens" }, "Tokens"),
          h("button", { id: "sign-out", type: "button", onclick: signOut }, "Sign out"),
        )
      : null,
  );
}

async function signOut() {
  await api.logout();
  navigate("/login");
}

let rendering = 0;
let leave = null; // the current page's cleanup, if it returned one

async function route() {
  const ticket = ++rendering;
  const { path, query } = location();
  const view = document.getElementById("view");
  if (!api.signedIn && path !== "/login") {
    navigate("/login");
    return;
  }
  renderBar();
  if (typeof leave === "function") leave();
  leave = null;
  // Each navigation renders into a fresh container: a slower, older render that resolves late
  // writes into a detached node and never over the newer page.
  const container = h("div", { class: "page" });
  view.replaceChildren(container);
  const found = match(path);
  if (!found) {
    mount(container, h("p", { class: "error" }, "No such page: ", path));
    return;
  }
  try {
    const page = await import(found.module);
    if (ticket !== rendering) return;
    const cleanup = await page.render(container, found.params, query);
    if (ticket === rendering) leave = cleanup;
    else if (typeof cleanup === "function") cleanup(); // superseded while it rendered
  } catch (error) {
    if (ticket === rendering) mount(container, h("p", { class: "error", role: "alert" }, describe(error)));
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("annota:signed-out", () => navigate("/login"));
route();
