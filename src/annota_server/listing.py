"""Lists: filtering, sorting and pagination in SQL, declared once per resource.

A list handler declares a :class:`Listing` (its model, sort keys, search columns and filters)
and calls :meth:`Listing.respond`; counting, ordering, paging and the ``next``/``previous``
links are done here for every resource alike.

A ``next`` link carries a ``cursor``: the sort value and id of the page's last row. A page
asked for with it is read with ``WHERE (sort, id) > (value, id)`` instead of an ``OFFSET``,
so the database seeks to it by the index and page 1,000 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, literal, or_, select, tuple_
from starlette.responses import Response

from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import User
from annota_server.problems import invalid

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
    caller_filters: Mapping[str, Callable[[Ctx, Any], Condition]] = field(default_factory=dict)
    """Filters whose condition depends on who asks (``member``: the caller's own rows)."""
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
        sort = params.get("sort") or "id"
        after = None if params.get("cursor") is None else decode_cursor(params["cursor"], sort)
        conditions: list[Condition] = list(self.scope(ctx) if self.scope else ())
        for name, make in self.filters.items():
            value = params.get(name)
            if value is not None and value != []:
                conditions.append(make(value))
        for name, make_for in self.caller_filters.items():
            if (value := params.get(name)) is not None:
                conditions.append(make_for(ctx, value))
        text = params.get("search")
        if text and self.search:
            conditions.append(or_(*(c.icontains(text, autoescape=True) for c in self.search)))

        count_stmt = select(func.count()).select_from(self.model).where(*conditions)
        count = int(ctx.db.scalar(count_stmt) or 0)

        rows: Sequence[Any] = []
        last: tuple[Any, int] | None = None
        more = False
        if after is not None or (page - 1) * page_size < count:
            order = self._order(sort)
            where = list(conditions)
            offset, limit = (page - 1) * page_size, page_size
            if after is not None:
                # One row more says whether a next page exists: rows before the cursor may
                # have gone, so the count cannot tell.
                where.append(self._after(sort, after))
                offset, limit = 0, page_size + 1
            if self.fetch is None:
                stmt: Select[Any] = select(self.model).where(*where).order_by(*order)
                rows = ctx.db.scalars(stmt.limit(limit).offset(offset or None)).unique().all()
            else:
                # Not correlated: the page's ids come from a select of their own.
                ids = select(self.model.id).where(*where).order_by(*order)
                ids = ids.limit(limit).offset(offset or None).correlate(None)
                rows = self.fetch(ctx, ids, order)
            more = len(rows) > page_size if after is not None else page * page_size < count
            rows = rows[:page_size]
            if rows:
                # ORM objects and fetched rows alike carry the sort column under its name.
                last = (getattr(rows[-1], self._column(sort).key), rows[-1].id)

        last_page = max(1, -(-count // page_size))
        next_link = None
        if more and last is not None:
            next_link = self._link(ctx, page + 1, encode_cursor(sort, *last))
        return ctx.json(
            {
                "count": count,
                "next": next_link,
                # Past the end the page is empty; previous leads to the last page with results,
                # and there is none when nothing matches.
                "previous": self._link(ctx, min(page - 1, last_page))
                if page > 1 and count
                else None,
                "results": self.serialize(ctx, rows),
            }
        )

    def _column(self, sort: str) -> Any:
        return self.sorts[sort.lstrip("-")]

    def _after(self, sort: str, after: tuple[Any, int]) -> Condition:
        """Rows after the cursor's row, in the order of ``sort`` (the id breaks ties)."""
        column, (value, last_id) = self._column(sort), after
        key: ColumnElement[Any] = self.model.id
        start: ColumnElement[Any] = literal(last_id)
        if column is not self.model.id:
            # Row values, which SQLite (3.15+) and PostgreSQL both compare in order.
            key, start = tuple_(column, self.model.id), tuple_(value, last_id)
        return key < start if sort.startswith("-") else key > start

    def _order(self, key: str) -> list[Any]:
        descending = key.startswith("-")
        column = self.sorts[key.lstrip("-")]
        tie = self.model.id
        # The id tie-breaker keeps pages stable when many rows share the sort value.
        if descending:
            return [column.desc(), tie.desc()] if column is not tie else [tie.desc()]
        return [column.asc(), tie.asc()] if column is not tie else [tie.asc()]

    @staticmethod
    def _link(ctx: Ctx, page: int, cursor: str | None = None) -> str:
        url = ctx.url.include_query_params(page=page)
        # A previous link goes by page number: it must not keep the cursor it was reached by.
        if cursor:
            return str(url.include_query_params(cursor=cursor))
        return str(url.remove_query_params("cursor"))


def encode_cursor(sort: str, value: Any, last_id: int) -> str:
    """The opaque token naming the row a page ended on, for the sort it was read in."""
    if isinstance(value, datetime):
        value = {"t": value.isoformat()}
    text = json.dumps([sort, value, last_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(token: str, sort: str) -> tuple[Any, int]:
    """The sort value and id a cursor names; a 400 naming ``cursor`` when it is not one.

    Raises:
        Problem: the token is not a cursor, or it was made for another sort order.

    """
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        made_for, value, last_id = json.loads(raw)
        if isinstance(value, dict):
            value = datetime.fromisoformat(value["t"])
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise invalid("cursor", "is not a cursor from a next link") from None
    if made_for != sort:
        raise invalid("cursor", f"was made for sort={made_for!r}, not sort={sort!r}")
    if isinstance(last_id, bool) or not isinstance(last_id, int):
        raise invalid("cursor", "is not a cursor from a next link")
    if isinstance(value, (list, dict)):
        raise invalid("cursor", "is not a cursor from a next link")
    return value, last_id
