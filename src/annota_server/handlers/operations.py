"""Operations of the ``operations`` tag."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from annota_server.context import Ctx
from annota_server.problems import Problem


def operations_list(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def operations_retrieve(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def operations_cancel(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def operations_retrieve_result(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")
