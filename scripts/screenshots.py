"""`make screenshots`: the web app's pages as PNG files in docs/images/webapp/.

Starts annota-server on a throwaway SQLite database (like `make demo`), fills a small street
survey project through the SDK (typed labels, generated images, shapes with a mask, an annotator
and a reviewer, a review issue, a dataset version, a model and its evaluation), then opens each
page of the web app in headless Chromium (Playwright) at 1280x800 and saves it, palette-reduced
so that the docs stay small. Always stops the server.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from demo import free_port, wait_healthy
from PIL import Image, ImageDraw

import annota
from annota import shapes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images" / "webapp"
VIEWPORT: Any = {"width": 1280, "height": 800}  # Playwright's ViewportSize
# Those of tests/browser/conftest.py: without them Chromium keeps dialling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH, HEIGHT = 480, 320
USER_PASSWORD = "street-survey-1"


def chromium() -> str:
    """Chromium's path: ANNOTA_CHROMIUM, or Debian's package."""
    found = os.environ.get("ANNOTA_CHROMIUM") or shutil.which("chromium")
    found = found or shutil.which("chromium-browser")
    if not found:
        sys.exit("no Chromium found (apt-get install chromium, or set ANNOTA_CHROMIUM)")
    return found


def street(seed: int) -> bytes:
    """A small drawn street scene (sky, houses, road, two cars, a person) as PNG bytes."""
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), (150, 190, 225))
    draw = ImageDraw.Draw(image)
    for i in range(4):  # houses
        x = 20 + i * 120 + int(rng.integers(0, 20))
        top = 60 + int(rng.integers(0, 50))
        colour = tuple(int(c) for c in rng.integers(120, 220, 3))
        draw.rectangle((x, top, x + 90, 190), fill=colour)
        draw.rectangle((x + 35, 150, x + 55, 190), fill=(90, 60, 40))
    draw.rectangle((0, 190, WIDTH, HEIGHT), fill=(85, 85, 90))  # road
    draw.line((0, 260, WIDTH, 250), fill=(235, 235, 235), width=4)  # lane line
    for x, colour in ((60 + seed * 15, (200, 40, 40)), (270 - seed * 10, (40, 70, 190))):
        draw.rounded_rectangle((x, 215, x + 110, 265), radius=10, fill=colour)
        draw.ellipse((x + 12, 252, x + 34, 274), fill=(20, 20, 20))
        draw.ellipse((x + 76, 252, x + 98, 274), fill=(20, 20, 20))
    draw.ellipse((405, 175, 425, 195), fill=(230, 190, 160))  # a person
    draw.rectangle((403, 195, 427, 250), fill=(60, 130, 70))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Survey:
    """What the pages show: ids of the objects the script made."""

    workspace: str
    workspace_id: int
    project: int
    task: int
    job: int
    evaluation: int
    worst: str
    """The worst evaluated asset's annotation page, with the evaluation drawn over it."""


def car_box(seed: int, first: bool) -> tuple[float, float, float, float]:
    x = 60 + seed * 15 if first else 270 - seed * 10
    return (x - 2, 212, x + 112, 276)


def fill(client: annota.Client, url: str, images: Path) -> Survey:
    """Make the survey through the SDK; see the module docstring."""
    team = client.workspaces.create({"slug": "street-survey", "name": "Street survey"})
    alice = client.users.create(
        {
            "username": "alice",
            "password": USER_PASSWORD,
            "first_name": "Alice",
            "last_name": "Martin",
            "email": "alice@example.com",
        }
    )
    bob = client.users.create(
        {
            "username": "bob",
            "password": USER_PASSWORD,
            "first_name": "Bob",
            "last_name": "Chen",
            "email": "bob@example.com",
        }
    )
    client.users.create(
        {
            "username": "carol",
            "password": USER_PASSWORD,
            "first_name": "Carol",
            "last_name": "Diaz",
            "email": "carol@example.com",
        }
    )
    team.add_member(alice, "member")
    team.add_member(bob, "maintainer")
    client.tokens.create({"name": "training-pipeline"})
    client.tokens.create({"name": "nightly-export"})
    car_attributes: list[Any] = [
        {"name": "color", "type": "select", "options": ["red", "blue", "other"], "default": "red"},
        {"name": "parked", "type": "checkbox"},
        {"name": "doors", "type": "number", "min": 2, "max": 5, "default": "4"},
    ]
    with client.workspace_context(team.slug):
        project = client.projects.create(
            {
                "name": "Street survey",
                "description": "Cars, people and road markings in drawn street scenes.",
                "type": "detection",
                "labels": [
                    {
                        "name": "car",
                        "kind": "bbox",
                        "color": "#e6194b",
                        "attributes": car_attributes,
                    },
                    {
                        "name": "person",
                        "color": "#3cb44b",
                        "attributes": [{"name": "note", "type": "text"}],
                    },
                    {"name": "road", "kind": "polyline", "color": "#ffe119"},
                    {"name": "house", "color": "#4363d8"},
                    {"name": "daytime", "kind": "tag", "color": "#f58231"},
                ],
            }
        )
        labels = {label.name: label for label in project.labels}
        task = client.tasks.create(
            {"project": project.id, "name": "Morning round", "subset": "train", "segment_size": 3}
        )
        paths = []
        for seed in range(6):
            path = images / f"street-{seed + 1:02d}.png"
            path.write_bytes(street(seed))
            paths.append(path)
        assets = sorted(task.upload_assets(paths), key=lambda asset: asset.position)
        drawn = []
        for seed, asset in enumerate(assets):
            for first, colour in ((True, "red"), (False, "blue")):
                values: dict[str, bool | int | float | str] = {
                    "color": colour,
                    "parked": first,
                    "doors": 4,
                }
                drawn.append(
                    shapes.bbox(
                        asset,
                        labels["car"],
                        *car_box(seed, first),
                        attributes=values,
                    )
                )
            drawn.append(
                shapes.polygon(
                    asset, labels["person"], [(402, 174), (428, 174), (428, 251), (402, 251)]
                )
            )
            drawn.append(shapes.polyline(asset, labels["road"], [(0, 260), (240, 255), (480, 250)]))
            pixels = np.zeros((HEIGHT, WIDTH), dtype=np.uint8)
            pixels[60 + seed * 5 : 190, 140:230] = 1
            drawn.append(shapes.mask(asset, labels["house"], pixels))
            drawn.append(shapes.tag(asset, labels["daytime"]))
        task.set_annotations(drawn)
        jobs = sorted(task.get_jobs(), key=lambda job: job.id)
        for job in jobs:
            job.update({"assignee": alice.id, "reviewer": bob.id})
        jobs[1].update(stage="validation")
        dataset = project.create_version("2026-12 review", "the first reviewed round")
        model = client.models.create("street-detector", description="a stand-in car detector")
        version = model.create_version("v1")
        predictions = []
        for seed, asset in enumerate(assets):
            x0, y0, x1, y1 = car_box(seed, True)
            predictions.append(
                shapes.bbox(
                    asset,
                    labels["car"],
                    x0 + 4,
                    y0 + 3,
                    x1 + 2,
                    y1,
                    score=0.95 - seed * 0.07,
                    model_version=version,
                )
            )
            if seed % 2 == 0:  # a missed car, and a false one on the houses
                predictions.append(
                    shapes.bbox(
                        asset,
                        labels["car"],
                        30,
                        100,
                        120,
                        160,
                        score=0.9 - seed * 0.1,
                        model_version=version,
                    )
                )
        task.update_annotations(create=predictions)
        evaluation = project.evaluate(version, ground_truth=dataset, timeout=120)
    bob_client = annota.make_client(url, credentials=("bob", USER_PASSWORD))
    with bob_client:
        issue = bob_client.jobs.retrieve(jobs[0].id).issues.create(
            assets[0], region=(400, 170, 430, 255), message="the person's legs are cut off"
        )
        bob_client.issues.retrieve(issue.id).comment("please extend the polygon to the feet")
    worst = evaluation.assets()[0]
    worst_page = f"/jobs/{worst.job}?asset={worst.position}&evaluation={evaluation.id}"
    return Survey(team.slug, team.id, project.id, task.id, jobs[0].id, evaluation.id, worst_page)


def optimise(png: bytes, path: Path) -> None:
    """Save a screenshot with a 256-colour palette: a third of the size, the same to the eye."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    reduced = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    reduced.save(path, format="PNG", optimize=True)


def shoot(url: str, password: str, survey: Survey) -> list[Path]:
    """Open every page in Chromium and save it; the files written."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        # Autosave off: the screenshots must not save what the script clicks.
        context.add_init_script("localStorage.setItem('annota.autosave', 'off')")
        page = context.new_page()

        def save(
            name: str, route: str, ready: str, then: Callable[[Any], None] | None = None
        ) -> None:
            page.goto(f"{url}/#{route}")
            page.wait_for_selector(ready)
            page.wait_for_load_state("networkidle")
            if then is not None:
                then(page)
            page.wait_for_timeout(400)  # let images and canvases paint
            path = OUT / f"{name}.png"
            optimise(page.screenshot(), path)
            written.append(path)
            print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")

        def typed_login(tab: Any) -> None:
            tab.fill("#username-input", "admin")
            tab.fill("#password", password)

        save("login", "/login", "#sign-in", typed_login)
        page.click("#sign-in")
        page.wait_for_selector("#sign-out")
        save("home", f"/?workspace={survey.workspace}", '[data-testid="project"]')
        save("project", f"/projects/{survey.project}", "#projects-heading, h1")

        def car_attributes_only(tab: Any) -> None:
            # Labels with attributes start unfolded: fold the person's so the car's fit.
            tab.locator('[data-testid="label-row"]').nth(1).locator(
                ".label-attributes summary"
            ).click()

        save(
            "project-form",
            f"/projects/{survey.project}/edit",
            '[data-testid="label-row"]',
            car_attributes_only,
        )
        save("task", f"/tasks/{survey.task}", '[data-testid="job"]')

        def select_car(tab: Any) -> None:
            tab.locator('[data-testid="object"] .object-name').first.click()

        save("annotate", f"/jobs/{survey.job}?asset=0", "#canvas[data-ready]", select_car)
        save("members", f"/workspaces/{survey.workspace_id}/members", "#sign-out")
        save("users", "/admin/users", "#sign-out")
        save("tokens", "/tokens", "#sign-out")
        save("evaluation", f"/evaluations/{survey.evaluation}", '[data-testid="pr-curve"]')
        save("evaluation-asset", survey.worst, "#evaluation-legend")
        browser.close()
    return written


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="annota-shots-") as data_dir:
        env = {**os.environ, "ANNOTA_DATA_DIR": data_dir}
        env.pop("ANNOTA_DATABASE_URL", None)  # always SQLite
        password = secrets.token_urlsafe(12)
        server_cmd = [sys.executable, "-m", "annota_server"]
        subprocess.run(
            [*server_cmd, "createadmin", "--username", "admin", "--password-stdin"],
            input=password.encode(),
            env=env,
            check=True,
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = Path(data_dir) / "server.log"
        print(f"starting annota-server on {url} (SQLite in {data_dir})")
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [*server_cmd, "run", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_healthy(url, server, log)
            with annota.make_client(url, credentials=("admin", password)) as client:
                images = Path(data_dir) / "images"
                images.mkdir()
                survey = fill(client, url, images)
            written = shoot(url, password, survey)
        finally:
            server.terminate()
            server.wait(timeout=15)
            print("annota-server stopped")
        total = sum(path.stat().st_size for path in written)
        print(f"{len(written)} screenshots, {total / 1024:.0f} KiB in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
