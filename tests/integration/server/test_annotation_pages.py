"""Annotations read in pages of assets (``assets_per_page`` and the ``cursor`` of ``next``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from support import TestUser, assert_problem

from .test_annotations import Setup


@pytest.fixture
def filled(new_user: TestUser) -> Setup:
    """4 assets in 2 jobs (2 each); asset n holds n + 1 shapes."""
    setup = Setup(new_user.http)
    shapes = [setup.shape(n, points=[k, k, k + 2, k + 2]) for n in range(4) for k in range(n + 1)]
    setup.http.put(setup.task_url, json={"shapes": shapes}).expect(200)
    return setup


def _walk(setup: Setup, url: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    body = setup.http.get(url, params=params).expect(200).json()
    shapes, pages = list(body["shapes"]), 1
    while body["next"] is not None:
        assert parse_qs(urlsplit(body["next"]).query)["cursor"]
        body = setup.http.get(body["next"]).expect(200).json()
        shapes.extend(body["shapes"])
        pages += 1
    return shapes, pages


def test_pages_of_a_task_hold_every_shape_once_in_order(filled: Setup) -> None:
    whole = filled.http.get(filled.task_url).expect(200).json()
    assert "next" not in whole, "all at once: no page link"
    assert len(whole["shapes"]) == 10
    for per_page, expected_pages in ((1, 4), (2, 2), (3, 2), (4, 1), (1000, 1)):
        shapes, pages = _walk(filled, filled.task_url, assets_per_page=per_page)
        assert shapes == whole["shapes"], per_page
        assert pages == expected_pages, per_page
    first = filled.http.get(filled.task_url, params={"assets_per_page": 2}).expect(200).json()
    assert {s["asset"] for s in first["shapes"]} == set(filled.assets[:2])


def test_pages_of_a_job_keep_its_revision_and_etag(filled: Setup) -> None:
    url = filled.job_urls[1]
    whole = filled.http.get(url).expect(200)
    first = filled.http.get(url, params={"assets_per_page": 1}).expect(200)
    assert first.headers["ETag"] == whole.headers["ETag"]
    assert first.json()["revision"] == whole.json()["revision"]
    assert {s["asset"] for s in first.json()["shapes"]} == {filled.assets[2]}
    shapes, pages = _walk(filled, url, assets_per_page=1)
    assert (shapes, pages) == (whole.json()["shapes"], 2)


def test_filters_apply_to_every_page(filled: Setup) -> None:
    shapes, _ = _walk(filled, filled.task_url, assets_per_page=1, source="model")
    assert shapes == []
    shapes, _ = _walk(filled, filled.task_url, assets_per_page=3, source="manual")
    assert len(shapes) == 10


def test_a_page_after_a_deleted_asset_starts_where_the_last_one_ended(filled: Setup) -> None:
    first = filled.http.get(filled.task_url, params={"assets_per_page": 2}).expect(200).json()
    filled.http.delete(f"/api/assets/{filled.assets[0]}").expect(204)
    second = filled.http.get(first["next"]).expect(200).json()
    assert {s["asset"] for s in second["shapes"]} == set(filled.assets[2:])
    assert second["next"] is None


def test_bad_page_parameters_are_refused(filled: Setup) -> None:
    http, url = filled.http, filled.task_url
    assert_problem(http.get(url, params={"cursor": "WyJwb3NpdGlvbiIsMSwxXQ"}), 400, field="cursor")
    for bad in ("bm90LWEtY3Vyc29y", "WyJpZCIsMSwxXQ", "WyJwb3NpdGlvbiIsIngiLDFd"):
        answer = http.get(url, params={"assets_per_page": 2, "cursor": bad})
        assert_problem(answer, 400, field="cursor")
    for size in (0, 1001):
        answer = http.get(url, params={"assets_per_page": size})
        assert_problem(answer, 400, field="assets_per_page")
