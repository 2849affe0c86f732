"""The server reruns a transaction that lost a race (deadlock, serialization failure), bounded."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from annota_server.db.engine import retry_transient, transient


class _DriverError(Exception):
    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failure(sqlstate: str | None) -> OperationalError:
    return OperationalError("UPDATE jobs", None, _DriverError(sqlstate))


@pytest.mark.parametrize(
    ("sqlstate", "expected"), [("40P01", True), ("40001", True), ("08006", False), (None, False)]
)
def test_only_deadlocks_and_serialization_failures_are_transient(
    sqlstate: str | None, expected: bool
) -> None:
    assert transient(_failure(sqlstate)) is expected


def test_a_deadlocked_transaction_runs_again_until_it_succeeds() -> None:
    calls: list[int] = []
    waits: list[float] = []

    def attempt() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _failure("40P01")
        return "done"

    assert retry_transient(attempt, sleep=waits.append) == "done"
    assert len(calls) == 3
    assert len(waits) == 2
    assert all(w >= 0 for w in waits)


def test_retries_are_bounded_and_the_last_failure_propagates() -> None:
    calls: list[int] = []

    def attempt() -> None:
        calls.append(1)
        raise _failure("40001")

    with pytest.raises(OperationalError):
        retry_transient(attempt, attempts=4, sleep=lambda _s: None)
    assert len(calls) == 4


def test_other_database_errors_are_not_retried() -> None:
    calls: list[int] = []

    def attempt() -> None:
        calls.append(1)
        raise _failure("08006")  # connection failure: answered 503 at once

    with pytest.raises(OperationalError):
        retry_transient(attempt, sleep=lambda _s: None)
    assert len(calls) == 1
