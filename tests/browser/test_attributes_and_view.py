"""Typed attributes in the browser (declared on the project form, one control per type on the
annotation page), autosave, the image's brightness and contrast, and z-order in the object list.

Each test drives a real Chromium; what the server stored is checked through the SDK.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support import ServerProcess, unique

import annota
from annota import attributes, shapes

from .test_annotate import drag, open_job
from .test_pages import sign_in_as
from .test_team import sdk, team_job

__all__ = ["sdk"]  # the fixture, used here by name

CAR = [
    {"name": "color", "type": "select", "options": ["red", "blue"], "default": "red"},
    {"name": "parked", "type": "checkbox"},
    {"name": "doors", "type": "number", "min": 2, "max": 5},
    {"name": "plate", "type": "text", "required": True},
]


def test_the_project_form_declares_typed_attributes(
    page: Any, server: ServerProcess, sdk: annota.Client
) -> None:
    project = sdk.projects.create(
        {"name": unique("attrs"), "type": "detection", "labels": [{"name": "car"}]}
    )
    sign_in_as(page, server, server.admin_username, server.admin_password)
    page.goto(f"{server.url}/#/projects/{project.id}/edit")
    row = page.locator('[data-testid="label-row"]').first
    row.locator(".label-attributes summary").click()
    row.locator(".add-attribute").click()
    specs = row.locator('[data-testid="attr-spec"]')
    specs.nth(0).locator(".attr-spec-name").fill("color")
    specs.nth(0).locator(".attr-spec-options").fill("red\nblue")
    specs.nth(0).locator(".attr-spec-default").fill("red")
    row.locator(".add-attribute").click()
    specs.nth(1).locator(".attr-spec-name").fill("doors")
    specs.nth(1).locator(".attr-spec-type").select_option("number")
    # A number has no options but a range; the form shows what the type uses.
    expect(specs.nth(1).locator(".attr-spec-options")).to_be_hidden()
    specs.nth(1).locator(".attr-spec-min").fill("2")
    specs.nth(1).locator(".attr-spec-max").fill("5")
    specs.nth(1).locator(".attr-spec-default").fill("9")
    specs.nth(1).locator(".attr-spec-required").check()
    page.click("#save-project")
    # The server's reason shows beside the field, and what was typed stays.
    expect(page.locator('[data-error-for="labels.0.attributes.1.default"]')).to_contain_text(
        "above the maximum 5"
    )
    expect(specs.nth(0).locator(".attr-spec-name")).to_have_value("color")
    specs.nth(1).locator(".attr-spec-default").fill("4")
    page.click("#save-project")
    expect(page.locator("#project-name")).to_have_text(project.name)
    (car,) = sdk.projects.retrieve(project.id).labels
    declared = [spec.to_dict() for spec in car.attributes]
    assert declared == [
        {
            "name": "color",
            "type": "select",
            "options": ["red", "blue"],
            "min": None,
            "max": None,
            "default": "red",
            "required": False,
        },
        {
            "name": "doors",
            "type": "number",
            "options": [],
            "min": 2,
            "max": 5,
            "default": "4",
            "required": True,
        },
    ]


def test_the_panel_has_a_control_per_type_with_defaults_and_required_marks(
    page: Any, server: ServerProcess, sdk: annota.Client, tmp_path: Path
) -> None:
    job, _ = team_job(sdk, tmp_path, labels=[{"name": "car", "kind": "bbox", "attributes": CAR}])
    car = job.labels["car"]
    sdk.jobs.retrieve(job.id).set_annotations(
        [shapes.bbox(job.assets[0], car, 20, 20, 80, 80, attributes={"plate": "AB-1"})]
    )
    open_job(page, server, job)
    page.locator('[data-testid="object"] .object-name').first.click()
    panel = page.locator("#attributes")
    expect(panel.locator('[data-type="select"] select')).to_have_value("red")  # the default
    expect(panel.locator('[data-type="checkbox"] input')).not_to_be_checked()
    number = panel.locator('[data-type="number"] input')
    expect(number).to_have_attribute("min", "2")
    expect(number).to_have_attribute("max", "5")
    expect(panel.locator('[data-type="number"] label')).to_contain_text("(2 to 5)")
    expect(panel.locator('[data-type="text"] abbr.required')).to_have_count(1)
    expect(panel.locator('[data-type="text"] input')).to_have_value("AB-1")

    panel.locator('[data-type="select"] select').select_option("blue")
    panel.locator('[data-type="checkbox"] input').check()
    page.locator('#attributes [data-type="number"] input').fill("4.0")
    page.locator('#attributes [data-type="number"] input').press("Tab")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    (stored,) = job.shapes()
    assert attributes.typed(car, stored) == {
        "color": "blue",
        "parked": True,
        "doors": 4,
        "plate": "AB-1",
    }
    # What the server stored is what the page holds: nothing is left to save.
    expect(page.locator("#annotate")).to_have_attribute("data-dirty", "false")

    # A new box starts with the defaults; its missing plate is marked and refused at save,
    # naming the shape.
    page.locator("#canvas").focus()
    page.keyboard.press("b")
    drag(page, (200, 150), (260, 210))
    expect(page.locator('#attributes [data-type="select"] select')).to_have_value("red")
    expect(page.locator('#attributes [data-type="text"] input')).to_have_attribute(
        "aria-invalid", "true"
    )
    page.click("#save")
    expect(page.locator("#canvas-message")).to_contain_text("'plate' is required")
    page.locator('#attributes [data-type="text"] input').fill("CD-2")
    page.locator('#attributes [data-type="text"] input').press("Tab")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    new = next(s for s in job.shapes() if s.id != stored.id)
    assert attributes.typed(car, new) == {"color": "red", "parked": False, "plate": "CD-2"}


def test_autosave_saves_shows_its_state_and_pauses_on_a_conflict(
    page: Any, server: ServerProcess, sdk: annota.Client, tmp_path: Path
) -> None:
    job, _ = team_job(sdk, tmp_path)
    open_job(page, server, job)
    state = page.locator("label.autosave")
    expect(state).to_have_attribute("data-state", "off")  # the test page starts with it off
    page.check("#autosave")
    expect(state).to_have_attribute("data-state", "on")
    page.locator("#canvas").focus()  # the keys go to the page, not the box just ticked
    page.keyboard.press("b")
    drag(page, (20, 20), (80, 80))
    # No click on Save: it saves by itself.
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    expect(state).to_have_attribute("data-state", "on")
    assert len(job.shapes()) == 1

    # Someone else changes the annotations: the next autosave meets the 412 and pauses.
    sdk.jobs.retrieve(job.id).update_annotations(
        create=[shapes.bbox(job.assets[0], job.labels["dog"], 300, 40, 380, 120)]
    )
    drag(page, (200, 150), (260, 210))  # the box tool is still on
    expect(page.locator("#conflict-slot")).not_to_be_empty()
    expect(state).to_have_attribute("data-state", "paused")
    expect(state).to_contain_text("changed meanwhile")
    page.click("#reapply")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    expect(state).to_have_attribute("data-state", "on")
    assert len(job.shapes()) == 3

    # Unticked, it stays off after a reload (remembered in this browser).
    page.uncheck("#autosave")
    page.reload()
    expect(page.locator("#canvas")).to_have_attribute("data-ready", str(job.assets[0].id))
    expect(page.locator("#autosave")).not_to_be_checked()
    expect(state).to_have_attribute("data-state", "off")


def test_brightness_contrast_and_z_order(
    page: Any, server: ServerProcess, sdk: annota.Client, tmp_path: Path
) -> None:
    job, _ = team_job(sdk, tmp_path)
    asset, cat, dog = job.assets[0], job.labels["cat"], job.labels["dog"]
    sdk.jobs.retrieve(job.id).set_annotations(
        [
            shapes.bbox(asset, cat, 20, 20, 120, 120, z_order=0),
            shapes.bbox(asset, dog, 60, 60, 160, 160, z_order=1),
        ]
    )
    open_job(page, server, job)
    # Brightness and contrast change the image's look only: nothing to save.
    page.locator("#image-brightness").fill("1.5")
    page.locator("#image-contrast").fill("2")
    expect(page.locator("#canvas")).to_have_attribute("data-filter", "brightness(1.5) contrast(2)")
    filters = page.evaluate(
        "() => Konva.stages[0].getLayers().map((l) => l.getNativeCanvasElement().style.filter)"
    )
    assert "brightness(1.5) contrast(2)" in filters, filters
    expect(page.locator("#status")).to_have_text("All changes saved")
    page.click("#image-reset")
    expect(page.locator("#canvas")).to_have_attribute("data-filter", "")

    # The cat box, under the dog box, is brought to the front: a saved z_order.
    objects = page.locator('[data-testid="object"]')
    objects.nth(0).locator(".object-front").click()
    expect(page.locator("#status")).to_have_text("1 unsaved change")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    z = {s.label: s.z_order for s in job.shapes()}
    assert z == {cat.id: 2, dog.id: 1}
    # Sent to the back again: below every other shape.
    objects.nth(0).locator(".object-back").click()
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    z = {s.label: s.z_order for s in job.shapes()}
    assert z == {cat.id: 0, dog.id: 1}
