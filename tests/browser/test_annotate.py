"""The annotation page of a job (#/jobs/:job): drawing, editing, predictions, saving, keyboard.

Every test drives the page with the mouse and keyboard of a real Chromium and checks what the
server stored through the SDK, in image pixels, whatever the zoom.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from support import ServerProcess, unique

import annota
from annota import shapes

from .conftest import SCREENSHOTS
from .test_shell import sign_in

WIDTH, HEIGHT = 400, 300


@dataclass
class Job:
    """A job of a fresh project with two labels and ``count`` generated images."""

    client: annota.Client
    id: int
    project: Any
    assets: list[Any]
    labels: dict[str, Any]

    def shapes(self) -> list[Any]:
        return list(self.client.jobs.retrieve(self.id).get_annotations().shapes)


def _image(path: Path, index: int) -> Path:
    image = Image.new("RGB", (WIDTH, HEIGHT), (90 + 20 * index, 120, 150))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 50, 200, 190), fill=(200, 170, 90))
    draw.rectangle((230, 120, 360, 260), fill=(70, 90, 60))
    image.save(path)
    return path


@pytest.fixture
def client(server: ServerProcess, admin_token: str) -> Iterator[annota.Client]:
    with annota.Client(server.url, token=admin_token) as sdk:
        yield sdk


def make_job(client: annota.Client, tmp_path: Path, count: int = 3) -> Job:
    project = client.projects.create(
        {
            "name": unique("annotate"),
            "type": "detection",
            "labels": [{"name": "cat", "color": "#e53935"}, {"name": "dog", "color": "#1e88e5"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "images"})
    files = [_image(tmp_path / f"img{i}.png", i) for i in range(count)]
    assets = sorted(task.upload_assets(files), key=lambda a: a.position)
    (job,) = list(task.get_jobs())
    labels = {label.name: label for label in project.labels}
    return Job(client, job.id, project, assets, labels)


def open_job(page: Any, server: ServerProcess, job: Job, position: int = 0) -> None:
    sign_in(page, server)
    page.goto(f"{server.url}/#/jobs/{job.id}?asset={position}")
    ready(page, job.assets[position])


def ready(page: Any, asset: Any) -> None:
    expect(page.locator("#canvas")).to_have_attribute("data-ready", str(asset.id))


def to_page(page: Any, x: float, y: float) -> tuple[float, float]:
    """Where image pixel (x, y) is on the page, from the transform the canvas publishes."""
    canvas = page.locator("#canvas")
    box = canvas.bounding_box()
    scale = float(canvas.get_attribute("data-scale"))
    left = float(canvas.get_attribute("data-x"))
    top = float(canvas.get_attribute("data-y"))
    return box["x"] + left + x * scale, box["y"] + top + y * scale


def drag(page: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*to_page(page, *start))
    page.mouse.down()
    page.mouse.move(*to_page(page, *end), steps=8)
    page.mouse.up()


def click(page: Any, x: float, y: float) -> None:
    page.mouse.click(*to_page(page, x, y))


def save(page: Any) -> None:
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Saved")


def close(actual: list[float], expected: list[float], tolerance: float = 1.0) -> bool:
    return len(actual) == len(expected) and all(
        abs(a - b) <= tolerance for a, b in zip(actual, expected, strict=True)
    )


# ------------------------------------------------------------------------------------------ tests
def test_the_page_shows_the_assets_shapes_tags_and_labels(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path)
    asset = job.assets[1]
    cat, dog = job.labels["cat"], job.labels["dog"]
    client.jobs.retrieve(job.id).set_annotations(
        [
            shapes.bbox(asset, cat, 60, 50, 200, 190),
            shapes.polygon(asset, dog, [(230, 120), (360, 120), (360, 260), (230, 260)]),
            shapes.points(asset, dog, [(30, 30), (40, 40)]),
            shapes.tag(asset, dog),
            shapes.bbox(job.assets[0], cat, 1, 1, 5, 5),
        ]
    )
    open_job(page, server, job, position=1)
    canvas = page.locator("#canvas")
    # The tag is no drawing; asset 0's box is not on this asset.
    assert canvas.get_attribute("data-shapes") == "3"
    expect(page.locator("#tags")).to_contain_text("dog")
    expect(page.locator("#asset-name")).to_contain_text("2 / 3")
    expect(page.locator("#labels")).to_contain_text("cat")
    # The shapes are painted in their label's colour: a pixel on the box's left edge is red.
    x, y = to_page(page, 60, 120)
    box = canvas.bounding_box()
    pixel = page.evaluate(
        "([x, y]) => { const c = document.querySelectorAll('#canvas canvas')[1];"
        " const r = window.devicePixelRatio || 1;"
        " return Array.from(c.getContext('2d').getImageData(x * r, y * r, 1, 1).data); }",
        [x - box["x"], y - box["y"]],
    )
    red, green, _blue, alpha = pixel
    assert red > 180, pixel
    assert green < 100, pixel
    assert alpha > 200, pixel


def test_draw_a_box_after_zooming_choose_a_label_and_save(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path)
    open_job(page, server, job)
    scale = float(page.locator("#canvas").get_attribute("data-scale"))
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert float(page.locator("#canvas").get_attribute("data-scale")) > scale * 1.5
    page.keyboard.press("b")
    drag(page, (100, 80), (180, 150))
    # A label chosen now is the next shape's; the drawn box is relabelled in its own panel.
    page.select_option("#shape-label", str(job.labels["dog"].id))
    expect(page.locator("#status")).to_contain_text("1 unsaved change")
    save(page)
    (shape,) = job.shapes()
    assert shape.kind == "bbox"
    assert shape.label == job.labels["dog"].id
    assert shape.asset == job.assets[0].id
    assert close(list(shape.points), [100, 80, 180, 150]), shape.points
    expect(page.locator("#status")).to_contain_text("Saved 1 change")


def test_move_resize_and_delete_a_box(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path)
    asset = job.assets[0]
    client.jobs.retrieve(job.id).set_annotations(
        [shapes.bbox(asset, job.labels["cat"], 50, 50, 150, 120)]
    )
    open_job(page, server, job)
    click(page, 100, 85)
    expect(page.locator("#selection")).to_have_attribute("data-kind", "bbox")
    drag(page, (100, 85), (130, 105))  # moved by (30, 20)
    save(page)
    (moved,) = job.shapes()
    assert close(list(moved.points), [80, 70, 180, 140], 1.5), moved.points
    drag(page, (180, 140), (200, 170))  # the bottom-right handle
    save(page)
    (resized,) = job.shapes()
    assert close(list(resized.points), [80, 70, 200, 170], 1.5), resized.points
    assert resized.id == moved.id
    page.keyboard.press("Delete")
    save(page)
    assert job.shapes() == []


def test_draw_a_polygon_and_undo_redo(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path)
    open_job(page, server, job)
    page.keyboard.press("p")
    for x, y in [(40, 40), (160, 50), (120, 140)]:
        click(page, x, y)
    page.keyboard.press("Enter")
    expect(page.locator("#selection")).to_have_attribute("data-kind", "polygon")
    page.keyboard.press("Control+z")
    expect(page.locator("#status")).to_contain_text("All changes saved")
    page.keyboard.press("Control+Shift+z")
    expect(page.locator("#status")).to_contain_text("1 unsaved change")
    page.keyboard.press("Control+s")
    expect(page.locator("#status")).to_contain_text("Saved")
    (shape,) = job.shapes()
    assert shape.kind == "polygon"
    assert close(list(shape.points), [40, 40, 160, 50, 120, 140]), shape.points


def test_attributes_are_saved_with_the_shape(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path)
    client.jobs.retrieve(job.id).set_annotations(
        [shapes.bbox(job.assets[0], job.labels["cat"], 50, 50, 150, 120)]
    )
    open_job(page, server, job)
    click(page, 100, 85)
    page.fill("#new-attr-name", "colour")
    page.fill("#new-attr-value", "<b>black</b>")
    page.click("#add-attr")
    page.check("#occluded")
    save(page)
    (shape,) = job.shapes()
    assert [(a.name, a.value) for a in shape.attributes] == [("colour", "<b>black</b>")]
    assert shape.occluded is True


def test_a_failed_save_keeps_the_edits_and_says_why(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path)
    open_job(page, server, job)
    page.keyboard.press("b")
    drag(page, (10, 10), (60, 60))

    def fail(route: Any) -> None:
        if route.request.method == "PATCH":
            route.abort()
        else:
            route.continue_()

    page.route(re.compile(r".*/api/jobs/\d+/annotations$"), fail)
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Not saved")
    assert job.shapes() == []
    page.unroute(re.compile(r".*/api/jobs/\d+/annotations$"))
    save(page)
    (shape,) = job.shapes()
    assert close(list(shape.points), [10, 10, 60, 60])


def test_keyboard_only_through_three_assets(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path)
    open_job(page, server, job)
    for index, key in enumerate(["1", "2", "1"]):
        ready(page, job.assets[index])
        page.keyboard.press(key)
        page.keyboard.press("t")
        page.keyboard.press("Control+s")
        expect(page.locator("#status")).to_contain_text("Saved 1 change")
        if index < 2:
            page.keyboard.press("f")
    assert page.url.endswith(f"?asset={job.assets[2].position}")
    page.keyboard.press("d")
    ready(page, job.assets[1])
    tags = sorted((s.asset, s.label) for s in job.shapes() if s.kind == "tag")
    cat, dog = job.labels["cat"].id, job.labels["dog"].id
    assert tags == [(job.assets[0].id, cat), (job.assets[1].id, dog), (job.assets[2].id, cat)]
    # The help lists the keys.
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    expect(page.locator("#shortcuts")).to_contain_text("next asset")


def test_mark_the_job_annotated(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path, count=1)
    open_job(page, server, job)
    page.click("#mark-annotated, [data-testid=mark-annotated]")
    expect(page.locator("#status")).to_contain_text("validation")
    assert client.jobs.retrieve(job.id).stage == "validation"


# ------------------------------------------------------------------- predictions and conflicts
def _predict(server: ServerProcess, token: str, job: Job, boxes: list[tuple[float, ...]]) -> None:
    """Store model shapes (score last in each tuple), as a model run would."""
    cat = job.labels["cat"].id
    create = [
        {
            "asset": job.assets[0].id,
            "label": cat,
            "kind": "bbox",
            "points": list(box[:4]),
            "source": "model",
            "score": box[4],
            "model_name": "detector",
        }
        for box in boxes
    ]
    answer = server.http(token=token).patch(
        f"/api/jobs/{job.id}/annotations", json={"create": create}
    )
    answer.expect(200)


def source(shape: Any) -> str:
    return str(getattr(shape.source, "value", shape.source))


def test_accept_and_reject_predictions(
    page: Any, server: ServerProcess, client: annota.Client, admin_token: str, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path, count=1)
    client.jobs.retrieve(job.id).set_annotations(
        [shapes.bbox(job.assets[0], job.labels["dog"], 300, 200, 390, 290)]
    )
    _predict(
        server,
        admin_token,
        job,
        [
            (20, 20, 80, 80, 0.9),
            (100, 20, 160, 80, 0.8),
            (200, 20, 260, 80, 0.3),
            (20, 150, 80, 200, 0.35),
        ],
    )
    open_job(page, server, job)
    expect(page.locator("#prediction-count")).to_have_text("2 of 4 shown")
    assert page.locator("#canvas").get_attribute("data-shapes") == "3"
    page.locator(".predictions li").first.locator("button.accept").click()  # 0.9
    expect(page.locator("#prediction-count")).to_have_text("1 of 3 shown")
    page.locator(".predictions li").first.locator("button.reject").click()  # 0.8
    expect(page.locator("#prediction-count")).to_have_text("0 of 2 shown")
    save(page)
    stored = {tuple(s.points): s for s in job.shapes()}
    assert source(stored[(20.0, 20.0, 80.0, 80.0)]) == "manual"
    assert (100.0, 20.0, 160.0, 80.0) not in stored
    assert source(stored[(200.0, 20.0, 260.0, 80.0)]) == "model"
    # All above a lower threshold at once.
    page.locator("#threshold").evaluate(
        "(el) => { el.value = '0.3'; el.dispatchEvent(new Event('change')); }"
    )
    expect(page.locator("#prediction-count")).to_have_text("2 of 2 shown")
    page.click("#accept-all")
    save(page)
    assert [source(s) for s in job.shapes()] == ["manual"] * 4


def test_a_conflicting_save_shows_who_changed_what_and_loses_nothing(
    page: Any, server: ServerProcess, client: annota.Client, admin_token: str, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path, count=1)
    asset = job.assets[0]
    cat, dog = job.labels["cat"], job.labels["dog"]
    sdk_job = client.jobs.retrieve(job.id)
    sdk_job.set_annotations(
        [shapes.bbox(asset, cat, 10, 10, 60, 60), shapes.bbox(asset, cat, 300, 200, 380, 280)]
    )
    assert server.http(token=admin_token).get(f"/api/jobs/{job.id}/annotations").etag
    open_job(page, server, job)
    kept, doomed = sorted(job.shapes(), key=lambda s: s.points[0])
    # My edits: a new box, and the second box deleted.
    page.keyboard.press("b")
    drag(page, (150, 100), (250, 180))
    page.keyboard.press("v")
    click(page, 340, 240)
    page.keyboard.press("Delete")
    # Their change meanwhile: a new box and the first box relabelled.
    sdk_job.update_annotations(
        create=[shapes.bbox(asset, dog, 100, 220, 140, 260)],
        update=[{"id": kept.id, "label": dog.id}],
    )
    page.click("#save")
    conflict = page.locator("#conflict")
    expect(conflict).to_contain_text("They added (1)")
    expect(conflict).to_contain_text("They changed (1)")
    expect(conflict).to_contain_text(server.admin_username)
    expect(page.locator("#status")).to_contain_text("Not saved")
    assert len(job.shapes()) == 3  # theirs only: nothing of mine was written
    page.click("#reapply")
    save(page)
    final = {tuple(round(v) for v in s.points): s.label for s in job.shapes()}
    assert final == {
        (10, 10, 60, 60): dog.id,
        (100, 220, 140, 260): dog.id,
        (150, 100, 250, 180): cat.id,
    }
    assert doomed.id not in {s.id for s in job.shapes()}


def test_leaving_with_unsaved_edits_asks_first(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path, count=1)
    open_job(page, server, job)
    page.keyboard.press("t")
    asked: list[str] = []

    def refuse(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.click("#crumbs a >> nth=0")
    assert asked
    assert "unsaved" in asked[0]
    assert f"#/jobs/{job.id}" in page.url
    expect(page.locator("#status")).to_contain_text("1 unsaved change")


def test_edits_are_replayed_onto_a_concurrent_change(page: Any, server: ServerProcess) -> None:
    """The merge the conflict box offers (js/annotate/model.js), on shapes made up in the page."""
    page.goto(server.url + "/")
    result = page.evaluate(
        """async () => {
          const m = await import('/ui/js/annotate/model.js');
          const shape = (id, label, points) => ({
            id, asset: 1, label, kind: 'bbox', points, attributes: [], occluded: false,
            z_order: 0, source: 'manual', created_at: '', updated_at: '' });
          const loaded = [shape(1, 7, [0, 0, 5, 5]), shape(2, 7, [10, 10, 20, 20]),
                          shape(3, 7, [30, 30, 40, 40])].map(m.fromServer);
          const base = new Map(loaded.map((s) => [s.id, s]));
          // Mine: move 1, relabel 3, delete 2, draw a new one.
          let mine = loaded.filter((s) => s.id !== 2)
            .map((s) => s.id === 1 ? m.changed(s, {points: [1, 1, 6, 6]}) : s)
            .map((s) => s.id === 3 ? m.changed(s, {label: 8}) : s);
          mine = [...mine, m.created(1, 7, 'bbox', [50, 50, 60, 60])];
          const pending = m.changes(base, mine);
          // Theirs: relabel 1, delete 3, add 4.
          const current = [m.changed(loaded[0], {label: 9}), loaded[1],
                           m.fromServer(shape(4, 7, [70, 70, 80, 80]))];
          const theirs = m.theirChanges(base, current);
          const merged = m.rebase(pending, base, current, mine);
          const after = m.changes(new Map(current.map((s) => [s.id, s])), merged.shapes);
          return {
            pending: {create: pending.create.length, update: pending.update,
                      delete: pending.delete},
            theirs: {added: theirs.added.map((s) => s.id), removed: theirs.removed.map((s) => s.id),
                     modified: theirs.modified.map((s) => s.id)},
            merged: merged.shapes.map((s) => [s.id, s.label, [...s.points]]),
            notes: merged.notes.length,
            after: {create: after.create.length, update: after.update, delete: after.delete},
          };
        }"""
    )
    assert result["pending"] == {
        "create": 1,
        "update": [{"id": 1, "points": [1, 1, 6, 6]}, {"id": 3, "label": 8}],
        "delete": [2],
    }
    assert result["theirs"] == {"added": [4], "removed": [3], "modified": [1]}
    # Their label on 1 with my move; 2 deleted; 4 kept; my relabelled 3 comes back as new; my box.
    assert result["merged"] == [
        [1, 9, [1, 1, 6, 6]],
        [4, 7, [70, 70, 80, 80]],
        [None, 8, [30, 30, 40, 40]],
        [None, 7, [50, 50, 60, 60]],
    ]
    assert result["notes"] == 1
    assert result["after"] == {
        "create": 2,
        "update": [{"id": 1, "points": [1, 1, 6, 6]}],
        "delete": [2],
    }


def test_pan_then_draw_a_polyline_and_points(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    job = make_job(client, tmp_path, count=1)
    open_job(page, server, job)
    canvas = page.locator("#canvas")
    before = float(canvas.get_attribute("data-x"))
    page.keyboard.down(" ")
    drag(page, (150, 150), (200, 150))  # with space held: a pan, not a selection
    page.keyboard.up(" ")
    scale = float(canvas.get_attribute("data-scale"))
    assert abs(float(canvas.get_attribute("data-x")) - (before + 50 * scale)) < 2
    page.keyboard.press("l")
    for x, y in [(20, 250), (120, 200), (220, 260)]:
        click(page, x, y)
    page.keyboard.press("Enter")
    page.keyboard.press("o")
    for x, y in [(300, 40), (340, 60)]:
        click(page, x, y)
    page.keyboard.press("Enter")
    page.keyboard.press("Control+s")
    expect(page.locator("#status")).to_contain_text("Saved 2 changes")
    stored = {str(getattr(s.kind, "value", s.kind)): list(s.points) for s in job.shapes()}
    assert close(stored["polyline"], [20, 250, 120, 200, 220, 260]), stored
    assert close(stored["points"], [300, 40, 340, 60]), stored


def test_readme_screenshot_of_a_job_with_a_few_shapes(
    page: Any, server: ServerProcess, client: annota.Client, admin_token: str, tmp_path: Path
) -> None:
    """build/screenshots/annotate.png, for the README: shapes, a prediction, a selected box."""
    project = client.projects.create(
        {
            "name": unique("street"),
            "type": "detection",
            "labels": [
                {"name": "car", "color": "#e53935"},
                {"name": "person", "color": "#1e88e5"},
                {"name": "road", "color": "#fdd835"},
                {"name": "daytime", "color": "#43a047"},
            ],
        }
    )
    image = Image.new("RGB", (800, 500), (135, 180, 215))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 800, 500), fill=(90, 90, 95))
    draw.rectangle((90, 250, 330, 380), fill=(170, 40, 40))
    draw.rectangle((480, 270, 660, 370), fill=(40, 70, 150))
    draw.ellipse((380, 180, 420, 220), fill=(230, 190, 160))
    draw.rectangle((385, 220, 415, 330), fill=(60, 60, 60))
    image.save(tmp_path / "street.png")
    task = client.tasks.create({"project": project.id, "name": "street"})
    (asset,) = task.upload_assets([tmp_path / "street.png"])
    (job,) = list(task.get_jobs())
    car, person, road, daytime = project.labels
    job.set_annotations(
        [
            shapes.bbox(asset, car, 88, 248, 332, 382, attributes={"colour": "red"}),
            shapes.bbox(asset, person, 376, 176, 424, 332),
            shapes.polyline(asset, road, [(0, 420), (400, 400), (800, 425)]),
            shapes.points(asset, person, [(400, 200), (392, 260), (408, 260)]),
            shapes.tag(asset, daytime),
        ]
    )
    # A model's guess at the blue car, where the server knows predictions.
    server.http(token=admin_token).patch(
        f"/api/jobs/{job.id}/annotations",
        json={
            "create": [
                {
                    "asset": asset.id,
                    "label": car.id,
                    "kind": "bbox",
                    "points": [476, 266, 664, 374],
                    "source": "model",
                    "score": 0.87,
                    "model_name": "detector",
                }
            ]
        },
    )
    sign_in(page, server)
    page.goto(f"{server.url}/#/jobs/{job.id}?asset=0")
    expect(page.locator("#canvas")).to_have_attribute("data-ready", str(asset.id))
    click(page, 200, 300)
    expect(page.locator("#selection")).to_contain_text("bbox")
    expect(page.locator("#attributes input.attr-value")).to_have_value("red")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "annotate.png"))


def test_label_a_task_from_start_to_finish_by_clicking_through(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    """Home -> project -> task -> job, a box on each asset, saved, marked annotated."""
    job = make_job(client, tmp_path, count=2)
    sign_in(page, server)
    page.locator(f'[data-testid="project"][data-project="{job.project.id}"] a').first.click()
    expect(page.locator("#project-name")).to_have_text(job.project.name)
    page.locator('[data-testid="task"] a').first.click()
    expect(page.locator("#task-name")).to_have_text("images")
    page.locator('[data-testid="job-link"]').first.click()
    workspace = client.projects.retrieve(job.project.id).workspace.name
    expect(page.locator("#crumbs a")).to_have_text(
        [workspace, job.project.name, "images", f"Job {job.id}"]
    )
    boxes = {0: ("1", (40, 30, 150, 120)), 1: ("2", (210, 100, 380, 280))}
    for position, (label_key, (x1, y1, x2, y2)) in boxes.items():
        ready(page, job.assets[position])
        page.keyboard.press(label_key)
        page.keyboard.press("b")
        drag(page, (x1, y1), (x2, y2))
        page.keyboard.press("Control+s")
        expect(page.locator("#status")).to_contain_text("Saved 1 change")
        page.keyboard.press("f")
    page.click("#mark-annotated, [data-testid=mark-annotated]")
    expect(page.locator("#status")).to_contain_text("validation")
    # The SDK sees exactly what was drawn, where it was drawn.
    stored = sorted(job.shapes(), key=lambda shape: shape.asset)
    assert [(s.asset, s.label, s.kind) for s in stored] == [
        (job.assets[0].id, job.labels["cat"].id, "bbox"),
        (job.assets[1].id, job.labels["dog"].id, "bbox"),
    ]
    for shape, (_, corners) in zip(stored, boxes.values(), strict=True):
        assert close(list(shape.points), list(corners)), shape.points
    assert client.jobs.retrieve(job.id).stage == "validation"


def _canvas_pixel(page: Any, x: float, y: float) -> list[int]:
    """The painted shape layer's pixel over image pixel (x, y)."""
    canvas = page.locator("#canvas")
    px, py = to_page(page, x, y)
    box = canvas.bounding_box()
    return list(
        page.evaluate(
            "([x, y]) => { const c = document.querySelectorAll('#canvas canvas')[1];"
            " const r = window.devicePixelRatio || 1;"
            " return Array.from(c.getContext('2d').getImageData(x * r, y * r, 1, 1).data); }",
            [px - box["x"], py - box["y"]],
        )
    )


def test_masks_are_painted_semi_transparent_in_their_label_colour(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    import numpy as np

    job = make_job(client, tmp_path, count=1)
    asset = job.assets[0]
    pixels = np.zeros((HEIGHT, WIDTH), dtype=bool)
    pixels[40:200, 50:250] = True
    pixels[100:140, 120:180] = False  # a hole
    client.jobs.retrieve(job.id).set_annotations([shapes.mask(asset, job.labels["cat"], pixels)])
    open_job(page, server, job)
    assert page.locator("#canvas").get_attribute("data-shapes") == "1"
    red, green, blue, alpha = _canvas_pixel(page, 70, 60)
    assert red > 180, (red, green, blue, alpha)
    assert 60 < alpha < 200  # semi-transparent: the image shows through
    assert _canvas_pixel(page, 150, 120)[3] == 0  # the hole is not painted
    assert _canvas_pixel(page, 300, 250)[3] == 0  # nor outside the mask
    # A click inside the mask selects it; a click in its hole does not.
    click(page, 150, 120)
    expect(page.locator("#selection")).not_to_have_attribute("data-kind", "mask")
    click(page, 70, 60)
    expect(page.locator("#selection")).to_have_attribute("data-kind", "mask")
    # Changing the selected mask's label saves it, its pixels untouched.
    page.select_option("#shape-label", str(job.labels["dog"].id))
    save(page)
    (stored,) = job.shapes()
    assert stored.label == job.labels["dog"].id
    assert np.array_equal(shapes.to_array(stored), pixels)


def test_brush_and_eraser_paint_a_mask_saved_pixel_for_pixel(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    import numpy as np

    job = make_job(client, tmp_path, count=1)
    open_job(page, server, job)
    page.fill("#brush-size", "20")
    page.dispatch_event("#brush-size", "change")
    page.click("button[data-tool='brush']")
    drag(page, (100, 100), (200, 100))
    expect(page.locator("#selection")).to_have_attribute("data-kind", "mask")
    page.click("button[data-tool='eraser']")
    drag(page, (150, 80), (150, 120))
    save(page)
    (stored,) = job.shapes()
    pixels = shapes.to_array(stored)
    assert pixels.shape == (HEIGHT, WIDTH)
    # The stroke: its centre line is in, except where the eraser crossed it; far pixels are out.
    assert pixels[100, 95:135].all()
    assert pixels[100, 165:205].all()
    assert not pixels[90:111, 145:156].any()
    assert not pixels[:85].any()
    assert not pixels[116:].any()
    assert stored.mask.area == int(pixels.sum())
    # The box the server computed from the runs is the pixels' box.
    rows, cols = np.nonzero(pixels)
    assert stored.mask.bbox == [
        int(cols.min()),
        int(rows.min()),
        int(cols.max()) + 1,
        int(rows.max()) + 1,
    ]


def _inside(polygon: list[tuple[float, float]], height: int, width: int) -> Any:
    """Pixels whose centres are inside ``polygon`` (even-odd), written here apart from the page."""
    import numpy as np

    ys, xs = np.mgrid[0:height, 0:width] + 0.5
    inside = np.zeros((height, width), dtype=bool)
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        spans = (ay <= ys) != (by <= ys)
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = ax + (ys - ay) * (bx - ax) / (by - ay)
        inside ^= spans & (xs < cross)
    return inside


def test_fill_a_polygon_into_a_mask_saved_pixel_for_pixel(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    import numpy as np

    job = make_job(client, tmp_path, count=1)
    asset = job.assets[0]
    # Concave, with a slanted edge: the fill keeps the pixels whose centres are inside.
    polygon = [
        (40.0, 30.0),
        (220.0, 30.0),
        (220.0, 90.0),
        (120.0, 90.0),
        (90.0, 200.0),
        (40.0, 200.0),
    ]
    client.jobs.retrieve(job.id).set_annotations(
        [
            shapes.polygon(
                asset, job.labels["dog"], polygon, attributes={"colour": "brown"}, z_order=2
            )
        ]
    )
    open_job(page, server, job)
    click(page, 60, 60)
    expect(page.locator("#selection")).to_have_attribute("data-kind", "polygon")
    page.keyboard.press("m")
    expect(page.locator("#selection")).to_have_attribute("data-kind", "mask")
    # One edit: undo gives the polygon back, redo the mask.
    page.click("#undo")
    expect(page.locator("#selection")).not_to_have_attribute("data-kind", "mask")
    click(page, 60, 60)
    expect(page.locator("#selection")).to_have_attribute("data-kind", "polygon")
    page.click("#redo")
    save(page)
    (stored,) = job.shapes()
    assert stored.kind == "mask"
    assert stored.label == job.labels["dog"].id
    assert stored.z_order == 2
    assert [(a.name, a.value) for a in stored.attributes] == [("colour", "brown")]
    expected = _inside(polygon, HEIGHT, WIDTH)
    assert np.array_equal(shapes.to_array(stored), expected)
    assert stored.mask.area == int(expected.sum())
