"""Security operations of the signed-in user: password, two-factor, and the server's health.

``client.change_password(old, new)``, ``client.two_factor`` and ``client.server_health()``
reach these (``client.users.change_password`` and ``client.users.two_factor`` are older
aliases); the request bodies go through the same checks as every other request dict.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annota_api.api.auth import (
    auth_change_password,
    auth_two_factor_confirm,
    auth_two_factor_disable,
    auth_two_factor_enroll,
)
from annota_api.api.server import server_health as server_health_op
from annota_api.models import (
    PasswordChangeRequest,
    PasswordChangeResult,
    ServerHealth,
    TwoFactorCodeRequest,
    TwoFactorEnrollment,
)

from annota.errors import ApiError, InvalidRequestError
from annota.proxies.base import to_request_model

if TYPE_CHECKING:
    from annota.client import Client

__all__ = ["TwoFactor", "change_password", "server_health", "text_values"]

_CODE = re.compile(r"[0-9]{6}")


def text_values(**values: object) -> dict[str, str]:
    """The values as a request dict, when each is a string (the generated models do not check)."""
    for name, value in values.items():
        if not isinstance(value, str):
            raise InvalidRequestError(f"{name}: must be a string, not {type(value).__name__}")
    return dict(values)  # type: ignore[arg-type]


def _code_body(code: str) -> TwoFactorCodeRequest:
    # A code typed with a space or read as an int is a local mistake: say so before sending.
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise InvalidRequestError(f"code: must be the six digits of the current code, not {code!r}")
    return to_request_model(TwoFactorCodeRequest, {"code": code})


def change_password(
    client: Client, old: str, new: str, *, keep_tokens: bool = False
) -> PasswordChangeResult:
    """Change the signed-in user's password; their other sessions and access tokens are revoked.

    ``keep_tokens=True`` keeps the access tokens. The session or token this client signs in
    with stays valid. Returns how many sessions and tokens were revoked.

    Raises:
        ValidationError: ``old`` is not the current password, or ``new`` is too short.

    """
    if not isinstance(keep_tokens, bool):
        raise InvalidRequestError(f"keep_tokens: must be a bool, not {type(keep_tokens).__name__}")
    values: dict[str, object] = {**text_values(old_password=old, new_password=new)}
    if keep_tokens:
        values["keep_tokens"] = True
    body = to_request_model(PasswordChangeRequest, values)
    return auth_change_password.sync(client=client.api, body=body)


def server_health(client: Client) -> ServerHealth:
    """Whether the server and its database are up; an unhealthy server's answer is returned too.

    Sent once, without retries: a health check reports the state now.
    """
    try:
        return server_health_op.sync(client=client.api.with_options(retries=None))
    except ApiError as exc:
        if exc.status == 503 and "database" in exc.problem:
            return ServerHealth.from_dict(exc.problem)
        raise


class TwoFactor:
    """Two-factor authentication of the signed-in user (``client.two_factor``)."""

    __slots__ = ("_client",)

    def __init__(self, client: Client) -> None:
        self._client = client

    def enroll(self) -> TwoFactorEnrollment:
        """Start enrolment: a new secret, as ``otpauth_uri`` and ``secret``; confirm it next."""
        return auth_two_factor_enroll.sync(client=self._client.api)

    def confirm(self, code: str) -> bool:
        """Turn two-factor on with the current code of the enrolled secret; returns True."""
        return auth_two_factor_confirm.sync(client=self._client.api, body=_code_body(code)).enabled

    def disable(self, code: str) -> bool:
        """Turn two-factor off with a current code; returns False (it is off)."""
        return auth_two_factor_disable.sync(client=self._client.api, body=_code_body(code)).enabled

    def __repr__(self) -> str:
        return "<TwoFactor>"
