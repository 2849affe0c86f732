// What a project's page offers those who may write: a new task with its uploads (a file input or
// files dropped on it, with progress), and an export with its progress and what it left out.
import { api } from "./api.js";
import { h, mount, describe } from "./dom.js";
import { field, fieldError, formMessage, submit, clearProblem } from "./forms.js";

const FORMATS = [
  ["coco", "COCO"],
  ["annota", "annota (lossless)"],
  ["yolo", "YOLO"],
  ["voc", "Pascal VOC"],
];

function sizeOf(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A <progress> with a caption, shown while something runs. */
function progressBar(id) {
  const bar = h("progress", { id, max: "1", value: "0" });
  const caption = h("span", { class: "muted", dataset: { testid: `${id}-caption` } });
  const node = h("div", { class: "progress-row", hidden: true }, bar, " ", caption);
  return {
    node,
    set(fraction, text) {
      node.hidden = false;
      bar.value = fraction;
      caption.textContent = text;
    },
  };
}

/**
 * The new-task form: name, subset, segment size and the files (chosen or dropped). The task is
 * created first, then the files go up in one request with its progress shown; when the upload
 * fails the task stays and the next submit retries the upload only, with the same files.
 */
export function taskForm(project, onCreated) {
  let files = [];
  let task = null;
  const name = h("input", { type: "text", maxlength: "256", required: true });
  const subset = h("input", { type: "text", maxlength: "64", placeholder: "train, val, test…" });
  const segment = h("input", { type: "number", min: "1", max: "100000", value: "50" });
  const picker = h("input", { type: "file", multiple: true, accept: "image/*", id: "task-files" });
  const chosen = h("p", { class: "muted", id: "chosen-files" }, "No files chosen.");
  const drop = h("div", { class: "drop-zone", id: "drop-zone", tabindex: "0" }, "Drop images here, or ", picker, chosen);
  const progress = progressBar("upload-progress");
  const choose = (list) => {
    files = [...list].filter((file) => file.size >= 0);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    chosen.textContent = files.length ? `${files.length} file${files.length > 1 ? "s" : ""} (${sizeOf(total)}): ${files.map((f) => f.name).join(", ")}` : "No files chosen.";
  };
  picker.addEventListener("change", () => choose(picker.files));
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    choose(event.dataTransfer.files);
  });
  const form = h(
    "form",
    { class: "admin-form", id: "task-form", novalidate: true },
    h("h3", {}, "New task"),
    formMessage(),
    field("Name", name, "name"),
    field("Subset", subset, "subset"),
    field("Assets per job", segment, "segment_size"),
    h("div", { class: "field" }, h("span", { class: "field-label" }, "Images"), drop, h("span", { class: "field-error", role: "alert", dataset: { errorFor: "files" } })),
    progress.node,
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary", id: "create-task" }, "Create the task")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(form);
    if (!task && !name.value.trim()) return fieldError(form, "name", "Give the task a name.");
    const made = await submit(form, async () => {
      if (!task) {
        const body = { project: project.id, name: name.value.trim(), subset: subset.value.trim(), segment_size: Number(segment.value) || 50 };
        task = (await api.request("POST", "/api/tasks", { body })).data;
        for (const input of [name, subset, segment]) input.disabled = true; // made: only the upload is left
      }
      if (files.length) {
        const body = new FormData();
        for (const file of files) body.append("files", file, file.name);
        progress.set(0, "Uploading…");
        await api.upload(`/api/tasks/${task.id}/assets`, body, (sent, total) => {
          progress.set(total ? sent / total : 0, total ? `${sizeOf(sent)} of ${sizeOf(total)}` : sizeOf(sent));
        });
        progress.set(1, `Uploaded ${files.length} file${files.length > 1 ? "s" : ""}`);
      }
      return task;
    });
    if (made) onCreated(made);
    else if (task) mount(form.querySelector(".form-message"), `The task “${task.name}” was created, the images were not: `, form.querySelector(".form-message").textContent, " Submit again to retry the upload.");
  });
  return form;
}

/**
 * The export form: the format and options; the operation's progress is followed until it ends,
 * then its archive is offered, with what the format could not carry (the lossy report).
 */
export function exportForm(project) {
  const format = h("select", {}, FORMATS.map(([value, text]) => h("option", { value }, text)));
  const images = h("input", { type: "checkbox" });
  const predictions = h("input", { type: "checkbox" });
  const progress = progressBar("export-progress");
  const result = h("div", { id: "export-result" });
  const form = h(
    "form",
    { class: "admin-form", id: "export-form", novalidate: true },
    h("h3", {}, "Export"),
    formMessage(),
    field("Format", format, "format"),
    h("label", {}, images, " with the images"),
    h("label", {}, predictions, " with the model's predictions"),
    progress.node,
    result,
    h("div", { class: "row" }, h("button", { type: "submit", id: "start-export" }, "Export")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    mount(result);
    const body = { format: format.value, include_images: images.checked, include_predictions: predictions.checked };
    const operation = await submit(form, async () => (await api.request("POST", `/api/projects/${project.id}/exports`, { body })).data);
    if (operation) await follow(operation, progress, result);
  });
  return form;
}

/** Poll an operation until it ends (a growing pause, never a busy loop), then show the result. */
async function follow(operation, progress, result) {
  let current = operation;
  let pause = 250;
  while (current.status === "queued" || current.status === "running") {
    progress.set(current.progress || 0, `${current.status}${current.message ? `: ${current.message}` : "…"}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(2000, pause * 1.5);
    try {
      current = (await api.get(`/api/operations/${current.id}`)).data;
    } catch (error) {
      mount(result, h("p", { class: "error", role: "alert" }, describe(error)));
      return;
    }
  }
  progress.set(1, current.status);
  if (current.status !== "finished") {
    mount(result, h("p", { class: "error", role: "alert", id: "export-failed" }, `The export ${current.status}: ${current.message || "no reason given"}`));
    return;
  }
  const skipped = current.skipped || [];
  const download = h("button", { type: "button", id: "download-export", onclick: () => save(current) }, `Download (${sizeOf(current.result_size || 0)})`);
  mount(
    result,
    h("p", { id: "export-done", dataset: { operation: String(current.id) } }, `Exported: ${current.message || "done"} `, download),
    skipped.length
      ? h(
          "div",
          { class: "lossy", id: "export-lossy", role: "note" },
          h("p", {}, "This format could not carry everything; left out:"),
          h("ul", {}, skipped.map((s) => h("li", {}, `${s.count} ${s.kind} shape${s.count > 1 ? "s" : ""} of “${s.label}”`))),
        )
      : h("p", { class: "muted", id: "export-lossless" }, "Nothing was left out."),
  );
}

/** Download the archive with the token (a plain link would carry none). */
async function save(operation) {
  const { response } = await api.request("GET", operation.result_url, { raw: true, headers: { Accept: "application/zip, application/octet-stream" } });
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: `project-${operation.project}-${operation.format}.zip` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
