// Keyboard shortcuts. One table drives both the handler and the help the page shows, so the help
// cannot drift from what the keys do.

/** [keys shown in the help, what it does, matcher(event), action name]. */
export const SHORTCUTS = [
  ["f, →", "next asset", (e) => plain(e) && (e.key === "f" || e.key === "ArrowRight"), "next"],
  ["d, ←", "previous asset", (e) => plain(e) && (e.key === "d" || e.key === "ArrowLeft"), "previous"],
  ["1 … 9", "choose the label of the next shape (or relabel the shape you selected)", (e) => plain(e) && /^[1-9]$/.test(e.key), "label"],
  ["v / Esc", "select tool / cancel drawing, deselect", (e) => plain(e) && (e.key === "v" || e.key === "Escape"), "select"],
  ["b", "draw boxes", (e) => plain(e) && e.key === "b", "bbox"],
  ["p", "draw polygons", (e) => plain(e) && e.key === "p", "polygon"],
  ["l", "draw polylines", (e) => plain(e) && e.key === "l", "polyline"],
  ["o", "draw points", (e) => plain(e) && e.key === "o", "points"],
  ["Enter", "finish the polygon, polyline or points", (e) => plain(e) && e.key === "Enter", "finish"],
  ["m", "fill the selected polygon or box into a mask", (e) => plain(e) && e.key === "m", "fill"],
  ["t", "tag the asset with the chosen label", (e) => plain(e) && e.key === "t", "tag"],
  ["Tab", "select the next shape (focus on the image)", (e) => e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey, "cycle"],
  ["Delete / Backspace", "delete the selected shape", (e) => plain(e) && (e.key === "Delete" || e.key === "Backspace"), "delete"],
  ["a / r", "accept / reject the selected prediction", (e) => plain(e) && (e.key === "a" || e.key === "r"), "judge"],
  ["+ / − / 0", "zoom in / out / fit", (e) => !e.ctrlKey && !e.metaKey && ["+", "=", "-", "0"].includes(e.key), "zoom"],
  ["Space + drag, middle drag", "pan", () => false, null],
  ["wheel", "zoom at the pointer", () => false, null],
  ["Ctrl+S", "save", (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === "s", "save"],
  ["Ctrl+Z", "undo", (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === "z", "undo"],
  ["Ctrl+Shift+Z, Ctrl+Y", "redo", (e) => mod(e) && ((e.shiftKey && e.key.toLowerCase() === "z") || e.key.toLowerCase() === "y"), "redo"],
  ["?", "show or hide this help", (e) => e.key === "?", "help"],
];

function plain(e) {
  return !e.ctrlKey && !e.metaKey && !e.altKey;
}

function mod(e) {
  return (e.ctrlKey || e.metaKey) && !e.altKey;
}

function onImage(target) {
  return !target || target === document.body || Boolean(target.closest && target.closest("#canvas"));
}

function typing(target) {
  return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/**
 * Listen on the window; `actions[name](event)` runs for a matching key. While the user types in a
 * field only Ctrl+S (and Escape, to leave the field) work. Returns the function that stops it.
 */
export function installKeys(actions, { onSpace }) {
  const down = (event) => {
    // A focused button keeps Enter and Space; Tab moves focus as usual outside the image.
    const onButton = event.target && event.target.tagName === "BUTTON";
    if (onButton && (event.key === "Enter" || event.key === " ")) return;
    if (event.key === "Tab" && !onImage(event.target)) return;
    if (event.key === " " && !typing(event.target)) {
      onSpace(true);
      event.preventDefault();
      return;
    }
    const inField = typing(event.target);
    for (const [, , matches, name] of SHORTCUTS) {
      if (!name || !matches(event)) continue;
      if (inField && name !== "save") {
        if (event.key === "Escape") event.target.blur();
        return;
      }
      if (actions[name] && actions[name](event) !== false) event.preventDefault();
      return;
    }
  };
  const up = (event) => {
    if (event.key === " ") onSpace(false);
  };
  window.addEventListener("keydown", down);
  window.addEventListener("keyup", up);
  return () => {
    window.removeEventListener("keydown", down);
    window.removeEventListener("keyup", up);
  };
}
