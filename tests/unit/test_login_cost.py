"""A login for an unknown user costs what a wrong password costs: one password hash."""

from __future__ import annotations

from typing import Any

import pytest

from annota_server import security


def _count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = security._scrypt

    def counted(*args: Any) -> bytes:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(security, "_scrypt", counted)
    return calls


def test_an_unknown_user_and_a_wrong_password_cost_one_hash_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = security.hash_password("the-right-password")
    security.burn_password_check("")  # what the server does at start: the dummy hash exists
    calls = _count_hashes(monkeypatch)
    assert not security.verify_password("a-wrong-password", stored)
    known = len(calls)
    calls.clear()
    security.burn_password_check("a-wrong-password")
    assert len(calls) == known == 1
