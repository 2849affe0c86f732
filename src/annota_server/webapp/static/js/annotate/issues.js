// Review issues on the annotation page: a reviewer (or a maintainer) pins an issue with a message
// to a point or a box of the image, or to the selected shape; pins are drawn over the image; a
// side list shows the shown asset's issues with their comment threads, where the job's assignee,
// reviewer and the maintainers answer, resolve and reopen. The server decides who may
// (access.py); `issueRights` only offers what it would accept.
/* global Konva */
import { api } from "../api.js";
import { h, mount, describe } from "../dom.js";

const WRITERS = new Set(["member", "maintainer", "owner"]);
const MANAGERS = new Set(["maintainer", "owner"]);
const OPEN_COLOUR = "#ff9800";
const RESOLVED_COLOUR = "#8bc34a";

/** What `user` with `role` in the workspace may do with `job`'s issues: {raise, discuss}. */
export function issueRights(job, user, role) {
  const admin = Boolean(user && user.is_admin);
  const manager = admin || MANAGERS.has(role);
  const writes = admin || WRITERS.has(role);
  const is = (who) => Boolean(user && who && who.id === user.id);
  return {
    raise: manager || (writes && is(job.reviewer)),
    discuss: manager || (writes && (is(job.assignee) || is(job.reviewer))),
  };
}

/** The open issues of the given jobs (one request per page of issues): Map job id -> count. */
export async function openIssueCounts(query) {
  const issues = await api.all("/api/issues", { query: { ...query, resolved: "false" }, limit: 100000 });
  const counts = new Map();
  for (const issue of issues) counts.set(issue.job, (counts.get(issue.job) || 0) + 1);
  return counts;
}

export class IssuesPanel {
  /**
   * `root` is the panel's own element; `stage` the page's Stage (pins go on a layer of their own);
   * `editor` gives the shown asset and the selected shape.
   */
  constructor(root, { stage, editor, job, role }) {
    this.root = root;
    this.stage = stage;
    this.editor = editor;
    this.job = job;
    this.rights = issueRights(job, api.user, role);
    this.issues = []; // every issue of the job
    this.comments = new Map(); // issue id -> its comments, once read
    this.showResolved = false;
    this.pinning = null; // {start, region} while a reviewer picks where
    this.draft = null; // {region, shape} once picked, until raised or cancelled
    this.focused = null; // the issue whose pin is highlighted
    this.message = "";
    this.layer = stage.addLayer({ listening: false });
    // While pinning, the pointer over the view is this module's: caught on the way down to
    // Konva (capture phase) and stopped there, so no tool selects, draws or pans meanwhile.
    this.catchers = {
      pointerdown: (event) => this.onDown(event),
      pointermove: (event) => this.onMove(event),
      pointerup: (event) => this.onUp(event),
      mousedown: stop,
      mousemove: stop,
      mouseup: stop,
    };
    this.pins = new Konva.Group();
    this.layer.add(this.pins);
    stage.onTransform(() => this.drawPins());
    this.render();
  }

  /** Read the job's issues (all of them: a job has few), then show the shown asset's. */
  async load() {
    try {
      this.issues = await api.all("/api/issues", { query: { job: this.job.id, sort: "id" } });
      this.message = "";
    } catch (error) {
      this.message = describe(error);
    }
    await this.readThreads();
    this.render();
    this.drawPins();
  }

  /** The shown asset changed. */
  async showAsset() {
    this.cancel();
    await this.readThreads();
    this.render();
    this.drawPins();
  }

  get assetIssues() {
    const asset = this.editor.asset;
    return this.issues.filter((i) => asset && i.asset === asset.id && (this.showResolved || !i.resolved));
  }

  async readThreads() {
    const unread = this.assetIssues.filter((i) => i.comment_count && !this.comments.has(i.id));
    await Promise.all(unread.map((issue) => this.readThread(issue.id)));
  }

  async readThread(issueId) {
    try {
      this.comments.set(issueId, await api.all(`/api/issues/${issueId}/comments`));
    } catch (error) {
      this.message = describe(error);
    }
  }

  // ----- pinning

  startPinning() {
    this.draft = null;
    this.pinning = { start: null, region: null };
    for (const [name, handler] of Object.entries(this.catchers)) {
      this.stage.container.addEventListener(name, handler, true);
    }
    this.layer.moveToTop(); // above any layer added since
    this.root.closest(".annotate")?.classList.add("pinning");
    this.render();
  }

  pinToSelected() {
    const shape = this.selectedShape();
    if (!shape) return;
    this.stopPinning();
    this.draft = { shape, region: null };
    this.render();
    this.root.querySelector("#issue-message")?.focus();
  }

  selectedShape() {
    const key = this.editor.selected;
    const shape = key && this.editor.shape(key);
    // Only a saved shape has an id the server knows.
    return shape && shape.id && shape.asset === this.editor.asset.id ? shape : null;
  }

  stopPinning() {
    this.pinning = null;
    for (const [name, handler] of Object.entries(this.catchers)) {
      this.stage.container.removeEventListener(name, handler, true);
    }
    this.root.closest(".annotate")?.classList.remove("pinning");
  }

  cancel() {
    this.stopPinning();
    this.draft = null;
    this.render();
    this.drawPins();
  }

  /** Where the event is, in image pixels inside the image. */
  point(event) {
    this.stage.stage.setPointersPositions(event);
    const p = this.stage.pointer();
    if (!p) return null;
    const { width, height } = this.stage.size;
    return { x: Math.min(width, Math.max(0, p.x)), y: Math.min(height, Math.max(0, p.y)) };
  }

  onDown(event) {
    stop(event);
    if (!this.pinning || event.button !== 0) return;
    this.pinning.start = this.point(event);
  }

  onMove(event) {
    stop(event);
    if (!this.pinning || !this.pinning.start) return;
    this.pinning.region = regionBetween(this.pinning.start, this.point(event) || this.pinning.start, this.stage.scale);
    this.drawPins();
  }

  onUp(event) {
    stop(event);
    if (!this.pinning || !this.pinning.start) return;
    const region = regionBetween(this.pinning.start, this.point(event) || this.pinning.start, this.stage.scale);
    this.stopPinning();
    this.draft = { region, shape: null };
    this.render();
    this.drawPins();
    this.root.querySelector("#issue-message")?.focus();
  }

  async raise(text) {
    const body = { asset: this.editor.asset.id, message: text };
    if (this.draft.region) body.region = this.draft.region;
    if (this.draft.shape) body.shape = this.draft.shape.id;
    const { data } = await api.request("POST", `/api/jobs/${this.job.id}/issues`, { body });
    this.issues.push(data);
    this.draft = null;
    this.focused = data.id;
    this.message = "Issue raised.";
  }

  // ----- answering

  async answer(issue, text) {
    const { data } = await api.request("POST", `/api/issues/${issue.id}/comments`, { body: { message: text } });
    this.comments.set(issue.id, [...(this.comments.get(issue.id) || []), data]);
    await this.reread(issue.id);
  }

  async setResolved(issue, resolved) {
    const { data } = await api.request("PATCH", `/api/issues/${issue.id}`, {
      body: { resolved },
      ifMatch: `"${issue.id}-${issue.version}"`,
    });
    this.replace(data);
    this.message = resolved ? `Issue ${issue.id} resolved.` : `Issue ${issue.id} reopened.`;
  }

  async reread(issueId) {
    const { data } = await api.get(`/api/issues/${issueId}`);
    this.replace(data);
  }

  replace(issue) {
    this.issues = this.issues.map((i) => (i.id === issue.id ? issue : i));
  }

  /** Run an action of the list: errors show in the panel and what was typed stays. */
  async act(work) {
    try {
      await work();
    } catch (error) {
      this.message = describe(error);
      this.render();
      return false;
    }
    this.render();
    this.drawPins();
    return true;
  }

  // ----- drawing

  drawPins() {
    this.pins.destroyChildren();
    const scale = this.stage.scale || 1;
    const shown = this.assetIssues.map((issue) => ({ issue, region: issue.region }));
    const pending = (this.pinning && this.pinning.region) || (this.draft && this.draft.region);
    if (pending) shown.push({ issue: null, region: pending });
    for (const { issue, region } of shown) {
      if (!region) continue;
      const colour = issue && issue.resolved ? RESOLVED_COLOUR : OPEN_COLOUR;
      const width = (issue && issue.id === this.focused ? 3 : 2) / scale;
      const [x, y] = region.points;
      if (region.kind === "box") {
        const [, , x2, y2] = region.points;
        this.pins.add(new Konva.Rect({ x, y, width: x2 - x, height: y2 - y, stroke: colour, strokeWidth: width, dash: [6 / scale, 4 / scale] }));
      } else {
        this.pins.add(new Konva.Circle({ x, y, radius: 7 / scale, stroke: colour, strokeWidth: width, fill: "rgba(255,152,0,0.25)" }));
      }
      if (issue) {
        this.pins.add(new Konva.Text({ x: x + 4 / scale, y: y - 16 / scale, text: `#${issue.id}`, fontSize: 13 / scale, fill: colour, fontStyle: "bold" }));
      }
    }
    this.layer.batchDraw();
    this.stage.container.dataset.issuePins = String(this.pins.getChildren((n) => n.className !== "Text").length);
  }

  // ----- the list

  render() {
    const asset = this.editor.asset;
    const openInJob = this.issues.filter((i) => !i.resolved).length;
    const list = this.assetIssues;
    mount(
      this.root,
      h("h3", {}, "Issues"),
      h("p", { class: "muted", id: "job-open-issues" }, `${openInJob} open in this job`),
      this.rights.raise ? this.raiseControls() : null,
      h(
        "label",
        { class: "check" },
        h("input", {
          type: "checkbox",
          id: "show-resolved",
          checked: this.showResolved,
          onchange: async (event) => {
            this.showResolved = event.target.checked;
            await this.readThreads();
            this.render();
            this.drawPins();
          },
        }),
        " Show resolved",
      ),
      list.length
        ? h("ol", { class: "plain issue-list", id: "issue-list" }, list.map((issue) => this.item(issue)))
        : h("p", { class: "muted", id: "no-issues" }, asset ? "No issues on this asset." : ""),
      h("p", { class: "muted", role: "status", id: "issue-status" }, this.message),
    );
  }

  raiseControls() {
    if (this.draft) {
      const what = this.draft.shape ? `the selected shape (${this.draft.shape.kind})` : `a ${this.draft.region.kind}`;
      const text = h("textarea", { id: "issue-message", rows: "3", maxlength: "4096", placeholder: "What is wrong?", "aria-label": "Issue message" });
      const submit = h("button", { type: "button", class: "primary", id: "issue-submit" }, "Raise issue");
      submit.addEventListener("click", () => {
        if (!text.value.trim()) {
          this.message = "Write what is wrong first.";
          this.render();
          return;
        }
        const typed = text.value;
        this.act(() => this.raise(typed)).then((ok) => {
          // On an error the form is drawn again: give back what was typed.
          const again = !ok && this.root.querySelector("#issue-message");
          if (again) again.value = typed;
        });
      });
      return h(
        "div",
        { class: "issue-form", id: "issue-form" },
        h("p", {}, `New issue on ${what}:`),
        text,
        h("div", { class: "row" }, submit, h("button", { type: "button", id: "issue-cancel", onclick: () => this.cancel() }, "Cancel")),
      );
    }
    if (this.pinning) {
      return h(
        "div",
        { class: "issue-form" },
        h("p", { id: "pin-hint" }, "Click a point or drag a box on the image."),
        h(
          "div",
          { class: "row" },
          this.selectedShape() ? h("button", { type: "button", id: "pin-shape", onclick: () => this.pinToSelected() }, "Pin to the selected shape") : null,
          h("button", { type: "button", id: "issue-cancel", onclick: () => this.cancel() }, "Cancel"),
        ),
      );
    }
    return h("div", { class: "row" }, h("button", { type: "button", id: "raise-issue", onclick: () => this.startPinning() }, "Raise an issue"));
  }

  item(issue) {
    const thread = this.comments.get(issue.id) || [];
    const who = (user) => (user ? user.username : "(deleted)");
    const li = h(
      "li",
      {
        class: `issue ${issue.resolved ? "resolved" : "open"}${issue.id === this.focused ? " focused" : ""}`,
        dataset: { testid: "issue", issue: String(issue.id), resolved: String(issue.resolved) },
      },
      h(
        "button",
        { type: "button", class: "link", title: "Show its pin", onclick: () => { this.focused = issue.id; this.render(); this.drawPins(); } },
        h("strong", {}, `#${issue.id}`),
        ` ${who(issue.author)}`,
        issue.shape ? ` · shape ${issue.shape}` : null,
        issue.resolved ? ` · resolved by ${who(issue.resolved_by)}` : " · open",
      ),
      h("p", { class: "issue-message" }, issue.message),
      thread.length
        ? h("ul", { class: "plain thread" }, thread.map((c) => h("li", { dataset: { testid: "comment" } }, h("strong", {}, who(c.author)), ": ", h("span", { class: "comment-message" }, c.message))))
        : null,
    );
    if (this.rights.discuss) li.appendChild(this.answerControls(issue));
    return li;
  }

  answerControls(issue) {
    const text = h("textarea", { rows: "2", maxlength: "4096", placeholder: "Answer…", "aria-label": `Answer issue ${issue.id}`, dataset: { testid: "answer-text" } });
    const send = h("button", { type: "button", dataset: { testid: "answer" } }, "Answer");
    send.addEventListener("click", () => {
      const typed = text.value;
      if (!typed.trim()) return;
      this.act(() => this.answer(issue, typed)).then((ok) => {
        if (ok) return;
        const again = this.root.querySelector(`[data-issue="${issue.id}"] [data-testid="answer-text"]`);
        if (again) again.value = typed;
      });
    });
    const toggle = issue.resolved
      ? h("button", { type: "button", dataset: { testid: "reopen" }, onclick: () => this.act(() => this.setResolved(issue, false)) }, "Reopen")
      : h("button", { type: "button", dataset: { testid: "resolve" }, onclick: () => this.act(() => this.setResolved(issue, true)) }, "Resolve");
    return h("div", { class: "answer" }, text, h("div", { class: "row" }, send, toggle));
  }

  destroy() {
    this.layer.destroy();
  }
}

function stop(event) {
  event.stopPropagation();
}

/** A point when the pointer barely moved (under 4 screen pixels), else the box between. */
function regionBetween(a, b, scale) {
  if (Math.hypot(a.x - b.x, a.y - b.y) * scale < 4) return { kind: "point", points: [round(a.x), round(a.y)] };
  return {
    kind: "box",
    points: [round(Math.min(a.x, b.x)), round(Math.min(a.y, b.y)), round(Math.max(a.x, b.x)), round(Math.max(a.y, b.y))],
  };
}

function round(value) {
  return Math.round(value * 10) / 10;
}
