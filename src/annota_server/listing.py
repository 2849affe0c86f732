"""Lists: filtering, sorting and pagination in SQL, declared once per resource.

A list handler declares a :class:`Listing` (its model, sort keys, search columns and filters)
and calls :meth:`Listing.respond`; counting, ordering, paging and the ``next``/``previous``
links are done here for every resource alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from starlette.responses import Response

from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import User

Condition = ColumnElement[bool]
Filter = Callable[[Any], Condition]
Scope = Callable[[Ctx], Sequence[Condition]]
Serialize = Callable[[Ctx, Sequence[Any]], list[dict[str, Any]]]
Fetch = Callable[[Ctx, Select[Any], list[Any]], Sequence[Any]]


def exact(column: Any) -> Filter:
    """Keep rows whose column equals the value."""
    return lambda value: column == value


def one_of(column: Any) -> Filter:
    """Keep rows whose column is any of the (repeated) values."""
    return lambda values: column.in_(list(values))


def by_id(column: Any) -> Filter:
    """Keep rows referring to the given id; ids no row can have match nothing."""

    def condition(value: int) -> Condition:
        return column == value if 0 < value <= MAX_ID else false()

    return condition


def by_username(column: Any) -> Filter:
    """Keep rows whose user column points at the user with this username."""
    return lambda value: column.in_(select(User.id).where(User.username == value))


@dataclass(frozen=True)
class Listing:
    """How one resource is listed."""

    model: Any
    serialize: Serialize
    sorts: Mapping[str, Any]
    filters: Mapping[str, Filter] = field(default_factory=dict)
    search: Sequence[Any] = ()
    scope: Scope | None = None
    """Which rows the caller may see (and, with ``X-Workspace``, which workspace)."""
    fetch: Fetch | None = None
    """Reads a page itself: given a select of the page's ids (filtered, ordered and limited;
    for ``WHERE id IN (...)``) and the order, returns the rows to serialize. Without it, ORM
    objects are loaded."""

    def respond(self, ctx: Ctx, params: Mapping[str, Any]) -> Response:
        """Answer one page for the query parameters connexion validated."""
        page = int(params.get("page") or 1)
        page_size = int(params.get("page_size") or 100)
        conditions: list[Condition] = list(self.scope(ctx) if self.scope else ())
        for name, make in self.filters.items():
            value = params.get(name)
            if value is not None and value != []:
                conditions.append(make(value))
        text = params.get("search")
        if text and self.search:
            conditions.append(or_(*(c.icontains(text, autoescape=True) for c in self.search)))

        count_stmt = select(func.count()).select_from(self.model).where(*conditions)
        count = int(ctx.db.scalar(count_stmt) or 0)

        rows: Sequence[Any] = []
        if (page - 1) * page_size < count:
            order = self._order(params.get("sort"))
            offset = (page - 1) * page_size
            if self.fetch is None:
                stmt: Select[Any] = select(self.model).where(*conditions).order_by(*order)
                rows = ctx.db.scalars(stmt.limit(page_size).offset(offset)).unique().all()
            else:
                # Not correlated: the page's ids come from a select of their own.
                ids = select(self.model.id).where(*conditions).order_by(*order)
                rows = self.fetch(ctx, ids.limit(page_size).offset(offset).correlate(None), order)

        last_page = max(1, -(-count // page_size))
        return ctx.json(
            {
                "count": count,
                "next": self._link(ctx, page + 1) if page * page_size < count else None,
                # Past the end the page is empty; previous leads to the last page with results,
                # and there is none when nothing matches.
                "previous": self._link(ctx, min(page - 1, last_page))
                if page > 1 and count
                else None,
                "results": self.serialize(ctx, rows),
            }
        )

    def _order(self, sort: str | None) -> list[Any]:
        key = sort or "id"
        descending = key.startswith("-")
        column = self.sorts[key.lstrip("-")]
        tie = self.model.id
        # The id tie-breaker keeps pages stable when many rows share the sort value.
        if descending:
            return [column.desc(), tie.desc()] if column is not tie else [tie.desc()]
        return [column.asc(), tie.asc()] if column is not tie else [tie.asc()]

    @staticmethod
    def _link(ctx: Ctx, page: int) -> str:
        return str(ctx.url.include_query_params(page=page))
