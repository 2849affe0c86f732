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

const BATCH_FILES = 5;
const BATCH_BYTES = 8 * 1024 * 1024;

/** The files in upload order, cut into requests of a few files (one alone when it is large). */
export function batchesOf(files, perBatch = BATCH_FILES, bytes = BATCH_BYTES) {
  const batches = [];
  let current = [];
  let size = 0;
  for (const file of files) {
    if (current.length && (current.length >= perBatch || size + file.size > bytes)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * Upload `files` to a task a batch at a time, going on past a batch that fails; resolves to the
 * files that did not go up and the last error. `onProgress(sentBytes, totalBytes)`.
 */
async function uploadInBatches(taskId, files, onProgress, perBatch) {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const failed = [];
  let done = 0;
  let error = null;
  for (const batch of batchesOf(files, perBatch)) {
    const body = new FormData();
    for (const file of batch) body.append("files", file, file.name);
    const size = batch.reduce((sum, file) => sum + file.size, 0);
    try {
      await api.upload(`/api/tasks/${taskId}/assets`, body, (sent) => onProgress(done + Math.min(sent, size), total));
    } catch (refused) {
      failed.push(...batch);
      error = refused;
    }
    done += size;
    onProgress(done, total);
  }
  return { failed, error };
}

/**
 * The new-task form: name, subset, segment size and the files (chosen or dropped). The task is
 * created first, then the files go up a few at a time with the progress shown; a batch that
 * fails does not stop the others. The next submit retries the failed files only, one a request
 * (so a file the server refuses does not hold back the rest).
 */
export function taskForm(project, onCreated) {
  let files = [];
  let task = null;
  let retrying = false; // files holds only those that failed
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
        progress.set(0, "Uploading…");
        const sending = files.length;
        const { failed, error } = await uploadInBatches(task.id, files, (sent, total) => {
          progress.set(total ? sent / total : 0, total ? `${sizeOf(sent)} of ${sizeOf(total)}` : sizeOf(sent));
        }, retrying ? 1 : BATCH_FILES);
        progress.set(1, `Uploaded ${sending - failed.length} of ${sending} file${sending > 1 ? "s" : ""}`);
        if (failed.length) {
          files = failed;
          retrying = true;
          choose(failed);
          error.rename = () => "files"; // every message goes beside the images
          throw error;
        }
      }
      return task;
    });
    if (made) onCreated(made);
    else if (task) {
      const message = form.querySelector(".form-message");
      const what = retrying ? `${files.length} file${files.length > 1 ? "s" : ""} did not go up (${files.map((f) => f.name).join(", ")}): ` : "the images were not uploaded: ";
      mount(message, `The task “${task.name}” was created; ${what}`, message.textContent, " Submit again to retry them.");
      form.querySelector("#create-task").textContent = "Retry the failed files";
    }
  });
  return form;
}

/**
 * The export form of a project (or, with `path` and `id`, of a dataset version): the format and
 * options; the operation's progress is followed until it ends, then its archive is offered,
 * with what the format could not carry (the lossy report).
 */
export function exportForm(project, path = `/api/projects/${project.id}/exports`, id = "export") {
  const format = h("select", {}, FORMATS.map(([value, text]) => h("option", { value }, text)));
  const images = h("input", { type: "checkbox" });
  const predictions = h("input", { type: "checkbox" });
  const progress = progressBar(`${id}-progress`);
  const result = h("div", { id: `${id}-result` });
  const version = id !== "export";
  const form = h(
    "form",
    { class: version ? "inline-form" : "admin-form", id: `${id}-form`, novalidate: true },
    version ? null : h("h3", {}, "Export"),
    formMessage(),
    field("Format", format, "format"),
    h("label", {}, images, " with the images"),
    version ? null : h("label", {}, predictions, " with the model's predictions"),
    progress.node,
    result,
    h("div", { class: "row" }, h("button", { type: "submit", id: `start-${id}` }, version ? "Export the version" : "Export")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    mount(result);
    const body = { format: format.value, include_images: images.checked };
    if (!version) body.include_predictions = predictions.checked;
    const operation = await submit(form, async () => (await api.request("POST", path, { body })).data);
    if (operation) await follow(operation, progress, result, id);
  });
  return form;
}

/**
 * The import form: a dataset archive and its format. The file goes up with its progress, then
 * the import's own progress is followed; its message says what it made.
 */
export function importForm(project, onImported) {
  const format = h("select", {}, FORMATS.map(([value, text]) => h("option", { value }, text)));
  const file = h("input", { type: "file", id: "import-file", accept: ".zip,.json,application/zip,application/json" });
  const progress = progressBar("import-progress");
  const result = h("div", { id: "import-result" });
  const form = h(
    "form",
    { class: "admin-form", id: "import-form", novalidate: true },
    h("h3", {}, "Import a dataset"),
    formMessage(),
    field("Format", format, "format"),
    field("Archive", file, "file"),
    progress.node,
    result,
    h("div", { class: "row" }, h("button", { type: "submit", id: "start-import" }, "Import")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    mount(result);
    clearProblem(form);
    const chosen = file.files[0];
    if (!chosen) return fieldError(form, "file", "Choose the dataset's archive (or its JSON file).");
    const operation = await submit(form, async () => {
      const body = new FormData();
      body.append("format", format.value);
      body.append("file", chosen, chosen.name);
      progress.set(0, "Uploading…");
      return (await api.upload(`/api/projects/${project.id}/imports`, body, (sent, total) => progress.set(total ? sent / total : 0, `Uploading: ${sizeOf(sent)}${total ? ` of ${sizeOf(total)}` : ""}`))).data;
    });
    if (!operation) return;
    const done = await follow(operation, progress, result, "import");
    if (done && done.status === "finished") {
      mount(result, h("p", { id: "import-done" }, done.message || "Imported."), h("button", { type: "button", onclick: onImported }, "Show the new tasks"));
    }
  });
  return form;
}

/** The project's dataset versions, each exportable, and (for writers) a form to freeze one. */
export async function versionsSection(project, writes) {
  const list = h("div", { id: "versions" });
  const refresh = async () => {
    const versions = await api.all(`/api/projects/${project.id}/versions`);
    if (!versions.length) {
      mount(list, h("p", { class: "muted" }, "No versions yet."));
      return;
    }
    mount(
      list,
      h(
        "ul",
        { class: "plain versions" },
        versions.map((v) =>
          h(
            "li",
            { class: "version", dataset: { testid: "version", version: String(v.id) } },
            h("strong", { class: "version-name" }, v.name),
            ` · ${v.asset_count} assets · ${v.shape_count} shapes · ${new Date(v.created_at).toLocaleString()}`,
            v.description ? h("p", { class: "muted" }, v.description) : null,
            writes ? exportForm(project, `/api/versions/${v.id}/exports`, `version-${v.id}-export`) : null,
          ),
        ),
      ),
    );
  };
  const name = h("input", { type: "text", maxlength: "256" });
  const description = h("input", { type: "text", maxlength: "4096" });
  const progress = progressBar("version-progress");
  const result = h("div", { id: "version-result" });
  const form = h(
    "form",
    { class: "admin-form", id: "version-form", novalidate: true },
    h("h3", {}, "Freeze a version"),
    formMessage(),
    field("Name", name, "name"),
    field("Description", description, "description"),
    progress.node,
    result,
    h("div", { class: "row" }, h("button", { type: "submit", id: "create-version" }, "Freeze")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(form);
    if (!name.value.trim()) return fieldError(form, "name", "Give the version a name.");
    const operation = await submit(form, async () => (await api.request("POST", `/api/projects/${project.id}/versions`, { body: { name: name.value.trim(), description: description.value } })).data);
    if (!operation) return;
    const done = await follow(operation, progress, result, "version");
    if (done && done.status === "finished") {
      name.value = "";
      description.value = "";
      await refresh();
    }
  });
  await refresh();
  return h("section", { id: "versions-section" }, h("h2", {}, "Dataset versions"), list, writes ? form : null);
}

/**
 * Poll an operation until it ends (a growing pause, never a busy loop); an export's result is
 * shown in `result`, a failure always. Resolves to the ended operation (null when it was lost).
 */
async function follow(operation, progress, result, id = "export") {
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
      return null;
    }
  }
  progress.set(1, current.status);
  if (current.status !== "finished") {
    mount(result, h("p", { class: "error", role: "alert", id: `${id}-failed` }, `The ${current.kind} ${current.status}: ${current.message || "no reason given"}`));
    return current;
  }
  if (current.kind !== "export") return current;
  const skipped = current.skipped || [];
  const download = h("button", { type: "button", id: `download-${id}`, onclick: () => save(current) }, `Download (${sizeOf(current.result_size || 0)})`);
  mount(
    result,
    h("p", { id: `${id}-done`, dataset: { operation: String(current.id) } }, `Exported: ${current.message || "done"} `, download),
    skipped.length
      ? h(
          "div",
          { class: "lossy", id: `${id}-lossy`, role: "note" },
          h("p", {}, "This format could not carry everything; left out:"),
          h("ul", {}, skipped.map((s) => h("li", {}, `${s.count} ${s.kind} shape${s.count > 1 ? "s" : ""} of “${s.label}”`))),
        )
      : h("p", { class: "muted", id: `${id}-lossless` }, "Nothing was left out."),
  );
  return current;
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
