"""Lazy lists over many pages, and the list filters, on the real server."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from support import unique

import annota
from annota import errors
from annota.proxies.projects import Project

from .helpers import record_requests

TOTAL = 35
PROJECTS = "/api/projects"


@dataclass
class Catalogue:
    """A fresh workspace holding TOTAL projects: every 5th archived, every 3rd a classification."""

    slug: str
    stem: str
    ids: list[int]
    names: list[str]

    def archived(self) -> set[int]:
        return {pid for i, pid in enumerate(self.ids) if i % 5 == 0}

    def classification(self) -> set[int]:
        return {pid for i, pid in enumerate(self.ids) if i % 3 == 0}


@pytest.fixture(scope="module")
def catalogue(admin_client: annota.Client) -> Catalogue:
    slug = unique("paging")
    admin_client.workspaces.create({"slug": slug, "name": "Paging"})
    scoped = admin_client.with_workspace(slug)
    stem = unique("item")
    ids, names = [], []
    for i in range(TOTAL):
        name = f"{stem}-{'even' if i % 2 == 0 else 'odd'}-{i:02d}"
        kind = "classification" if i % 3 == 0 else "detection"
        project = scoped.projects.create({"name": name, "type": kind})
        if i % 5 == 0:
            project.update(status="archived")
        ids.append(project.id)
        names.append(name)
    return Catalogue(slug, stem, ids, names)


@pytest.fixture
def scoped(admin_client: annota.Client, catalogue: Catalogue) -> annota.Client:
    return admin_client.with_workspace(catalogue.slug)


def test_every_page_is_fetched_lazily(scoped: annota.Client, catalogue: Catalogue) -> None:
    log = record_requests(scoped)
    listed = scoped.projects.list(page_size=10)
    assert log.count() == 0, "nothing is requested before iterating"

    iterator = iter(listed)
    first = next(iterator)
    assert isinstance(first, Project)
    assert log.count("GET", PROJECTS) == 1, "one page at a time"
    rest = list(iterator)
    items = [first, *rest]
    assert len(items) == TOTAL
    assert sorted(p.id for p in items) == sorted(catalogue.ids)
    assert log.count("GET", PROJECTS) == 4, log.requests
    assert log.count() == 4
    pages = sorted(query for _, _, query in log.requests)
    assert all("page_size=10" in query for query in pages), pages
    assert {f"page={n}" for n in (1, 2, 3, 4)} <= {
        part for query in pages for part in query.split("&")
    }
    # Pages after the first start from the cursor of the page before (keyset, no offset).
    cursors = ["cursor=" in query for _, _, query in log.requests]
    assert cursors == [False, True, True, True], log.requests


def test_count_reuses_the_first_page(scoped: annota.Client) -> None:
    log = record_requests(scoped)
    listed = scoped.projects.list(page_size=10)
    assert listed.count == TOTAL
    assert log.count() == 1
    assert len(listed.to_list()) == TOTAL
    assert log.count() == 4, "iteration starts from the page that count fetched"
    assert len(listed.to_list()) == TOTAL, "iterating again walks the pages again"
    assert log.count() == 8


def test_first_and_to_list(scoped: annota.Client, catalogue: Catalogue) -> None:
    log = record_requests(scoped)
    first = scoped.projects.list(sort="id").first()
    assert first is not None
    assert first.id == min(catalogue.ids)
    assert log.count() == 1
    assert "page_size=1" in log.requests[0][2]
    assert scoped.projects.list(name="no such project").first() is None
    assert [p.id for p in scoped.projects.list(sort="id", page_size=7).to_list()] == sorted(
        catalogue.ids
    )


def test_filters(scoped: annota.Client, catalogue: Catalogue) -> None:
    def ids(**filters: object) -> set[int]:
        return {p.id for p in scoped.projects.list(page_size=10, **filters)}

    evens = {pid for i, pid in enumerate(catalogue.ids) if i % 2 == 0}
    assert ids(search="-EVEN-") == evens, "search is case-insensitive"
    assert ids(name=catalogue.names[7]) == {catalogue.ids[7]}
    assert ids(status=["archived"]) == catalogue.archived()
    assert ids(status=["active"]) == set(catalogue.ids) - catalogue.archived()
    assert ids(status=["active", "archived"]) == set(catalogue.ids)
    assert ids(status=["completed"]) == set()
    assert ids(status="archived") == catalogue.archived()  # one value needs no list
    assert ids(type="classification") == catalogue.classification()
    assert ids(type="classification", status=["archived"]) == (
        catalogue.classification() & catalogue.archived()
    )
    assert scoped.projects.list(search="-odd-").count == TOTAL // 2


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("name", "name", False),
        ("-name", "name", True),
        ("id", "id", False),
        ("-id", "id", True),
        ("-created_at", "id", True),
    ],
)
def test_sort_orders(
    scoped: annota.Client, catalogue: Catalogue, sort: str, key: str, reverse: bool
) -> None:
    listed = [getattr(p, key) for p in scoped.projects.list(sort=sort, page_size=10)]
    assert len(listed) == TOTAL
    assert listed == sorted(listed, reverse=reverse)


def test_other_lists_page_too(admin_client: annota.Client, catalogue: Catalogue) -> None:
    scoped = admin_client.with_workspace(catalogue.slug)
    names = [f"t{i:02d}" for i in range(12)]
    for name in names:
        scoped.tasks.create({"project": catalogue.ids[0], "name": name})
    unscoped = admin_client.with_workspace(None)
    log = record_requests(unscoped)
    project = unscoped.projects.retrieve(catalogue.ids[0])
    tasks = project.get_tasks(page_size=5, sort="-name")
    assert [t.name for t in tasks] == sorted(names, reverse=True)
    assert log.count("GET", "/api/tasks") == 3
    assert {j.task for j in scoped.jobs.list(project=project.id, page_size=4)} == {
        t.id for t in tasks
    }
    assert scoped.jobs.list(project=project.id, stage="annotation").count == len(names)
    assert scoped.jobs.list(project=project.id, stage="acceptance").count == 0


def test_unknown_filter_is_refused_at_once(scoped: annota.Client) -> None:
    log = record_requests(scoped)
    with pytest.raises(errors.InvalidRequestError, match="'colour'") as caught:
        scoped.projects.list(colour="red")
    assert "status" in str(caught.value)
    assert "type" in str(caught.value)
    assert log.count() == 0


def test_len_index_slice_and_start_page_fetch_only_what_they_need(
    scoped: annota.Client, catalogue: Catalogue
) -> None:
    log = record_requests(scoped)
    listed = scoped.projects.list(page_size=10, sort="id")
    assert len(listed) == TOTAL
    assert log.count() == 1, "len() is the server's count: one request"
    assert listed[23].id == catalogue.ids[23]
    assert log.count() == 2, "an index fetches only its page"
    assert [p.id for p in listed[-3:]] == catalogue.ids[-3:]
    assert log.count() == 3
    later = scoped.projects.list(page_size=10, sort="id", start_page=3)
    assert [p.id for p in later] == catalogue.ids[20:]
    assert log.count() == 5, "pages 3 and 4 only"
    with pytest.raises(IndexError):
        listed[TOTAL]
    with pytest.raises(errors.InvalidRequestError):
        scoped.projects.list(start_page=0)
