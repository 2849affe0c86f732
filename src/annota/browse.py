"""``client.browse(ref)``: the object an annota reference points at.

Three forms name one object each, and nothing else is guessed:

- a typed id, ``"<kind>:<id>"``: ``"project:12"``, ``"task:3"``, ``"job:5"`` and the other
  kinds of :data:`KINDS`. A bare number is refused, since ids of different kinds overlap;
- a web app address, as the browser shows it: ``https://host/ui/#/projects/12``,
  ``.../#/tasks/3``, ``.../#/jobs/5`` (a query after the route is ignored);
- an API address of one object: ``https://host/api/projects/12`` (and every kind of
  :data:`KINDS`, by its plural).

An address may leave out the scheme and host (``/ui/#/jobs/5``, ``/api/tasks/3``); when it
names them, they must be this client's server's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from annota.errors import InvalidRequestError

if TYPE_CHECKING:
    from annota.client import Client
    from annota.proxies.base import Entity

__all__ = ["KINDS", "browse", "parse_reference"]

KINDS: dict[str, str] = {
    "project": "projects",
    "task": "tasks",
    "job": "jobs",
    "asset": "assets",
    "label": "labels",
    "version": "versions",
    "operation": "operations",
    "user": "users",
    "workspace": "workspaces",
    "membership": "memberships",
    "token": "tokens",
}
"""Each kind of a typed id, and its plural: the repository on the client and the API path."""

_PLURALS = {plural: kind for kind, plural in KINDS.items()}
# The web app's hash routes that show one object (src/annota_server/webapp/static/js/app.js).
_WEB_ROUTES = {"projects": "project", "tasks": "task", "jobs": "job"}
_TYPED = re.compile(r"(?P<kind>[a-z]+):(?P<id>[0-9]+)")
_API_PATH = re.compile(r"(?:.*)/api/(?P<plural>[a-z]+)/(?P<id>[0-9]+)/?")
_WEB_PATH = re.compile(r"/(?P<plural>[a-z]+)/(?P<id>[0-9]+)/?")


def _refuse(ref: object, why: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"browse({ref!r}): {why}; give a typed id such as 'project:12', a web app address "
        "(https://host/ui/#/projects/12) or an API address (https://host/api/projects/12)"
    )


def _same_server(client: Client, netloc: str) -> bool:
    ours = urlsplit(client.url)
    theirs = urlsplit(f"//{netloc}")
    default = {"http": 80, "https": 443}.get(ours.scheme)
    return (ours.hostname or "") == (theirs.hostname or "") and (ours.port or default) == (
        theirs.port or ours.port or default
    )


def parse_reference(client: Client, ref: str | int) -> tuple[str, int]:
    """The kind and id that ``ref`` names (see the module docstring); nothing is sent.

    Raises:
        InvalidRequestError: ``ref`` has none of the accepted forms, or names another server.

    """
    if isinstance(ref, bool) or not isinstance(ref, (str, int)):
        raise _refuse(ref, f"a reference is a string, not {type(ref).__name__}")
    if isinstance(ref, int) or ref.strip().isdigit():
        raise _refuse(ref, "a bare number could be the id of anything")
    text = ref.strip()
    if typed := _TYPED.fullmatch(text):
        if typed["kind"] not in KINDS:
            raise _refuse(ref, f"unknown kind {typed['kind']!r} (one of {', '.join(KINDS)})")
        return typed["kind"], int(typed["id"])
    parts = urlsplit(text)
    if parts.netloc and not _same_server(client, parts.netloc):
        raise _refuse(ref, f"it names another server than {client.url}")
    if parts.fragment:
        route = parts.fragment.split("?", 1)[0]
        web = _WEB_PATH.fullmatch(route)
        if web is None or web["plural"] not in _WEB_ROUTES:
            raise _refuse(ref, f"the web app page {route!r} shows no single object")
        return _WEB_ROUTES[web["plural"]], int(web["id"])
    api = _API_PATH.fullmatch(parts.path)
    if api is None or api["plural"] not in _PLURALS:
        raise _refuse(ref, "it is neither a typed id nor the address of one object")
    return _PLURALS[api["plural"]], int(api["id"])


def browse(client: Client, ref: str | int) -> Entity[Any]:
    """Retrieve the object ``ref`` names, through its repository (``client.projects``...)."""
    kind, id = parse_reference(client, ref)
    repo: Any = getattr(client, KINDS[kind])
    entity: Entity[Any] = repo.retrieve(id)
    return entity
