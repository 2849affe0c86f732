"""A tour of the annota SDK against a running server.

Run it with `make demo` (which starts a throwaway server), or against your own server:

    ANNOTA_HOST=http://localhost:8080 ANNOTA_USER=admin ANNOTA_PASSWORD=... \
        python examples/quickstart.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import warnings
import zipfile
from pathlib import Path
from typing import Any

from annota_api.api.projects import projects_retrieve
from PIL import Image  # only to draw sample images; the SDK itself does not need Pillow

import annota
import annota.proxies.security
from annota import auto_annotation as aa
from annota import shapes

host = os.environ.get("ANNOTA_HOST", "http://localhost:8080")
credentials = (os.environ.get("ANNOTA_USER", "admin"), os.environ["ANNOTA_PASSWORD"])
suffix = uuid.uuid4().hex[:6]


def step(text: str) -> None:
    print(f"\n== {text}")


with annota.make_client(host, credentials=credentials) as client:
    about = client.server_about()
    print(f"connected to {about.name} {about.version} (API {about.api_version}) at {client.url}")
    print(f"logged in as {client.me.username}; personal workspace: {client.my_workspace.slug}")

    step("a shared workspace, and a colleague in it")
    team = client.workspaces.create({"slug": f"vision-{suffix}", "name": "Vision team"})
    bob = client.users.create({"username": f"bob-{suffix}", "password": "bob-password-1"})
    membership = team.add_member(bob, "member")
    print(f"{team!r}: {[m.user.username for m in team.get_members()]}")
    membership.update(role="viewer")
    print(f"{bob.username} is now a {membership.role}")

    step("a project with labels, in that workspace")
    with client.workspace_context(team.slug):
        project = client.projects.create(
            {
                "name": "cats",
                "type": "detection",
                "labels": [{"name": "cat", "color": "#ff0000"}, {"name": "dog"}],
            }
        )
    print(f"{project!r} in {project.workspace.slug}, labels: {[lb.name for lb in project.labels]}")

    step("tasks and their jobs")
    for name, subset in [("batch-1", "train"), ("batch-2", "train"), ("batch-3", "val")]:
        task = client.tasks.create({"project": project.id, "name": name, "subset": subset})
        print(f"{task!r}: {task.status}, jobs: {[job.id for job in task.get_jobs()]}")
    job = project.get_tasks().first().get_jobs().first()
    job.update({"state": "in_progress", "assignee": bob.id})
    print(f"{job!r} -> {job.stage}/{job.state}, assigned to {job.assignee.username}")

    step("lists are lazy and filtered on the server")
    train = project.get_tasks(subset="train", sort="-created_at")
    print(f"{train.count} train tasks: {[t.name for t in train]}")
    client.tasks.list(project=project.id, name="batch-3").first().cancel()
    print("cancelled:", [t.name for t in project.get_tasks(status=["cancelled"])])

    step("update, with optimistic concurrency")
    same = client.projects.retrieve(project.id)
    same.update({"description": "pets on sofas"})
    print(f"description now {same.description!r}; statistics: {same.statistics.to_dict()}")
    try:
        project.update({"description": "stale write"})  # `project` holds an older ETag
    except annota.PreconditionFailedError as error:
        print(f"refused, as it should be: {error.detail}")

    step("assets: upload images into a task (streamed from disk, progress in bytes)")
    workdir = Path(tempfile.mkdtemp(prefix="annota-quickstart-"))
    images = []
    for index, color in enumerate(["tomato", "gold", "teal", "plum", "navy"]):
        path = workdir / f"cat-{index}.png"
        Image.new("RGB", (320, 240), color).save(path)
        images.append(path)
    pets = client.tasks.create({"project": project.id, "name": "photos", "segment_size": 2})
    assets = pets.upload_assets(images, pbar=annota.TqdmProgressReporter())
    print(f"{len(assets)} assets, e.g. {assets[0].name} {assets[0].width}x{assets[0].height}")
    print(
        "jobs cover asset ranges:", [(j.start_position, j.stop_position) for j in pets.get_jobs()]
    )

    step("annotations: typed shapes, replaced or changed all or nothing")
    cat = next(label for label in project.labels if label.name == "cat")
    dog = next(label for label in project.labels if label.name == "dog")
    pets.set_annotations(
        [shapes.bbox(asset, cat, 40, 30, 200, 180) for asset in assets]
        + [shapes.polygon(assets[0], dog, [(10, 10), (90, 20), (50, 80)])]
    )
    first_job = pets.get_jobs().first()
    change = first_job.update_annotations(
        create=[shapes.tag(assets[1], dog, attributes={"mood": "sleepy"})]
    )
    print(
        f"job {first_job.id}: +{len(change.created)} shape; task now has "
        f"{len(pets.get_annotations().shapes)} shapes"
    )
    try:
        pets.set_annotations([shapes.bbox(assets[0], cat, 50, 50, 10, 10)])
    except annota.ValidationError as error:
        print(f"refused, nothing written: {[(e.field, e.message) for e in error.errors]}")

    step("export as COCO: a long-running operation, with a progress bar")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", annota.LossyExportWarning)
        archive = project.export_dataset(
            "coco",
            workdir / "cats-coco.zip",
            include_images=True,
            pbar=annota.TqdmProgressReporter(),
        )
    print(
        f"{archive.name}: {archive.stat().st_size} bytes, {zipfile.ZipFile(archive).namelist()[:3]}"
    )
    for warning in caught:  # COCO has no tags: the export says so instead of losing it silently
        print(f"{type(warning.message).__name__}: {warning.message}")
    yolo = project.export_dataset("yolo", workdir / "cats-yolo.zip", include_images=True)
    print(f"{yolo.name}: {sorted(zipfile.ZipFile(yolo).namelist())[:4]}")

    step("import it into a new project; or start an operation and wait for it yourself")
    copy = client.projects.create_from_dataset(
        {"name": f"cats-copy-{suffix}", "type": "detection"}, "coco", archive
    )
    print(f"{copy!r}: {copy.statistics.assets} assets, {copy.statistics.annotations} annotations")
    operation = copy.start_export("annota")
    print(f"operation {operation.id} is {operation.status}")
    operation.wait(timeout=60)
    print(f"operation {operation.id} is {operation.status}; result at {operation.result_url}")
    copy.remove()

    step("a model pre-annotates the task: its shapes are predictions, kept apart from people's")

    class WarmColours:
        """A stand-in for your model: a box on every image whose centre is warm."""

        spec = aa.FunctionSpec(name="warm-colours", labels=[aa.label("cat", "bbox")])

        def detect(self, image: Any, asset: Any) -> list[aa.Prediction]:
            red, _, blue = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
            if red <= blue:
                return []
            return [aa.bbox("cat", 60, 40, 260, 200, score=round((red - blue) / 255, 2))]

    run = aa.annotate_task(client, pets, WarmColours(), threshold=0.5)
    again = aa.annotate_task(client, pets, WarmColours(), threshold=0.5)  # replaces, never adds
    predictions = pets.get_annotations(sources=["model"]).shapes
    print(
        f"{run.created} predictions over {run.assets} assets; a second run replaced "
        f"{again.replaced}: still {len(predictions)}, scores {[p.score for p in predictions]}"
    )
    pets.update_annotations(update=[shapes.accept(predictions[0])])  # a person agrees
    print(f"statistics: {project.fetch().statistics.predictions} predictions left to review")

    step("a frozen dataset version: exported before and after a change, the same bytes")
    version = project.create_version("v1", "the first labelled batch")
    print(f"{version!r}: {version.asset_count} assets, manifest {version.manifest_sha256[:12]}...")
    before = version.export_dataset("annota", workdir / "v1-before.zip", include_images=True)
    pets.set_annotations([])  # the project changes; the version does not
    after = version.export_dataset("annota", workdir / "v1-after.zip", include_images=True)
    print(f"identical bytes: {before.read_bytes() == after.read_bytes()}")
    cache = workdir / "cache"
    # A training loop reads each sample's .path (a local file), .shapes and .asset.
    first = [(sample.path, len(sample.shapes)) for sample in version.samples(cache_dir=cache)]
    print(f"first pass: {len(first)} samples, {sum(n for _, n in first)} shapes")
    cached = {path: path.stat().st_mtime_ns for path in cache.rglob("*") if path.is_file()}
    second = [sample.path for sample in version.samples(cache_dir=cache)]
    untouched = all(path.stat().st_mtime_ns == cached[path] for path in second)
    print(f"{len(cached)} images cached; a second pass reads them as they are: {untouched}")

    step("lists: len() is one request; an index or a slice fetches only its page")
    listed = client.projects.list(page_size=2)
    print(f"{len(listed)} projects; the last is {listed[-1]!r}; the first two: {listed[:2]}")
    health = client.server_health()
    print(f"server health: {health.status}, database {health.database.status}")

    step("the generated layer, for power users")
    raw = projects_retrieve.sync_detailed(project.id, client=client.api)
    print(f"HTTP {raw.status_code}, ETag {raw.headers['ETag']}, name {raw.parsed.name!r}")

    step("errors are typed and say what is wrong")
    try:
        client.projects.create({"name": "", "type": "detection"})
    except annota.ValidationError as error:
        print(f"{type(error).__name__}: {[(e.field, e.message) for e in error.errors]}")
    try:
        client.projects.create({"name": "x", "type": "detection", "colour": "red"})
    except annota.errors.InvalidRequestError as error:
        print(f"caught before sending: {error}")

    step("clean up")
    shutil.rmtree(workdir)
    same.fetch()
    same.remove()
    team.remove()
    bob.remove()
    try:
        client.projects.retrieve(project.id)
    except annota.NotFoundError:
        print(f"project {project.id} is gone")

print(
    "\nTo label in the browser: `make serve` starts a server and prints the address to open"
    " (http://127.0.0.1:8080/ by default); sign in as admin with the password in"
    " .annota/admin-password, open a project, a task, and one of its jobs to draw."
)
