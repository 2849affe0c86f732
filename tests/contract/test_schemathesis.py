"""Schemathesis over every operation of openapi.yaml against the running server (both databases).

Every generated request -- valid and invalid ones -- must get an answer that is no 5xx, has a
documented status code and content type, and conforms to the documented schema.

The fuzzer acts as a dedicated site administrator through a personal access token, so it can
reach every operation -- all of them, none excluded. Operations that end or change an
account's access would saw off the branch the fuzzer sits on, so each of their cases gets
objects of its own: logout and password change run in the session of a user created for
the case (a password change is told that user's current password, so it can succeed);
user update, delete, password reset and two-factor reset aim at a user created for the
case, and token revocation at a token created for it (a generated id that is no integer is
kept, to test the 400). It runs on a server and a database of its own, so whatever else
the fuzzer changes cannot disturb the deterministic suites, in whatever order or test worker
they run.

Generated headers that frame the HTTP message itself (an empty ``Transfer-Encoding``, a
``Content-Length`` that is no number) are dropped: uvicorn refuses such a request before the
application sees it, with its own plain-text 400, so they test uvicorn, not our contract.

``make test`` runs a derandomized fuzz, the same requests on every run, so CI does not turn red on
a finding unrelated to the change under test. ``make fuzz`` explores: a random seed and more
examples per operation (``ANNOTA_FUZZ_RANDOM=1``, ``ANNOTA_FUZZ_EXAMPLES=N``).

Each operation's Hypothesis test (its examples, coverage cases and fuzzed cases) is built when
that operation's test runs, with the same builder and seed as ``@schema.parametrize()``, which
builds all of them while collecting: every pytest-xdist worker collects the whole suite, so that
cost (most of the suite's collection time) was paid by each worker for 123 operations.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
import yaml
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup, as_reported_failure
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.python._constants.orchestrator import make_constants_value_source
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from support import Http, ServerProcess, TestUser
from support.db import fresh_database_url
from support.factories import create_user

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Operations that end the caller's own session or password: run as a user made for the case.
IN_A_FRESH_SESSION = frozenset({("POST", "/api/auth/logout"), ("POST", "/api/auth/password")})

# Operations that change or end a user's access: aimed at a user made for the case.
ON_A_FRESH_USER = frozenset(
    {
        ("PATCH", "/api/users/{id}"),
        ("DELETE", "/api/users/{id}"),
        ("POST", "/api/users/{id}/password"),
        ("POST", "/api/users/{id}/2fa/reset"),
    }
)

# Revoking a token: aimed at a token made for the case.
ON_A_FRESH_TOKEN = frozenset({("DELETE", "/api/auth/tokens/{id}")})

# Headers that belong to HTTP framing, which the transport sets and uvicorn polices.
FRAMING_HEADERS = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "expect",
        "te",
        "trailer",
        "upgrade",
    }
)

CONFIG = {
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    "generation": {
        "mode": "all",
        "max-examples": int(os.environ.get("ANNOTA_FUZZ_EXAMPLES", "25")),
        "deterministic": os.environ.get("ANNOTA_FUZZ_RANDOM", "") != "1",
        "database": "none",
        "with-security-parameters": False,
    },
    "phases": {"stateful": {"enabled": False}},
}


@dataclass
class FuzzIdentity:
    """Who the fuzzer is, and how it gives each access-ending case objects of its own."""

    token: str
    user_id: int
    admin: Http

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def prepare(self, case: schemathesis.Case) -> dict[str, str]:
        """Drop framing headers and aim the case; return the headers to send it with."""
        if case.headers:
            for name in [n for n in case.headers if n.lower() in FRAMING_HEADERS]:
                del case.headers[name]
        return self.aim(case)

    def aim(self, case: schemathesis.Case) -> dict[str, str]:
        """Give a case that would end someone's access a user or token made for it alone."""
        key = (case.method.upper(), case.operation.path)
        params = case.path_parameters if case.path_parameters is not None else {}
        if key in IN_A_FRESH_SESSION:
            user = self._fresh_user(login=True)
            body = case.body
            if isinstance(body, dict) and isinstance(body.get("old_password"), str):
                body["old_password"] = user.password
            return {"Authorization": f"Bearer {user.http.token}"}
        if key in ON_A_FRESH_USER and _is_integer(params.get("id")):
            params["id"] = self._fresh_user(login=False).id
        elif key in ON_A_FRESH_TOKEN and _is_integer(params.get("id")):
            created = self.admin.post("/api/auth/tokens", json={"name": "fuzz-revoked"})
            params["id"] = created.expect(201).json()["id"]
        return self.headers

    def _fresh_user(self, *, login: bool) -> TestUser:
        return create_user(self.admin, prefix="fuzzed", login=login)


def _is_integer(value: object) -> bool:
    """A generated id that routes to an object (a non-integer one tests the 400 instead)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of the fuzzer's own, on a database of its own: what the fuzzer changes is never
    seen by another suite, whichever order (or test worker) they run in."""
    data_dir = tmp_path_factory.mktemp("contract")
    process = ServerProcess(
        database_url=fresh_database_url(database_url, data_dir),
        data_dir=data_dir,
        # The event feed's long polling answers at once: a fuzzed `wait` must not hold a case.
        extra_env={"ANNOTA_EVENT_MAX_WAIT_SECONDS": "0"},
    )
    try:
        yield process.start()
    finally:
        process.stop()


@pytest.fixture(scope="module")
def admin_token(server: ServerProcess) -> str:
    return server.http().login(server.admin_username, server.admin_password)


@pytest.fixture(scope="module")
def fuzz_identity(server: ServerProcess, admin_token: str) -> FuzzIdentity:
    admin = server.http(token=admin_token)
    fuzzer = create_user(admin, prefix="fuzzer", is_admin=True)
    token = fuzzer.http.post("/api/auth/tokens", json={"name": "schemathesis"}).expect(201)
    # The fuzzer makes the per-case users and tokens through its own session, not the token.
    return FuzzIdentity(token=token.json()["token"], user_id=fuzzer.id, admin=fuzzer.http)


schema = schemathesis.openapi.from_path(SPEC, config=SchemathesisConfig.from_dict(CONFIG))
OPERATIONS: dict[str, APIOperation] = {
    result.ok().label: result.ok() for result in schema.get_all_operations()
}


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_operation_conforms(
    label: str, server: ServerProcess, fuzz_identity: FuzzIdentity
) -> None:
    def check(case: schemathesis.Case) -> None:
        headers = fuzz_identity.prepare(case)
        case.call_and_validate(base_url=server.url, headers=headers, checks=CHECKS)

    # As schemathesis's pytest plugin builds it at collection (same phases, settings, seed).
    hypothesis_test = build_operation_test(
        config=schema.config,
        operation=OPERATIONS[label],
        test_func=check,
        given_kwargs={},
        feedback=FeedbackSources(constants_value_source=make_constants_value_source(schema)),
    )
    try:
        hypothesis_test()
    except FailureGroup as failures:  # the plugin's report of several failed checks
        raise as_reported_failure(failures) from None


def test_every_operation_of_the_spec_is_fuzzed() -> None:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    in_spec = {
        operation["operationId"]
        for item in spec["paths"].values()
        for method, operation in item.items()
        if method != "parameters"
    }
    fuzzed = {result.ok().definition.raw["operationId"] for result in schema.get_all_operations()}
    assert fuzzed == in_spec


def test_the_fuzzer_left_its_own_access_intact(
    server: ServerProcess, fuzz_identity: FuzzIdentity
) -> None:
    """Sanity check of the protections above (and of the fixture itself)."""
    me = server.http(token=fuzz_identity.token).get("/api/users/self").expect(200).json()
    assert me["id"] == fuzz_identity.user_id
    assert me["is_admin"] is True
    assert me["is_active"] is True
