// The annotation page of a job: #/jobs/:job?asset=<position>. This module loads the job and
// wires the editor's parts (js/annotate/*) together; each part has one job of its own.
import { api } from "../api.js";
import { h, mount, describe } from "../dom.js";
import { Editor } from "../annotate/editor.js";
import { Stage } from "../annotate/stage.js";
import { ShapeLayer } from "../annotate/layer.js";
import { Tools, TOOLS } from "../annotate/tools.js";
import { Panel } from "../annotate/panel.js";
import { installKeys } from "../annotate/keyboard.js";
import { fetchAnnotations, save, reapply } from "../annotate/saving.js";
import { conflictBox } from "../annotate/conflict.js";
import { isPrediction } from "../annotate/model.js";
import { Images } from "../annotate/images.js";
import { applyAccess, roleForJob } from "../annotate/access.js";
import { CanvasMessage, explainSaveError } from "../annotate/messages.js";
import { applyView } from "../annotate/objects.js";
import { Autosave } from "../annotate/autosave.js";
import { jobRights } from "../jobstate.js";
import { AssetPages } from "../annotate/assetpages.js";
import { IssuesPanel } from "../annotate/issues.js";
import { EvaluationOverlay } from "../annotate/evaluation.js";
import { setCrumbs, workspaceCrumb, projectCrumb, taskCrumb } from "../crumbs.js";

const TOOL_NAMES = { select: "Select (v)", bbox: "Box (b)", polygon: "Polygon (p)", polyline: "Polyline (l)", points: "Points (o)", brush: "Brush", eraser: "Eraser" };

/**
 * Everything the page needs, fetched at once where it can be: the first image starts as soon as
 * the assets are known, so it downloads while the annotations are still coming.
 */
async function load(jobId, position, images) {
  const jobAnswer = api.get(`/api/jobs/${jobId}`);
  const annotationsAnswer = fetchAnnotations(jobId);
  const labelsAnswer = jobAnswer.then(({ data }) => api.all("/api/labels", { query: { project: data.project } }));
  // Settled later; without these the browser reports a rejection nobody awaited yet.
  annotationsAnswer.catch(() => {});
  labelsAnswer.catch(() => {});
  // A page of the job's assets at a time: the one shown, and the next as the user gets near it.
  const pages = new AssetPages(jobId);
  const index = await pages.open(position);
  const assets = pages.items;
  if (assets.length) images.prefetch(assets[index]);
  const [{ data: job }, labels, { annotations, etag }] = await Promise.all([jobAnswer, labelsAnswer, annotationsAnswer]);
  return { job, labels, assets, pages, annotations, etag, index };
}

/**
 * The job-state actions of js/jobstate.js when it is there (`jobActions(job, onChanged)` -> node),
 * else a "Mark annotated" button of this page's own, with the same meaning.
 */
async function jobActionsOf() {
  try {
    const module = await import("../jobstate.js");
    if (typeof module.jobActions === "function") return module.jobActions;
  } catch (_) {
    // No shared component: fall back to the page's own button.
  }
  return (job, onChanged) => {
    const button = h("button", { type: "button", id: "mark-annotated" }, "Mark annotated");
    button.disabled = job.stage !== "annotation";
    button.addEventListener("click", async () => {
      try {
        const { data } = await api.request("PATCH", `/api/jobs/${job.id}`, {
          body: { stage: "validation", state: "new" },
          ifMatch: `"${job.id}-${job.version}"`,
        });
        onChanged(data);
      } catch (error) {
        onChanged(null, error);
      }
    });
    return button;
  };
}

export async function render(view, params, query) {
  mount(view, h("p", { class: "muted" }, "Loading the job…"));
  const images = new Images();
  const roleAnswer = roleForJob(params.job);
  roleAnswer.catch(() => {}); // awaited below
  const state = await load(params.job, Number(query.get("asset")), images);
  performance.mark("annota:data-loaded");
  const { job } = state;
  if (!state.assets.length) {
    mount(view, h("p", { class: "muted" }, "This job has no assets yet."));
    return undefined;
  }
  const editor = new Editor(state);
  editor.index = state.index;

  // ----- layout
  const canvas = h("div", { class: "canvas", id: "canvas", tabindex: "0", "aria-label": "Image and shapes" });
  const side = h("aside", { class: "side", id: "side" });
  const issuesSide = h("aside", { class: "side issues-side", id: "issues" });
  const status = h("span", { class: "status", id: "status", role: "status" });
  const where = h("span", { id: "asset-name", class: "asset-name" });
  const saveButton = h("button", { type: "button", class: "primary", id: "save", title: "Save (Ctrl+S)" }, "Save");
  const toolButtons = TOOLS.map((tool) =>
    h("button", { type: "button", class: "tool", dataset: { tool }, onclick: () => { tools.cancel(); editor.setTool(tool); } }, TOOL_NAMES[tool]),
  );
  const brushSize = h("input", {
    type: "number", id: "brush-size", min: "1", max: "500", value: "20", title: "Brush and eraser size, in image pixels",
    "aria-label": "Brush size", onchange: (event) => { tools.brushSize = Math.max(1, Number(event.target.value) || 1); },
  });
  const autosave = new Autosave(editor, () => doSave());
  const conflictSlot = h("div", { id: "conflict-slot" });
  const accessSlot = h("div", { id: "access-slot" });
  const evaluationSlot = h("div", { id: "evaluation-slot" });
  const actions = h("span", { class: "job-actions", id: "job-actions" });
  const toolbar = h(
    "div",
    { class: "toolbar", role: "toolbar", "aria-label": "Annotation tools" },
    h("button", { type: "button", id: "previous", title: "Previous asset (d)", onclick: () => go(-1) }, "◀"),
    where,
    h("button", { type: "button", id: "next", title: "Next asset (f)", onclick: () => go(1) }, "▶"),
    h("span", { class: "sep" }),
    toolButtons,
    brushSize,
    h("button", { type: "button", id: "fill-mask", title: "Fill the selected polygon into a mask (m)", onclick: () => tools.fillSelected() }, "Fill mask"),
    h("span", { class: "sep" }),
    h("button", { type: "button", title: "Zoom out (-)", onclick: () => stage.zoom(1 / 1.25) }, "−"),
    h("button", { type: "button", title: "Fit (0)", onclick: () => stage.fit() }, "Fit"),
    h("button", { type: "button", title: "Zoom in (+)", onclick: () => stage.zoom(1.25) }, "+"),
    h("span", { class: "sep" }),
    h("button", { type: "button", id: "undo", title: "Undo (Ctrl+Z)", onclick: () => editor.undo() }, "Undo"),
    h("button", { type: "button", id: "redo", title: "Redo (Ctrl+Shift+Z)", onclick: () => editor.redo() }, "Redo"),
    saveButton,
    autosave.node,
    h("button", { type: "button", id: "help", title: "Shortcuts (?)", onclick: () => panel.toggleHelp() }, "?"),
    status,
    actions,
  );
  mount(view, h("div", { class: "annotate", id: "annotate" }, toolbar, accessSlot, evaluationSlot, conflictSlot, h("div", { class: "work" }, canvas, side, issuesSide)));
  const jobCrumb = { label: `Job ${job.id}`, href: `#/jobs/${job.id}` };
  setCrumbs({ label: "Project", href: `#/projects/${job.project}` }, { label: "Task", href: `#/tasks/${job.task}` }, jobCrumb);
  // The names come after the image has started loading; the trail is filled in when they do.
  Promise.all([api.get(`/api/tasks/${job.task}`), api.get(`/api/projects/${job.project}`)])
    .then(([{ data: task }, { data: project }]) => {
      if (view.isConnected) setCrumbs(workspaceCrumb(project.workspace), projectCrumb(project), taskCrumb(task), jobCrumb);
    })
    .catch(() => {}); // the placeholders stay

  const canvasMessage = new CanvasMessage(view.querySelector(".work"));
  const stage = new Stage(canvas);
  const layer = new ShapeLayer(stage, editor, { onEdit: (key, points) => editor.update(key, { points }) });
  const tools = new Tools(stage, layer, editor);
  const panel = new Panel(side, editor);
  // Opened from an evaluation's worst assets: its verdict drawn over the editor's shapes.
  const evaluationId = query.get("evaluation");
  const overlay = evaluationId ? new EvaluationOverlay(stage, evaluationSlot, evaluationId, editor.labelById) : null;
  const suffix = evaluationId ? `&evaluation=${encodeURIComponent(evaluationId)}` : "";
  const role = await roleAnswer;
  const root = view.querySelector(".annotate");
  applyAccess(root, editor, accessSlot, job, role);
  autosave.show(); // off on a read-only page
  const issues = new IssuesPanel(issuesSide, { stage, editor, job, role });
  issues.load();
  let message = "";
  let saving = false;
  let loadTicket = 0;

  function setStatus(text, isError = false) {
    message = text;
    status.classList.toggle("error", isError);
    refreshStatus();
  }

  function refreshStatus() {
    const pending = editor.pending;
    const count = pending.create.length + pending.update.length + pending.delete.length;
    status.textContent = message || (count ? `${count} unsaved change${count > 1 ? "s" : ""}` : "All changes saved");
    status.title = status.textContent; // the toolbar shows as much as fits
    saveButton.disabled = saving;
    view.querySelector(".annotate").dataset.dirty = String(count > 0);
  }

  function refreshToolbar() {
    const asset = editor.asset;
    where.textContent = `${editor.index + 1} / ${editor.assets.length} · ${asset.name}`;
    where.title = asset.name; // the toolbar shows as much as fits
    for (const button of toolButtons) button.setAttribute("aria-pressed", String(button.dataset.tool === editor.tool));
    canvas.dataset.tool = editor.tool;
  }

  async function showAsset() {
    const ticket = ++loadTicket;
    const asset = editor.asset;
    delete canvas.dataset.ready;
    refreshToolbar();
    // The address follows the asset without a hashchange (which would rebuild the page).
    history.replaceState(null, "", `#/jobs/${job.id}?asset=${asset.position}${suffix}`);
    layer.clear();
    panel.render();
    let verdict = null;
    if (overlay) {
      overlay.clear();
      verdict = overlay.fetch(asset); // alongside the image
      verdict.catch(() => {}); // awaited below
    }
    const img = await images.get(asset);
    if (ticket !== loadTicket) return; // the user moved on meanwhile
    performance.mark("annota:image-decoded");
    stage.setImage(img, asset.width, asset.height);
    layer.render();
    layer.layer.draw(); // now, not at the next frame: the marker below means "on the canvas"
    if (verdict) {
      try {
        const detail = await verdict;
        if (ticket !== loadTicket) return;
        overlay.paint(detail);
      } catch (error) {
        setStatus(`Evaluation: ${describe(error)}`, true);
      }
    }
    canvas.dataset.ready = String(asset.id);
    canvas.dataset.shapes = String(layer.drawn);
    issues.showAsset();
    performance.mark("annota:shapes-drawn");
    // Reading the next asset also reads its page when this one is the last of a page.
    state.pages.load(editor.index + 1).then((next) => images.prefetch(next), () => {});
  }

  async function go(step) {
    if (tools.drawing) tools.cancel();
    try {
      const target = editor.index + step;
      if (!(await state.pages.load(target))) return; // before the first or after the last
      if (editor.goto(target)) await showAsset();
    } catch (error) {
      setStatus(describe(error), true);
    }
  }

  /** Save the edits; resolves to "saved", "conflict" or "error" (autosave reads it). */
  async function doSave() {
    if (saving) return "busy";
    saving = true;
    setStatus("Saving…");
    try {
      const result = await save(editor);
      if (result.conflict) {
        setStatus("Not saved: the annotations changed meanwhile (see above)", true);
        showConflict(result.conflict);
        return "conflict";
      }
      mount(conflictSlot);
      setStatus(result.saved ? `Saved ${result.saved} change${result.saved > 1 ? "s" : ""}` : "Nothing to save");
      return "saved";
    } catch (error) {
      const explained = error.pending ? explainSaveError(editor, error.pending, error) : null;
      if (explained) {
        setStatus("Not saved: see the message over the image", true);
        canvasMessage.show(explained.text, true);
        if (explained.key) await selectAnywhere(explained.key);
      } else {
        setStatus(`Not saved: ${describe(error)}. Your edits are kept.`, true);
      }
      return "error";
    } finally {
      saving = false;
      refreshStatus();
    }
  }

  /** Select a shape, showing its asset first when it is on another one. */
  async function selectAnywhere(key) {
    const shape = editor.shape(key);
    if (!shape) return;
    const at = editor.assets.findIndex((a) => a.id === shape.asset);
    if (at >= 0 && editor.goto(at)) await showAsset();
    editor.select(key);
  }

  function showConflict(conflict) {
    mount(
      conflictSlot,
      conflictBox(editor, conflict, {
        onReapply: () => {
          const notes = reapply(editor, conflict);
          mount(conflictSlot, notes.length ? h("ul", { class: "notes" }, notes.map((n) => h("li", {}, n))) : null);
          setStatus("Your edits are on top of the current annotations: check and save");
        },
        onDismiss: () => mount(conflictSlot),
      }),
    );
  }

  function cycle() {
    const shapes = editor.assetShapes().filter((s) => s.kind !== "tag" && editor.visible(s));
    if (!shapes.length) return;
    const at = shapes.findIndex((s) => s.key === editor.selected);
    editor.select(shapes[(at + 1) % shapes.length].key);
  }

  editor.onChange((what) => {
    if (what === "notice") {
      canvasMessage.show(editor.notice);
      return;
    }
    if (what === "refused" && editor.readOnly) canvasMessage.show(editor.readOnly);
    if (what === "view") applyView(editor, stage, layer); // the object list's opacity, the image's look
    if (what !== "saved" && message && !saving) message = "";
    if (what === "asset") return; // showAsset redraws once the image is in
    layer.render();
    panel.render();
    refreshToolbar();
    refreshStatus();
  });

  const removeKeys = installKeys(
    {
      next: () => go(1),
      previous: () => go(-1),
      label: (event) => {
        const label = editor.labels[Number(event.key) - 1];
        if (label) editor.chooseLabel(label.id);
      },
      select: () => {
        if (tools.cancel()) return;
        if (editor.tool !== "select") editor.setTool("select");
        else editor.select(null);
      },
      bbox: () => editor.setTool("bbox"),
      polygon: () => editor.setTool("polygon"),
      polyline: () => editor.setTool("polyline"),
      points: () => editor.setTool("points"),
      finish: () => tools.finish(),
      fill: () => tools.fillSelected(),
      tag: () => editor.labelId !== null && editor.add("tag", []),
      cycle,
      delete: () => editor.selected && editor.remove([editor.selected]),
      judge: (event) => {
        const shape = editor.selected && editor.shape(editor.selected);
        if (!shape || !isPrediction(shape)) return false;
        if (event.key === "a") editor.accept([shape.key]);
        else editor.remove([shape.key]);
        return true;
      },
      zoom: (event) => {
        if (event.key === "0") stage.fit();
        else stage.zoom(event.key === "-" ? 1 / 1.25 : 1.25);
      },
      save: () => doSave(),
      undo: () => editor.undo(),
      redo: () => editor.redo(),
      help: () => panel.toggleHelp(),
    },
    { onSpace: (down) => { stage.spaceDown = down; canvas.classList.toggle("pan-ready", down); } },
  );

  const beforeUnload = (event) => {
    if (!editor.dirty) return;
    event.preventDefault();
    event.returnValue = "";
  };
  window.addEventListener("beforeunload", beforeUnload);
  // Links inside the app change the hash, which beforeunload does not see: ask before those too.
  const guardLinks = (event) => {
    const link = event.target.closest && event.target.closest("a[href^='#']");
    if (!link || !editor.dirty) return;
    if (!window.confirm("You have unsaved changes on this job. Leave without saving them?")) {
      event.preventDefault();
    }
  };
  document.addEventListener("click", guardLinks, true);
  saveButton.addEventListener("click", doSave);

  // Not awaited: the job's actions must not delay the first drawing.
  jobActionsOf().then((make) => {
    const place = (current) => {
      mount(
        actions,
        make(current, (changedJob, error) => {
          if (error) setStatus(describe(error), true);
          if (!changedJob) return;
          setStatus(`Job ${changedJob.id}: ${changedJob.stage}, ${changedJob.state}`);
          applyAccess(root, editor, accessSlot, changedJob, role);
          place(changedJob);
        }, jobRights(current, api.user, role)),
      );
    };
    place(job);
  });
  refreshToolbar();
  refreshStatus();
  await showAsset().catch((error) => setStatus(describe(error), true));

  return () => {
    removeKeys();
    autosave.destroy();
    window.removeEventListener("beforeunload", beforeUnload);
    document.removeEventListener("click", guardLinks, true);
    if (overlay) overlay.destroy();
    stage.destroy();
    images.clear();
  };
}
