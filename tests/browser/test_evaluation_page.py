"""The evaluation page: reached from the project page, its charts are drawn, and the worst asset
opens the annotation page with the evaluation's verdict drawn over it in three styles.

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

OVERLAY = """() => {
  const layer = Konva.stages[0].findOne(".evaluation");
  return {
    visible: layer.visible(),
    nodes: layer.getChildren().map((node) => ({
      name: node.name(), id: node.id(), stroke: node.stroke(), dash: node.dash() || [],
      hatched: Boolean(node.fillPatternImage()),
    })),
  };
}"""


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
    worst = assets[-1]  # one cat found, two missed, one box where there is none
    truth += [shapes.bbox(worst, cat, 1, 1, 10, 10), shapes.bbox(worst, cat, 20, 20, 30, 30)]
    truth.append(shapes.bbox(worst, cat, 50, 30, 70, 45))
    predicted.append(shapes.bbox(worst, cat, 50, 30, 70, 45, score=0.95, model_version=version))
    predicted.append(shapes.bbox(worst, cat, 40, 10, 60, 20, score=0.8, model_version=version))
    task.set_annotations(truth)
    task.update_annotations(create=predicted)
    for job in task.get_jobs():
        job.update(stage="acceptance", state="completed")
    evaluation = setup.project.evaluate(version, timeout=120)

    sign_in(page, server)
    # The project page lists its evaluations with their figures; one opens the evaluation page.
    page.goto(f"{server.url}/#/projects/{setup.project.id}")
    row = page.locator(f'[data-testid="evaluation"][data-evaluation="{evaluation.id}"]')
    expect(row.locator("td").nth(5)).to_have_text(f"{evaluation.ap:.3f}")
    row.locator('[data-testid="evaluation-link"]').click()
    expect(page).to_have_url(re.compile(rf"#/evaluations/{evaluation.id}$"))
    expect(page.locator("#evaluation-title")).to_have_text(f"Evaluation {evaluation.id}")
    expect(page.locator("#evaluation-summary")).to_contain_text(f"AP {evaluation.ap:.3f}")
    curve = page.locator('[data-testid="pr-curve"]')
    expect(curve).to_have_count(1)  # the cat's; the dog has no ground truth
    assert len(curve.get_attribute("points").split()) == 101
    expect(page.locator('[data-testid="confusion-cell"]')).to_have_count(9)  # cat, dog, bg
    rows = page.locator('[data-testid="evaluation-labels"] tbody tr')
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(3)).to_have_text(str(ASSETS))  # true positives
    links = page.locator('[data-testid="worst-asset"]')
    expect(links).to_have_count(ASSETS)
    expect(links.nth(0)).to_have_text(worst.name)
    links.nth(0).click()
    expect(page).to_have_url(
        re.compile(rf"#/jobs/{worst.job}\?asset={worst.position}&evaluation={evaluation.id}$")
    )
    expect(page.locator("#canvas")).to_have_attribute("data-ready", str(worst.id))

    # The verdict over the asset: each shape in the style of the part it played.
    detail = evaluation.asset(worst)
    ((prediction, found),) = detail.asset.pairs
    drawn = page.evaluate(OVERLAY)
    assert drawn["visible"]
    by_name: dict[str, list[dict[str, Any]]] = {}
    for node in drawn["nodes"]:
        by_name.setdefault(node["name"], []).append(node)
    assert {name: len(nodes) for name, nodes in by_name.items()} == {
        "evaluation-matched": 1,
        "evaluation-truth": 1,
        "evaluation-false-positive": 1,
        "evaluation-missed": 2,
    }
    (matched,) = by_name["evaluation-matched"]
    assert matched["id"] == f"evaluation-shape-p{prediction}"
    assert matched["stroke"] == cat.color
    assert matched["dash"] == []
    assert by_name["evaluation-truth"][0]["id"] == f"evaluation-shape-t{found}"
    (false,) = by_name["evaluation-false-positive"]
    assert false["stroke"] == "#ff5722"
    assert false["dash"] == [10, 5]
    assert not false["hatched"]
    assert {node["id"] for node in by_name["evaluation-missed"]} == {
        f"evaluation-shape-t{shape.id}" for shape in detail.shapes if shape.role == "missed"
    }
    assert all(  # dash-dotted magenta, hatched
        node["stroke"] == "#e91e63" and node["dash"] == [12, 4, 2, 4] and node["hatched"]
        for node in by_name["evaluation-missed"]
    )
    legend = page.locator("#evaluation-legend")
    expect(legend.locator('[data-role="false_positive"]')).to_have_text("false positive (1)")
    expect(legend.locator('[data-role="missed"]')).to_have_text("missed ground truth (2)")
    page.locator("#evaluation-toggle").uncheck()
    assert page.evaluate(OVERLAY)["visible"] is False
    setup.client.close()
