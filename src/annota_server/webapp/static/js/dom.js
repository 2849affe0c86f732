// Building DOM nodes. User-supplied text only ever becomes a Text node or an attribute value
// set through the DOM, never markup: a project named `<img src=x onerror=...>` shows as text.

/**
 * Create an element. `attrs` keys: `class`, `on<event>` (a listener), `dataset` (an object),
 * anything else is set as an attribute. Children: nodes, strings (as text), arrays, null.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "value") node.value = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Replace everything inside `node` with `children`. */
export function mount(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A short, readable message of an error (an ApiError carries the problem's detail). */
export function describe(error) {
  if (error && error.problem) {
    const fields = (error.problem.errors || []).map((e) => `${e.field}: ${e.message}`);
    return [error.problem.detail || error.problem.title, ...fields].filter(Boolean).join(" — ");
  }
  return String((error && error.message) || error);
}
