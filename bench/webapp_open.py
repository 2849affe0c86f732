"""What 1,000 shapes cost the annotation page: opening it in headless Chromium.

One server, one 1280x960 image uploaded into two tasks: on one asset 1,000 shapes (700 boxes and
300 polygons of 8 vertices, over two labels), on the other none. Each round opens both pages
(the order rotates) by a full navigation from about:blank in a signed-in tab, and reads the time
from navigation start to the page's ``annota:shapes-drawn`` mark (set once the image and every
shape are on the canvas). The figure is the ratio of the medians.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.harness import Context, Section, Server, Target, interleaved, logger, median, num

NEEDS: set[str] = set()
GOAL = 2.0  # the page with 1,000 shapes opens in at most twice the time of the empty one
SHAPES = 1000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    explicit = os.environ.get("ANNOTA_CHROMIUM")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def _image(path: Path) -> Path:
    from PIL import Image, ImageDraw

    rng = random.Random(3)
    image = Image.new("RGB", (1280, 960), (110, 120, 140))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(1200), rng.randrange(900)
        fill = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 200)), fill=fill)
    image.save(path)
    return path


def _shapes(asset: int, labels: list[int]) -> list[dict[str, Any]]:
    rng = random.Random(11)
    out: list[dict[str, Any]] = []
    for index in range(SHAPES):
        x, y = rng.uniform(0, 1180), rng.uniform(0, 860)
        label = labels[index % len(labels)]
        if index < SHAPES * 7 // 10:
            points = [x, y, x + rng.uniform(5, 100), y + rng.uniform(5, 100)]
            out.append({"asset": asset, "label": label, "kind": "bbox", "points": points})
        else:
            ring = [(x + 40 + 35 * dx, y + 40 + 35 * dy) for dx, dy in _OCTAGON]
            flat = [v for point in ring for v in point]
            out.append({"asset": asset, "label": label, "kind": "polygon", "points": flat})
    return out


_OCTAGON = [(1, 0), (0.7, 0.7), (0, 1), (-0.7, 0.7), (-1, 0), (-0.7, -0.7), (0, -1), (0.7, -0.7)]


def _prepare(server: Server, directory: Path) -> tuple[int, int]:
    """Two jobs on the same image: (job with 1,000 shapes, job with none)."""
    import annota

    client = annota.make_client(server.url, credentials=server.credentials)
    project = client.projects.create(
        {
            "name": "webapp-open",
            "type": "detection",
            "labels": [{"name": "car", "color": "#e53935"}, {"name": "person", "color": "#1e88e5"}],
        }
    )
    labels = [label.id for label in project.labels]
    image = _image(directory / "street.png")
    jobs = []
    for name in ("full", "empty"):
        task = client.tasks.create({"project": project.id, "name": name})
        (asset,) = task.upload_assets([image])
        (job,) = list(task.get_jobs())
        if name == "full":
            job.set_annotations(_shapes(asset.id, labels))
        jobs.append(job.id)
    client.close()
    return jobs[0], jobs[1]


def run(ctx: Context) -> Section:
    log = logger("webapp_open")
    section = Section("Opening the annotation page (headless Chromium)")
    path = _chromium()
    target = "annotation page, 1,000 shapes vs none (navigation start to shapes drawn)"
    if path is None:
        section.para("Not measured: no Chromium on this machine (apt-get install chromium).")
        section.targets.append(Target(target, "n/a", f"<= {GOAL:.1f}x", None))
        return section
    from playwright.sync_api import sync_playwright

    rounds = 3 if ctx.scale.name == "quick" else 9
    directory = Path(tempfile.mkdtemp(prefix="annota-bench-webapp-"))
    try:
        with Server(label="sqlite") as server, sync_playwright() as playwright:
            full, empty = _prepare(server, directory)
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(server.url + "/")
                page.fill("#username-input", server.credentials[0])
                page.fill("#password", server.credentials[1])
                page.click("#sign-in")
                page.wait_for_selector("#sign-out")

                def opening(job: int, shapes: int) -> Any:
                    def once() -> tuple[float, int]:
                        page.goto("about:blank")
                        page.goto(f"{server.url}/#/jobs/{job}?asset=0")
                        page.wait_for_selector("#canvas[data-ready]", timeout=60_000)
                        drawn = int(page.get_attribute("#canvas", "data-shapes") or -1)
                        mark = page.evaluate(
                            "performance.getEntriesByName('annota:shapes-drawn')[0].startTime"
                        )
                        return float(mark), drawn

                    return once

                opening(full, SHAPES)()  # warm the server's caches and Chromium's
                opening(empty, 0)()
                results = interleaved(
                    {"1,000 shapes": opening(full, SHAPES), "no shapes": opening(empty, 0)},
                    rounds,
                    log=log,
                )
                version = browser.version
            finally:
                browser.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    drawn = {name: {count for _, count in values} for name, values in results.items()}
    if drawn["1,000 shapes"] != {SHAPES} or drawn["no shapes"] != {0}:
        raise RuntimeError(f"the pages drew {drawn} shapes, not {SHAPES} and 0")
    times = {name: median(ms for ms, _ in values) for name, values in results.items()}
    measured = times["1,000 shapes"] / times["no shapes"]
    section.versions["chromium"] = version
    section.para(
        "Navigation start (a full load from about:blank, signed in) to the page's "
        "`annota:shapes-drawn` mark: the image and every shape on the canvas. One 1280x960 "
        f"image; {SHAPES:,} shapes are 70% boxes and 30% octagons. Median of {rounds} "
        "interleaved rounds."
    )
    section.table(
        ["page", "median ms", "all rounds (ms)"],
        [
            [name, num(times[name], 1), ", ".join(num(ms) for ms, _ in results[name])]
            for name in results
        ],
    )
    section.targets.append(Target(target, f"{measured:.2f}x", f"<= {GOAL:.1f}x", measured <= GOAL))
    return section
