"""The evaluation page: its charts are drawn, and the worst asset opens the annotation page.

The evaluation is made through the SDK (predictions of a registered model version against
reviewed ground truth), then read in the browser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support import ServerProcess, unique

from annota import shapes

from .test_pages import ASSETS, make_setup
from .test_shell import sign_in


def test_evaluation_page_draws_its_charts_and_opens_the_worst_asset(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    setup = make_setup(server, admin_token, tmp_path / "images")
    client, task = setup.client, setup.task
    cat = setup.project.labels[0]
    version = client.models.create(unique("detector")).create_version("v1")
    assets = sorted(task.get_assets(), key=lambda asset: asset.position)
    truth, predicted = [], []
    for asset in assets[:-1]:  # found exactly
        truth.append(shapes.bbox(asset, cat, 2, 2, 20, 20))
        predicted.append(shapes.bbox(asset, cat, 2, 2, 20, 20, score=0.9, model_version=version))
    worst = assets[-1]  # two cats missed, one box where there is none
    truth += [shapes.bbox(worst, cat, 1, 1, 10, 10), shapes.bbox(worst, cat, 20, 20, 30, 30)]
    predicted.append(shapes.bbox(worst, cat, 40, 10, 60, 20, score=0.8, model_version=version))
    task.set_annotations(truth)
    task.update_annotations(create=predicted)
    for job in task.get_jobs():
        job.update(stage="acceptance", state="completed")
    evaluation = setup.project.evaluate(version, timeout=120)

    sign_in(page, server)
    page.goto(f"{server.url}/#/evaluations/{evaluation.id}")
    expect(page.locator("#evaluation-title")).to_have_text(f"Evaluation {evaluation.id}")
    expect(page.locator("#evaluation-summary")).to_contain_text(f"AP {evaluation.ap:.3f}")
    curve = page.locator('[data-testid="pr-curve"]')
    expect(curve).to_have_count(1)  # the cat's; the dog has no ground truth
    assert len(curve.get_attribute("points").split()) == 101
    expect(page.locator('[data-testid="confusion-cell"]')).to_have_count(9)  # cat, dog, bg
    rows = page.locator('[data-testid="evaluation-labels"] tbody tr')
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(3)).to_have_text(str(ASSETS - 1))  # true positives
    links = page.locator('[data-testid="worst-asset"]')
    expect(links).to_have_count(ASSETS)
    expect(links.nth(0)).to_have_text(worst.name)
    links.nth(0).click()
    expect(page).to_have_url(re.compile(rf"#/jobs/{worst.job}\?asset={worst.position}$"))
    expect(page.locator("#canvas")).to_have_attribute("data-ready", str(worst.id))
    setup.client.close()
