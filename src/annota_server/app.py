"""The ASGI application, built from openapi.yaml by connexion.

connexion's ``AsyncApp`` routes and validates every request against the spec (strictly:
unknown query parameters are refused) and calls the handler named by the operationId:
``projects_list`` is ``annota_server.handlers.projects.projects_list``. Handlers are plain
functions; connexion runs them in a thread pool, each with its own database session.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import cache, partial
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import ProblemException
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolution, Resolver
from connexion.security import BearerSecurityHandler
from connexion.validators import FormDataValidator, TextResponseBodyValidator
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from annota_server import secrets_at_rest, security, upstream
from annota_server.apidocs import ApiDocs
from annota_server.bucket_sources import RoutedStorage
from annota_server.compression import compressed
from annota_server.connections import ConnectionLimits
from annota_server.context import Runtime, bind
from annota_server.db import migrate
from annota_server.db.engine import Database
from annota_server.handlers.server import server_version
from annota_server.middleware import FrontDoor
from annota_server.problems import handle_http_exception, handle_unexpected
from annota_server.settings import Settings
from annota_server.storage_url import open_storage
from annota_server.uploads import StreamingMultiPartValidator, streaming_to
from annota_server.validation import (
    AllErrorsBodyValidator,
    AllErrorsParameterValidator,
    AllowedMethods,
    PathParameterTypes,
    ResponseBodyValidator,
)
from annota_server.webapp import WebApp
from annota_server.worker import OperationWorkers

logger = logging.getLogger("annota_server")

# Which validator connexion runs for each part of a request and response.
VALIDATOR_MAP: dict[str, Any] = {
    "parameter": AllErrorsParameterValidator,
    "body": MediaTypeDict(
        {
            "*/*json": AllErrorsBodyValidator,
            "application/x-www-form-urlencoded": FormDataValidator,
            # Ours parses the body once, without holding it in memory (see uploads.py).
            "multipart/form-data": StreamingMultiPartValidator,
        }
    ),
    "response": MediaTypeDict(
        {"*/*json": ResponseBodyValidator, "text/plain": TextResponseBodyValidator}
    ),
}


def _body_validators(runtime: Runtime) -> MediaTypeDict:
    """The body validators of one app: its multipart one may stream files to its storage."""
    from annota_server.handlers.tasks import upload_streams

    validators = MediaTypeDict(VALIDATOR_MAP["body"])
    validators["multipart/form-data"] = streaming_to(upload_streams(runtime))
    return validators


def spec_path() -> Path:
    """openapi.yaml: packaged next to this module in a wheel, at the repository root otherwise."""
    packaged = Path(__file__).with_name("openapi.yaml")
    return packaged if packaged.is_file() else Path(__file__).parents[2] / "openapi.yaml"


@cache
def load_spec() -> dict[str, Any]:
    """Load and parse the API contract (once)."""
    # libyaml's loader when PyYAML has it: parsing the spec in Python is most of a start-up.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with spec_path().open(encoding="utf-8") as stream:
        spec: dict[str, Any] = yaml.load(stream, Loader=loader)
    return spec


def api_version(spec: dict[str, Any]) -> str:
    """``MAJOR.MINOR`` of the spec's ``info.version``."""
    return ".".join(str(spec["info"]["version"]).split(".")[:2])


class HandlerResolver(Resolver):  # type: ignore[misc]
    """Maps an operationId to ``annota_server.handlers.<tag>.<operationId>``, bound to the app."""

    def __init__(self, runtime: Runtime, spec: dict[str, Any]) -> None:
        super().__init__()
        self.runtime = runtime
        self.spec = spec

    def resolve(self, operation: Any) -> Resolution:
        """Find the handler of ``operation`` and wrap it for this app."""
        operation_id: str = operation.operation_id
        module = importlib.import_module(f"annota_server.handlers.{operation_id.split('_')[0]}")
        handler = getattr(module, operation_id)
        # connexion resolves before it parses the responses, so read them from the spec.
        definition = self.spec["paths"][operation.path][operation.method.lower()]
        responses = definition["responses"]
        media_types = list(definition.get("requestBody", {}).get("content", {}))
        endpoint = bind(
            self.runtime,
            handler,
            authenticated=bool(operation.security),
            write=operation.method.upper() != "GET",
            unknown_workspace_status=404 if "404" in responses else 400,
            # The body validator hands JSON documents over in the scope (validation.BODY_KEY).
            json_body=bool(media_types) and all(m.endswith("json") for m in media_types),
        )
        return Resolution(endpoint, operation_id)


def operation_workers(runtime: Runtime) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A lifespan that runs this process's operation workers while the server serves.

    The threads are daemons and stop at shutdown (a running operation goes back to the
    queue), so they never keep the server from exiting.
    """

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        workers = OperationWorkers(runtime)
        workers.start()
        try:
            yield
        finally:
            await asyncio.to_thread(workers.stop)

    return lifespan


def _any_bearer(token: str) -> dict[str, Any]:
    # The token is only checked for presence here, so a missing one is a 401 before request
    # validation; the database lookup happens in the handler's own session (context.bind).
    return {"sub": None}


# connexion inspects the check function on every request; a stored signature is a lookup.
_any_bearer.__signature__ = inspect.signature(_any_bearer)  # type: ignore[attr-defined]


class _BearerPresent(BearerSecurityHandler):  # type: ignore[misc]
    def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
        return _any_bearer


def build_runtime(settings: Settings) -> Runtime:
    """Open the storage and the database (schema brought up to date) of the API and workers.

    Raises:
        ConfigurationError: the storage cannot be used (missing bucket, refused credentials).

    """
    storage = open_storage(settings)  # before the database: a bad setting changes nothing
    secrets_at_rest.install(secrets_at_rest.load_keys(settings.effective_secret_key_file))
    # The dummy hash of unknown-user logins is made now: else the first such login costs two
    # hashes, and its time would tell that the user does not exist.
    security.burn_password_check("")
    database = Database(settings.effective_database_url)
    migrate.upgrade(database)
    # Assets of registered buckets are read from their buckets, through the same interface.
    storage = RoutedStorage(storage, database)
    with database.write_connection() as connection, connection.begin():
        secrets_at_rest.encrypt_clear_secrets(connection)  # left by a migration run without key
    if settings.metrics:
        from annota_server import metrics

        instruments = metrics.enable()
        instruments.instrument_database(database)
        storage = instruments.counted_storage(storage)
    return Runtime(
        settings=settings,
        database=database,
        api_version=api_version(load_spec()),
        storage=storage,
    )


def create_app(settings: Settings | None = None) -> ASGIApp:
    """Build the ASGI app; the database schema is brought up to date first.

    Raises:
        ConfigurationError: the storage cannot be used (missing bucket, refused credentials).

    """
    settings = settings or Settings.from_env()
    spec = load_spec()
    runtime = build_runtime(settings)
    server_version()  # imports the annota package now rather than during the first request

    app = upstream.SpecApp(__name__, lifespan=operation_workers(runtime))
    app.add_api(
        spec,
        resolver=HandlerResolver(runtime, spec),
        strict_validation=True,
        validate_responses=settings.validate_responses,
        validator_map={**VALIDATOR_MAP, "body": _body_validators(runtime)},
        security_map={"bearer": _BearerPresent},
        # The reference and the spec are served by ApiDocs, under /api (connexion's would sit
        # at /ui/, the web app's).
        swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
    )
    on_http_error = partial(
        handle_http_exception,
        explain_404=PathParameterTypes(spec).explain,
        allow=AllowedMethods(spec),
    )
    app.add_error_handler(ProblemException, on_http_error)
    app.add_error_handler(HTTPException, on_http_error)
    app.add_error_handler(Exception, handle_unexpected)
    # connexion builds its middleware stack on the first request; build it now so a broken
    # handler fails the start, not a request.
    upstream.build_middleware_now(app)
    instruments, scrape = None, None
    if settings.metrics:
        from annota_server import metrics

        instruments = metrics.enable()
        scrape = metrics.exposition(instruments, runtime.database)
    return FrontDoor(
        compressed(ApiDocs(app, spec_path())),
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        metrics=instruments,
        scrape=scrape,
        limits=ConnectionLimits.of(settings),
        web=compressed(WebApp()),
    )


def app_from_env() -> ASGIApp:
    """Build the app from ``ANNOTA_*`` settings (for ``uvicorn --factory`` and ``--workers``)."""
    return create_app(Settings.from_env())
