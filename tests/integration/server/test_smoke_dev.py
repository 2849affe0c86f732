"""Quick in-process checks of the reference server (the server author's own smoke test).

The real server suite runs the server as a process; this only guards the wiring: the app
builds from openapi.yaml, the migrations match the models, and one request of each kind works.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from annota_server import accounts
from annota_server.app import create_app
from annota_server.db.engine import Database
from annota_server.db.models import Base
from annota_server.settings import Settings


def _calls(app: Any, steps: list[tuple[str, str, dict[str, Any]]]) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return [await client.request(method, url, **kw) for method, url, kw in steps]

    # A thread of its own: the browser tests' Playwright keeps an event loop running in this
    # worker's main thread for the whole session, where asyncio.run() would refuse to start.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, run()).result()


def test_migrations_match_models(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    create_app(settings)  # migrates
    database = Database(settings.effective_database_url)
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    database.dispose()
    assert diff == []


def test_app_answers_and_validates(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, validate_responses=True)
    app = create_app(settings)
    database = Database(settings.effective_database_url)
    with database.session(write=True) as db:
        accounts.create_user(db, username="smoke", password="smoke-password")
        db.commit()
    database.dispose()

    login = {"username": "smoke", "password": "smoke-password"}
    about, bad, token = _calls(
        app,
        [
            ("GET", "/api/server/about", {}),
            ("POST", "/api/auth/login", {"json": {"username": "", "extra": 1}}),
            ("POST", "/api/auth/login", {"json": login}),
        ],
    )
    assert about.json()["name"] == "annota-server"
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"
    assert {e["field"] for e in bad.json()["errors"]} == {"username", "password", "extra"}

    auth = {"Authorization": f"Bearer {token.json()['token']}"}
    project = {"name": "p", "type": "detection"}
    created, listed = _calls(
        app,
        [
            ("POST", "/api/projects", {"json": project, "headers": auth}),
            ("GET", "/api/projects?page_size=1", {"headers": auth}),
        ],
    )
    assert created.status_code == 201
    assert created.headers["etag"]
    assert listed.json()["count"] == 1
