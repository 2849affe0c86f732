"""Entity, Repo and the generic mixins that every resource is declared from.

A resource module only names its generated model and operations; the behaviour
(create, retrieve, list, fetch, update, remove) is written once, here.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Protocol,
    Self,
    TypeVar,
    cast,
    get_args,
    get_origin,
)

from annota_api.types import UNSET

from annota.errors import InvalidRequestError
from annota.paging import AsyncPagedList, Page, PagedList, cursor_of
from annota.proxies.seam import CreateOp, DestroyOp, ListOp, RetrieveOp, UpdateOp
from annota.proxies.steps import Steps, call, run_async, run_sync

if TYPE_CHECKING:
    from collections.abc import Callable

    from annota.aio import AsyncClient
    from annota.client import Client

__all__ = [
    "AsyncCreatable",
    "AsyncEntity",
    "AsyncListable",
    "AsyncRemovable",
    "AsyncRepo",
    "AsyncRetrievable",
    "Creatable",
    "Entity",
    "Listable",
    "Removable",
    "Repo",
    "Retrievable",
    "Updatable",
    "to_request_model",
]


class Model(Protocol):
    """What every generated response model offers."""

    id: int

    def to_dict(self) -> dict[str, Any]: ...


class RequestModel(Protocol):
    """What every generated request model offers."""

    JSON_KEYS: ClassVar[tuple[str, ...]]
    additional_properties: dict[str, Any]

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self: ...

    def to_dict(self) -> dict[str, Any]: ...


M = TypeVar("M", bound=Model)
E = TypeVar("E", bound="EntityCore[Any]")
R = TypeVar("R", bound=RequestModel)
D = TypeVar("D", bound=Mapping[str, Any])
T = TypeVar("T")


def _unknown_keys(model: object, path: str) -> list[str]:
    """Paths of every key that a plain dict had but its model does not know."""
    found = [f"{path}{key}" for key in getattr(model, "additional_properties", None) or ()]
    if dataclasses.is_dataclass(model):
        for field in dataclasses.fields(model):
            value = getattr(model, field.name)
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if dataclasses.is_dataclass(item):
                    where = (
                        f"{field.name}.{index}." if isinstance(value, list) else f"{field.name}."
                    )
                    found += _unknown_keys(item, path + where)
    return found


def _near_misses(values: object, missing: str, path: str) -> list[str]:
    """Paths of the keys, anywhere in ``values``, that look like a misspelling of ``missing``.

    A nested model's missing key surfaces as a bare KeyError; the dict that lacks it and has
    a key close to it (``typ`` for ``type``) is where the mistake is.
    """
    import difflib  # only on this error path

    found: list[str] = []
    if isinstance(values, Mapping):
        if missing not in values:
            keys = [key for key in values if isinstance(key, str)]
            found += [f"{path}{key}" for key in difflib.get_close_matches(missing, keys, n=1)]
        for key, value in values.items():
            found += _near_misses(value, missing, f"{path}{key}.")
    elif isinstance(values, (list, tuple)):
        for index, value in enumerate(values):
            found += _near_misses(value, missing, f"{path}{index}.")
    return found


def to_request_model(model_type: type[R], values: R | Mapping[str, Any]) -> R:
    """Turn a plain dict into the generated request model, refusing unknown keys.

    Raises:
        InvalidRequestError: before any request is sent, naming the wrong or missing key.

    """
    if isinstance(values, model_type):
        return values
    if not isinstance(values, Mapping):
        raise InvalidRequestError(
            f"expected a {model_type.__name__} or a dict, got {type(values).__name__}"
        )
    name = model_type.__name__
    try:
        model = model_type.from_dict(values)
    except KeyError as exc:
        missing = str(exc.args[0])
        # A misspelt key shows as a missing one: name the key that was given instead.
        unknown = _near_misses(values, missing, "") or [
            str(key) for key in values if key not in model_type.JSON_KEYS
        ]
        given = f"unknown key(s) {', '.join(map(repr, unknown))}; " if unknown else ""
        raise InvalidRequestError(f"{name}: {given}missing required key {missing!r}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidRequestError(f"{name}: invalid value: {exc}") from None
    unknown = _unknown_keys(model, "")
    if unknown:
        # The JSON keys (`type`, not the attribute `type_`), as the model lists them.
        known = ", ".join(model_type.JSON_KEYS)
        raise InvalidRequestError(
            f"{name}: unknown key(s) {', '.join(map(repr, unknown))}; known keys: {known}"
        )
    return model


def _add_read_through(cls: type[EntityCore[Any]]) -> None:
    """Give an entity class one property per field of its model (``Entity[ProjectModel]``).

    ``project.name`` then reads ``project._model.name`` in C (a property over an
    ``attrgetter``) instead of going through ``__getattr__``: a walk that reads a few fields
    of 100,000 entities spends most of its own time on those reads otherwise. Names the class
    (or a base or mixin) already defines are left alone, so an entity method wins.
    """
    model = next(
        (
            arg
            for base in getattr(cls, "__orig_bases__", ())
            if isinstance(get_origin(base), type) and issubclass(get_origin(base), EntityCore)
            for arg in get_args(base)
        ),
        None,
    )
    if not isinstance(model, type) or not dataclasses.is_dataclass(model):
        return
    defined = {name for klass in cls.__mro__ for name in vars(klass)}
    for field in dataclasses.fields(model):
        # `type_` on the model is also `project.type`, its JSON name.
        aliases = [field.name, field.name[:-1]] if field.name.endswith("_") else [field.name]
        for name in aliases:
            if name.startswith("_") or name in defined:
                continue
            read = property(
                operator.attrgetter(f"_model.{field.name}"),
                doc=f"The model's ``{field.name}`` (read through).",
            )
            setattr(cls, name, read)
            defined.add(name)


class EntityCore(Generic[M]):
    """What `Entity` and `AsyncEntity` share: the model, the ETag, read-through fields.

    A server object: a generated model plus the client that can act on it.

    Attributes of the model read through (``project.name``); ``model`` is the model
    itself. The entity remembers the ETag it was last read with, so an update sends
    ``If-Match`` and a concurrent change raises
    :class:`~annota.errors.PreconditionFailedError` instead of being overwritten. An entity
    from a list has no ``ETag`` header of its own: its model's ``version`` stands in for it.
    """

    # Hidden from type checkers: resources list the slotted model as a typing-only base
    # (for typed read-through attributes), and two slotted bases would be "disjoint".
    if not TYPE_CHECKING:
        __slots__ = ("_client", "_etag", "_model")
    _client: Any
    _model: M
    _etag: str | None
    _retrieve_op: RetrieveOp[M]

    def __init__(self, client: Any, model: M, etag: str | None = None) -> None:
        self._client = client
        self._model = model
        self._etag = etag

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _add_read_through(cls)

    @property
    def model(self) -> M:
        """The generated model holding the last state read from the server."""
        return self._model

    @property
    def etag(self) -> str | None:
        """The version of the object that this entity last saw."""
        if self._etag is not None:
            return self._etag
        # Built when needed, not per listed entity: a walk over a long list never pays for it.
        version = getattr(self._model, "version", None)
        return None if version is None else f'"{self._model.id}-{version}"'

    def to_dict(self) -> dict[str, Any]:
        """The object as JSON-ready data."""
        return self._model.to_dict()

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: the model's declared fields are properties
        # (see _add_read_through); this reads the rest through (fields of a model the entity
        # class does not name). A field named like a builtin is `type_` on the model; its JSON
        # name (`project.type`) works too.
        if name.startswith("_"):
            raise AttributeError(name)
        model = self._model
        if not hasattr(model, name) and hasattr(model, f"{name}_"):
            name = f"{name}_"
        return getattr(model, name)

    def __repr__(self) -> str:
        label = next(
            (
                f" {key}={getattr(self._model, key)!r}"
                for key in ("name", "username", "slug")
                if hasattr(self._model, key)
            ),
            "",
        )
        return f"<{type(self).__name__} id={self._model.id}{label}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EntityCore) or type(other) is not type(self):
            return NotImplemented
        return bool(self._model.id == other._model.id)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._model.id))

    def _set(self, response: Any) -> Self:
        self._model = response.parsed
        self._etag = response.headers.get("ETag")
        return self

    def _fetch_steps(self) -> Steps[Self]:
        return self._set((yield call(self._retrieve_op.sync_detailed, self._model.id)))


class Entity(EntityCore[M]):
    """A server object: a generated model plus the client that can act on it.

    Attributes of the model read through (``project.name``); ``model`` is the model
    itself. The entity remembers the ETag it was last read with, so an update sends
    ``If-Match`` and a concurrent change raises
    :class:`~annota.errors.PreconditionFailedError` instead of being overwritten. An entity
    from a list has no ``ETag`` header of its own: its model's ``version`` stands in for it.
    """

    __slots__ = ()
    _client: Client

    def _run(self, steps: Steps[T]) -> T:
        return run_sync(self._client.api, steps)

    def _unscoped(self) -> Client:
        """Return the client without a workspace scope, to list children by this id.

        The server limits lists to the ``X-Workspace`` workspace, which need not be this
        entity's (an entity retrieved by id from a client scoped elsewhere).
        """
        client = self._client
        return client if client.workspace is None else client.with_workspace(None)

    def fetch(self) -> Self:
        """Read the object's current state from the server."""
        return self._run(self._fetch_steps())


class AsyncEntity(EntityCore[M]):
    """The asyncio twin of :class:`Entity`: the same fields, ``await`` on what sends requests."""

    __slots__ = ()
    _client: AsyncClient

    async def _run(self, steps: Steps[T]) -> T:
        return await run_async(self._client.api, steps)

    def _unscoped(self) -> AsyncClient:
        """Return the client without a workspace scope (see :meth:`Entity._unscoped`)."""
        client = self._client
        return client if client.workspace is None else client.with_workspace(None)

    async def fetch(self) -> Self:
        """Read the object's current state from the server."""
        return await self._run(self._fetch_steps())


class Updatable(Generic[R, D]):
    """The PATCH behind each entity's ``update()``, guarded by the last ETag.

    Each entity declares ``update()`` itself with its request model's TypedDict as the type
    of ``**fields`` (``Unpack[PatchedLabelRequestDict]``), so that a type checker rejects a
    field the API does not have; the behaviour is written once, here.
    """

    __slots__ = ()
    _update_op: UpdateOp[Any, R]
    _patch_model: type[R]

    def _update_steps(self, values: R | D | None, fields: Mapping[str, Any]) -> Steps[Self]:
        """Change some fields (PATCH); afterwards the entity holds the new state.

        The changes are a request model, a dict, or keywords: ``project.update({"name":
        "dogs"})`` or ``membership.update(role="viewer")``.

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: a dict with an unknown key, before any request.

        """
        if values is not None and fields:
            raise InvalidRequestError("pass the changes either as one dict or as keywords")
        entity = cast(EntityCore[Any], self)
        body = to_request_model(self._patch_model, dict(fields) if values is None else values)
        response = yield call(
            self._update_op.sync_detailed,
            entity._model.id,
            body=body,
            if_match=entity.etag or UNSET,
        )
        entity._set(response)
        return self


class RemoveSteps:
    """The DELETE behind ``remove()``, guarded by the last ETag."""

    __slots__ = ()
    _destroy_op: DestroyOp

    def _remove_steps(self) -> Steps[None]:
        entity = cast(EntityCore[Any], self)
        yield call(self._destroy_op.sync_detailed, entity._model.id, if_match=entity.etag or UNSET)


class Removable(RemoveSteps):
    """Adds ``remove()``: a DELETE guarded by the last ETag."""

    __slots__ = ()

    def remove(self) -> None:
        """Delete the object on the server."""
        cast(Entity[Any], self)._run(self._remove_steps())


class AsyncRemovable(RemoveSteps):
    """Adds ``await remove()``: a DELETE guarded by the last ETag."""

    __slots__ = ()

    async def remove(self) -> None:
        """Delete the object on the server."""
        await cast(AsyncEntity[Any], self)._run(self._remove_steps())


# Keyword arguments of every operation that are per-call options rather than filters.
_OPTIONS = frozenset({"timeout", "extra_headers", "x_workspace"})
# Paging is the PagedList's business, not a filter.
_PAGING = frozenset({"page", "page_size", "cursor"})


class RepoCore(Generic[E]):
    """What `Repo` and `AsyncRepo` share."""

    __slots__ = ("_client",)
    _entity: type[E]
    _client: Any

    def __init__(self, client: Any) -> None:
        self._client = client

    def _wrap(self, response: Any) -> E:
        return self._entity(self._client, response.parsed, response.headers.get("ETag"))

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class Repo(RepoCore[E]):
    """The collection of one resource, reached from the client (``client.projects``)."""

    __slots__ = ()
    _client: Client

    def _run(self, steps: Steps[T]) -> T:
        return run_sync(self._client.api, steps)


class AsyncRepo(RepoCore[E]):
    """The asyncio twin of :class:`Repo` (``async_client.projects``)."""

    __slots__ = ()
    _client: AsyncClient

    async def _run(self, steps: Steps[T]) -> T:
        return await run_async(self._client.api, steps)


class CreateSteps(Generic[E, R, D]):
    """The POST behind ``create()``."""

    __slots__ = ()
    _create_op: CreateOp[Any, R]
    _create_model: type[R]

    def _create_steps(self, spec: R | D) -> Steps[E]:
        repo = cast(RepoCore[E], self)
        body = to_request_model(self._create_model, spec)
        return repo._wrap((yield call(self._create_op.sync_detailed, body=body)))


class Creatable(CreateSteps[E, R, D]):
    """Adds ``create()``."""

    __slots__ = ()

    def create(self, spec: R | D) -> E:
        """Create an object from a request model or a plain dict (checked before sending)."""
        return cast(Repo[E], self)._run(self._create_steps(spec))


class AsyncCreatable(CreateSteps[E, R, D]):
    """Adds ``await create()``."""

    __slots__ = ()

    async def create(self, spec: R | D) -> E:
        """Create an object from a request model or a plain dict (checked before sending)."""
        return await cast(AsyncRepo[E], self)._run(self._create_steps(spec))


class RetrieveSteps(Generic[E]):
    """The GET behind ``retrieve()``."""

    __slots__ = ()
    _retrieve_op: RetrieveOp[Any]

    def _retrieve_steps(self, id: int) -> Steps[E]:
        repo = cast(RepoCore[E], self)
        return repo._wrap((yield call(self._retrieve_op.sync_detailed, id)))


class Retrievable(RetrieveSteps[E]):
    """Adds ``retrieve()``."""

    __slots__ = ()

    def retrieve(self, id: int) -> E:
        """Read one object by id."""
        return cast(Repo[E], self)._run(self._retrieve_steps(id))


class AsyncRetrievable(RetrieveSteps[E]):
    """Adds ``await retrieve()``."""

    __slots__ = ()

    async def retrieve(self, id: int) -> E:
        """Read one object by id."""
        return await cast(AsyncRepo[E], self)._run(self._retrieve_steps(id))


class ListSteps(Generic[E]):
    """The checks and the page request behind each repository's ``list()``.

    Each repository declares ``list()`` itself with its list operation's generated ``Filters``
    as the type of ``**filters`` (``Unpack[labels_list.Filters]``), so that a type checker
    rejects a filter the operation does not take; the behaviour is written once, here.
    """

    __slots__ = ()
    _list_op: ListOp[Any]

    def _page_steps(
        self, given: Mapping[str, Any]
    ) -> Callable[[int, int, str | None], Steps[Page[E]]]:
        """The steps that read one page, for the filters ``given`` (checked here, at once).

        Filters are the list operation's query parameters (``search``, ``sort``,
        ``status``, ...).

        Raises:
            InvalidRequestError: a filter the list operation does not know.

        """
        repo = cast(RepoCore[E], self)
        client = repo._client
        entity = repo._entity
        op = self._list_op
        filters = dict(given)
        # The generated list module says which keywords it takes (`KEYWORDS`).
        known = (op.KEYWORDS - _PAGING) | _OPTIONS
        multi = op.LIST_KEYWORDS
        for name in list(filters):
            # A parameter named like a builtin is generated with a `_` suffix (`type_`).
            if name not in known and f"{name}_" in known:
                filters[f"{name}_"] = filters.pop(name)
            # The API's `username__like` is the generated `username_like`: both are accepted.
            elif name not in known and name.replace("__", "_") in known:
                filters[name.replace("__", "_")] = filters.pop(name)
        for name in multi & filters.keys():
            if isinstance(filters[name], str):  # status="active" means status=["active"]
                filters[name] = [filters[name]]
        unknown = sorted(set(filters) - known)
        if unknown:
            raise InvalidRequestError(
                f"{type(repo).__name__}.list: unknown filter(s) {', '.join(map(repr, unknown))}; "
                f"known filters: {', '.join(sorted(n.removesuffix('_') for n in known - _OPTIONS))}"
            )

        def page_steps(page: int, size: int, cursor: str | None) -> Steps[Page[E]]:
            parsed = yield call(
                op.sync, page=page, page_size=size, cursor=cursor or UNSET, **filters
            )
            return Page(
                [entity(client, model) for model in parsed.results],
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return page_steps


class Listable(ListSteps[E]):
    """The lazy iterator over every page behind each repository's ``list()``."""

    __slots__ = ()

    def _list(
        self, page_size: int | None, start_page: int, given: Mapping[str, Any]
    ) -> PagedList[E]:
        """Every object matching the filters, fetched a page at a time while iterated.

        Nothing is requested until the result is used; ``len()``, ``[i]`` and slices fetch
        only what they need. ``start_page=n`` begins at page ``n``.

        Raises:
            InvalidRequestError: a filter the list operation does not know, at once.

        """
        repo = cast(Repo[E], self)
        page_steps = self._page_steps(given)
        return _paged(
            PagedList,
            lambda page, size, cursor: repo._run(page_steps(page, size, cursor)),
            page_size or repo._client.config.page_size,
            start_page,
        )


class AsyncListable(ListSteps[E]):
    """The lazy ``async for`` over every page behind each asyncio repository's ``list()``."""

    __slots__ = ()

    def _list(
        self, page_size: int | None, start_page: int, given: Mapping[str, Any]
    ) -> AsyncPagedList[E]:
        """Every object matching the filters, fetched a page at a time while iterated.

        Raises:
            InvalidRequestError: a filter the list operation does not know, at once.

        """
        repo = cast(AsyncRepo[E], self)
        page_steps = self._page_steps(given)
        return _paged(
            AsyncPagedList,
            lambda page, size, cursor: repo._run(page_steps(page, size, cursor)),
            page_size or repo._client.config.page_size,
            start_page,
        )


P = TypeVar("P")


def _paged(kind: Callable[..., P], fetch: Any, page_size: int, start_page: int) -> P:
    try:
        return kind(fetch, page_size, start_page=start_page)
    except ValueError as exc:  # a page size or start page below 1: nothing was sent
        raise InvalidRequestError(str(exc)) from None
