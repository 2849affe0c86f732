"""References to server objects: an id, or anything that carries one (an entity, a model)."""

from __future__ import annotations

from typing import Protocol

from annota.errors import InvalidRequestError

__all__ = ["HasId", "Ref", "id_of"]


class HasId(Protocol):
    """Anything with an integer ``id``: an SDK entity, a generated model."""

    @property
    def id(self) -> int:
        """The object's id on the server."""
        ...


Ref = int | HasId
"""An object given by its id or by the object itself."""


def id_of(ref: Ref, what: str = "reference") -> int:
    """The id ``ref`` names; ``what`` names the argument in the error.

    Raises:
        InvalidRequestError: neither an int nor an object with an integer ``id`` (a bool is
            refused: ``True`` is no id), before any request.

    """
    if isinstance(ref, bool):
        raise InvalidRequestError(f"{what}: expected an id or an object with one, got a bool")
    if isinstance(ref, int):
        return ref
    found = getattr(ref, "id", None)
    if not isinstance(found, int) or isinstance(found, bool):
        raise InvalidRequestError(f"{what}: expected an id or an object with one")
    return found
