"""Operations of the ``assets`` tag."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from annota_server.context import Ctx
from annota_server.problems import Problem


def assets_list(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def assets_retrieve(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def assets_destroy(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def assets_retrieve_content(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")
