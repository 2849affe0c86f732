"""The mask brush on a 4000x3000 image in headless Chromium: the time of one stroke.

One server, two jobs: a 4000x3000 image and a 640x480 one. On each, the brush (40 image pixels
wide) paints strokes into one mask: the first stroke makes the mask, the others add to it, as a
person paints. A stroke is the mouse pressed, moved in 10 steps across 30% of the image and
released; its time runs from the press until the page has drawn two frames after the release
(the mask is painted, encoded to RLE and drawn again by then). One page, one image after the
other (a tab in the background draws no frames, so the two cannot alternate); the figure is the
median per image, and their ratio. Measured, never asserted: it
depends on the machine. The mask is saved at the end and read back through the SDK to check
that the strokes were painted.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import Context, Section, Server, logger, median, num
from bench.webapp_open import CHROMIUM_ARGS, _chromium

NEEDS: set[str] = set()
SIZES = {"4000x3000": (4000, 3000), "640x480": (640, 480)}
BRUSH = 40  # image pixels
STEPS = 10


def _image(path: Path, size: tuple[int, int]) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (110, 120, 140))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width // 5, height // 5, width // 2, height // 2), fill=(200, 170, 90))
    image.save(path)
    return path


def _prepare(server: Server, directory: Path) -> dict[str, tuple[int, int]]:
    """A job per image size: ``{name: (job id, asset id)}``."""
    import annota

    client = annota.make_client(server.url, credentials=server.credentials)
    project = client.projects.create(
        {
            "name": "mask-brush",
            "type": "segmentation",
            "labels": [{"name": "road", "color": "#e53935", "kind": "mask"}],
        }
    )
    jobs = {}
    for name, size in SIZES.items():
        task = client.tasks.create({"project": project.id, "name": name})
        (asset,) = task.upload_assets([_image(directory / f"{name}.png", size)])
        (job,) = list(task.get_jobs())
        jobs[name] = (job.id, asset.id)
    client.close()
    return jobs


def _to_page(page: Any, x: float, y: float) -> tuple[float, float]:
    canvas = page.locator("#canvas")
    box = canvas.bounding_box()
    scale = float(canvas.get_attribute("data-scale"))
    left = float(canvas.get_attribute("data-x"))
    top = float(canvas.get_attribute("data-y"))
    return box["x"] + left + x * scale, box["y"] + top + y * scale


def run(ctx: Context) -> Section:
    log = logger("mask_brush")
    section = Section("The mask brush on a 4000x3000 image (headless Chromium)")
    path = _chromium()
    if path is None:
        section.para("Not measured: no Chromium on this machine (apt-get install chromium).")
        return section
    from playwright.sync_api import sync_playwright

    import annota

    results: dict[str, list[tuple[float, float]]] = {}
    rounds = 3 if ctx.scale.name == "quick" else 9
    directory = Path(tempfile.mkdtemp(prefix="annota-bench-brush-"))
    try:
        with Server(label="sqlite") as server, sync_playwright() as playwright:
            jobs = _prepare(server, directory)
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(server.url + "/")
                page.fill("#username-input", server.credentials[0])
                page.fill("#password", server.credentials[1])
                page.click("#sign-in")
                page.wait_for_selector("#sign-out")
                for name, (job, asset) in jobs.items():
                    page.goto("about:blank")
                    page.goto(f"{server.url}/#/jobs/{job}?asset=0")
                    page.wait_for_selector(f"#canvas[data-ready='{asset}']", timeout=120_000)
                    page.fill("#brush-size", str(BRUSH))
                    page.dispatch_event("#brush-size", "change")
                    page.click("button[data-tool='brush']")
                    width, height = SIZES[name]
                    times = []
                    for index in range(rounds + 1):  # the first stroke makes the mask
                        row = height * (0.2 + 0.05 * index)
                        page.mouse.move(*_to_page(page, width * 0.3, row))
                        start = time.perf_counter()
                        page.mouse.down()
                        page.mouse.move(*_to_page(page, width * 0.6, row + 5), steps=STEPS)
                        released = time.perf_counter()
                        page.mouse.up()
                        page.evaluate(
                            "() => new Promise((done) => requestAnimationFrame("
                            "() => requestAnimationFrame(done)))"
                        )
                        end = time.perf_counter()
                        times.append((end - start, end - released))
                    results[name] = times[1:]
                    log(f"{name}: {len(times)} strokes")
                    page.click("#save")
                    page.wait_for_selector("#status:has-text('Saved')", timeout=120_000)
                version = browser.version
            finally:
                browser.close()
            client = annota.make_client(server.url, credentials=server.credentials)
            painted = {}
            for name, (job, _) in jobs.items():
                shapes = list(client.jobs.retrieve(job).get_annotations().shapes)
                painted[name] = [(s.kind.value, s.mask.area > 0) for s in shapes]
            client.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    for name, found in painted.items():
        if found != [("mask", True)]:
            raise RuntimeError(f"{name}: the strokes left {found}, not one painted mask")
    times = {name: median(v for v, _ in values) * 1000 for name, values in results.items()}
    after = {name: median(r for _, r in values) * 1000 for name, values in results.items()}
    section.versions["chromium"] = version
    section.para(
        f"A brush {BRUSH} image pixels wide; each stroke is a press, {STEPS} moves across 30% "
        "of the image and a release, into the one mask of the image (made by a first, "
        "unmeasured stroke). Time from the press to two frames drawn after the release, "
        f"median of {rounds} strokes per image. A figure, not a target."
    )
    section.table(
        [
            "image",
            "ms per stroke (press to drawn)",
            "of which release to drawn",
            "all strokes (ms)",
        ],
        [
            [
                name,
                num(times[name], 1),
                num(after[name], 1),
                ", ".join(num(v * 1000) for v, _ in results[name]),
            ]
            for name in results
        ],
    )
    section.para(
        "*Release to drawn* is the mask's own cost: the stroke painted into its pixels, "
        "encoded to RLE, decoded and drawn again; the rest is the moves (the stroke's outline "
        f"drawn as it goes). 4000x3000 / 640x480: {times['4000x3000'] / times['640x480']:.1f}x "
        f"per stroke, {after['4000x3000'] / after['640x480']:.1f}x release to drawn, for "
        f"{4000 * 3000 / (640 * 480):.0f}x the pixels."
    )
    return section
