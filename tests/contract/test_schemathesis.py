"""Schemathesis over every operation of openapi.yaml against the running server (both databases).

Every generated request -- valid and invalid ones -- must get an answer that is no 5xx, has a
documented status code and content type, and conforms to the documented schema.

The fuzzer acts as a dedicated site administrator through a personal access token, so it can
reach every operation. It is kept from sawing off the branch it sits on: logout and password
change are excluded, and requests that would change or delete the fuzzing account, the
session's admin account or the token in use are redirected to an id that does not exist.
It runs on a server and a database of its own, so whatever else the fuzzer changes cannot
disturb the deterministic suites, in whatever order or test worker they run.

Generated headers that frame the HTTP message itself (an empty ``Transfer-Encoding``, a
``Content-Length`` that is no number) are dropped: uvicorn refuses such a request before the
application sees it, with its own plain-text 400, so they test uvicorn, not our contract.

``make test`` runs a derandomized fuzz, the same requests on every run, so CI does not turn red on
a finding unrelated to the change under test. ``make fuzz`` explores: a random seed and more
examples per operation (``ANNOTA_FUZZ_RANDOM=1``, ``ANNOTA_FUZZ_EXAMPLES=N``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from support import ServerProcess
from support.db import fresh_database_url
from support.factories import create_user

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Operations that would end the fuzzer's own authentication.
EXCLUDED_OPERATIONS = ["auth_logout", "auth_change_password"]

# An id that no object has.
MISSING_ID = 2_000_000_000

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
    """Who the fuzzer is, and which objects it must leave alone."""

    token: str
    token_id: int
    user_id: int
    protected_user_ids: frozenset[int]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def prepare(self, case: schemathesis.Case) -> None:
        """Drop framing headers, and keep the fuzzer's own access out of reach."""
        if case.headers:
            for name in [n for n in case.headers if n.lower() in FRAMING_HEADERS]:
                del case.headers[name]
        self.protect(case)

    def protect(self, case: schemathesis.Case) -> None:
        """Point requests that would break the fuzzer's own access at a missing object."""
        method, path = case.method.upper(), case.operation.path
        params = case.path_parameters or {}
        target = str(params.get("id", ""))
        protected = {str(i) for i in self.protected_user_ids}
        own_user = target in protected and (
            (method in ("PATCH", "DELETE") and path == "/api/users/{id}")
            # Recovery revokes the user's sessions: the admin's session must survive.
            or path in ("/api/users/{id}/password", "/api/users/{id}/2fa/reset")
        )
        own_token = (
            method == "DELETE" and path == "/api/auth/tokens/{id}" and target == str(self.token_id)
        )
        if own_user or own_token:
            params["id"] = MISSING_ID


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of the fuzzer's own, on a database of its own: what the fuzzer changes is never
    seen by another suite, whichever order (or test worker) they run in."""
    data_dir = tmp_path_factory.mktemp("contract")
    process = ServerProcess(
        database_url=fresh_database_url(database_url, data_dir), data_dir=data_dir
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
    admin_self = admin.get("/api/users/self").expect(200).json()
    return FuzzIdentity(
        token=token.json()["token"],
        token_id=int(token.json()["id"]),
        user_id=fuzzer.id,
        protected_user_ids=frozenset({fuzzer.id, int(admin_self["id"])}),
    )


schema = schemathesis.openapi.from_path(SPEC, config=SchemathesisConfig.from_dict(CONFIG)).exclude(
    operation_id=EXCLUDED_OPERATIONS
)


@schema.parametrize()
def test_every_operation_conforms(
    case: schemathesis.Case, server: ServerProcess, fuzz_identity: FuzzIdentity
) -> None:
    fuzz_identity.prepare(case)
    case.call_and_validate(base_url=server.url, headers=fuzz_identity.headers, checks=CHECKS)


def test_the_fuzzer_left_its_own_access_intact(
    server: ServerProcess, fuzz_identity: FuzzIdentity
) -> None:
    """Sanity check of the protections above (and of the fixture itself)."""
    me = server.http(token=fuzz_identity.token).get("/api/users/self").expect(200).json()
    assert me["id"] == fuzz_identity.user_id
    assert me["is_admin"] is True
    assert me["is_active"] is True
