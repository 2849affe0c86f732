// Autosave: a moment after the last edit the page saves by itself, through the same save as the
// Save button (so a 412 shows the same conflict box). On by default; unticking it is remembered
// in this browser. Its state is always shown: on, pending, saving, off, or paused. A conflict
// pauses it until a save succeeds (by the Save button, after reapplying); a refused save until
// the next edit (which may be the fix), so it never retries the same failing request.
import { h } from "../dom.js";

const KEY = "annota.autosave";
export const DELAY_MS = 1500; // after the last edit: a burst of edits is one save

export class Autosave {
  /** `save()` resolves to "saved", "conflict" or "error" (the page's own save). */
  constructor(editor, save) {
    this.editor = editor;
    this.save = save;
    this.timer = null;
    this.paused = null; // why, while paused
    this.pausedBy = null; // "conflict" (until a save succeeds) or "error" (until the next edit)
    this.running = false;
    let stored = null;
    try {
      stored = window.localStorage.getItem(KEY);
    } catch (_) {
      // Storage refused (a private window): on, not remembered.
    }
    this.enabled = stored !== "off";
    this.box = h("input", { type: "checkbox", id: "autosave", checked: this.enabled, onchange: (event) => this.setEnabled(event.target.checked) });
    this.state = h("span", { id: "autosave-state", class: "muted", role: "status" });
    this.node = h("label", { class: "autosave", title: "Save by itself a moment after each edit" }, this.box, " Autosave ", this.state);
    this.unsubscribe = editor.onChange((what) => this.changed(what));
    this.show();
  }

  setEnabled(on) {
    this.enabled = on;
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch (_) {
      // not remembered
    }
    if (on) this.schedule();
    else this.cancel();
    this.show();
  }

  changed(what) {
    if (what === "saved") this.paused = null; // any successful save resumes it
    else if (this.pausedBy === "error" && what !== "view" && what !== "asset" && what !== "notice") this.paused = null; // an edit may be the fix: try again
    if (what === "saved" || what === "view" || what === "asset" || what === "notice") {
      this.show();
      return;
    }
    this.schedule();
  }

  schedule() {
    this.cancel();
    if (!this.enabled || this.paused || this.editor.readOnly || !this.editor.dirty) {
      this.show();
      return;
    }
    this.timer = window.setTimeout(() => this.run(), DELAY_MS);
    this.show("pending");
  }

  cancel() {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }

  async run() {
    this.timer = null;
    if (!this.enabled || this.paused || this.running || this.editor.readOnly || !this.editor.dirty) return;
    this.running = true;
    this.show("saving");
    try {
      const outcome = await this.save();
      this.pausedBy = outcome === "conflict" || outcome === "error" ? outcome : null;
      if (outcome === "conflict") this.paused = "the annotations changed meanwhile: resolve it above, then save";
      else if (outcome === "error") this.paused = "the last save failed: see why, and edit or save";
    } finally {
      this.running = false;
    }
    this.show();
    if (!this.paused && this.editor.dirty) this.schedule(); // edits made while it saved
  }

  show(doing = null) {
    let state;
    let text;
    if (!this.enabled) [state, text] = ["off", "off"];
    else if (this.editor.readOnly) [state, text] = ["off", "off (read-only)"];
    else if (this.paused) [state, text] = ["paused", `paused: ${this.paused}`];
    else if (doing === "saving") [state, text] = ["saving", "saving…"];
    else if (doing === "pending") [state, text] = ["pending", "on (saves in a moment)"];
    else [state, text] = ["on", "on"];
    this.node.dataset.state = state;
    this.state.textContent = text;
    this.node.classList.toggle("error", state === "paused");
  }

  destroy() {
    this.cancel();
    this.unsubscribe();
  }
}
