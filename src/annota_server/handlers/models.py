"""Operations of the ``models`` tag: registered models, their versions, artifacts, predictions."""

from __future__ import annotations

from functools import partial
from typing import Any

import orjson
from sqlalchemy import func, select
from starlette.datastructures import UploadFile
from starlette.responses import Response

from annota_server import access, uploads
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import DatasetVersion, Model, ModelVersion, Project, Shape
from annota_server.handlers.assets import stored_content
from annota_server.handlers.common import get_authorized, workspace_scope
from annota_server.handlers.projects import personal_workspace
from annota_server.listing import Listing, by_id, exact
from annota_server.problems import conflict, invalid, not_found
from annota_server.storage_keys import model_artifact

METADATA_BYTES = 64 * 1024
"""The largest ``metadata`` of a model version, as compact JSON."""


def _version_counts(ctx: Ctx, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = ctx.db.execute(
        select(ModelVersion.model_id, func.count())
        .where(ModelVersion.model_id.in_(ids))
        .group_by(ModelVersion.model_id)
    )
    return {model_id: int(count) for model_id, count in rows}


def _model(row: Model, version_count: int) -> dict[str, Any]:
    return {
        "id": row.id,
        "version": row.version,
        "workspace": row.workspace_id,
        "name": row.name,
        "description": row.description,
        "created_by": ser.basic_user(row.created_by),
        "created_at": ser.iso(row.created_at),
        "version_count": version_count,
    }


def _models(ctx: Ctx, rows: Any) -> list[dict[str, Any]]:
    counts = _version_counts(ctx, [row.id for row in rows])
    return [_model(row, counts.get(row.id, 0)) for row in rows]


def model_version(row: ModelVersion) -> dict[str, Any]:
    """A model version as answered."""
    artifact = None
    if row.artifact_key is not None:
        artifact = {
            "name": row.artifact_name,
            "size": row.artifact_size,
            "sha256": row.artifact_sha256,
        }
    return {
        "id": row.id,
        "version": row.version,
        "model_id": row.model_id,
        "model_name": row.model.name,
        "workspace": row.workspace_id,
        "name": row.name,
        "metadata": row.metadata_,
        "dataset_version": row.dataset_version_id,
        "artifact": artifact,
        "created_by": ser.basic_user(row.created_by),
        "created_at": ser.iso(row.created_at),
    }


MODELS = Listing(
    model=Model,
    serialize=_models,
    sorts={"id": Model.id},
    filters={"name": exact(Model.name)},
    scope=workspace_scope(Model.workspace_id),
)

MODEL_VERSIONS = Listing(
    model=ModelVersion,
    serialize=lambda ctx, rows: [model_version(row) for row in rows],
    sorts={"id": ModelVersion.id},
    filters={"model": by_id(ModelVersion.model_id)},
    scope=workspace_scope(ModelVersion.workspace_id),
)

PREDICTIONS = Listing(
    model=Shape,
    serialize=lambda ctx, rows: [ser.shape(row) for row in rows],
    sorts={"id": Shape.id},
    filters={
        "model_version": by_id(Shape.model_version_id),
        "project": by_id(Shape.project_id),
    },
)


def models_list(ctx: Ctx, **query: Any) -> Response:
    """The models of the workspaces the caller may see."""
    return MODELS.respond(ctx, query)


def models_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Register a model in the X-Workspace workspace, or the caller's personal one."""
    workspace = ctx.workspace or personal_workspace(ctx)
    access.authorize(ctx.db, ctx.user, workspace.id, Action.WRITE, what="workspace")
    taken = ctx.db.scalar(
        select(Model.id).where(Model.workspace_id == workspace.id, Model.name == body["name"])
    )
    if taken is not None:
        raise conflict(f"The workspace already has a model named {body['name']!r}.", "name")
    row = Model(
        workspace_id=workspace.id,
        name=body["name"],
        description=body.get("description", ""),
        created_by=ctx.user,
        created_at=ctx.now,
    )
    ctx.db.add(row)
    ctx.db.flush()
    return ctx.one(_model(row, 0), row, status=201)


def models_retrieve(ctx: Ctx, id: int) -> Response:
    """One model."""
    row = get_authorized(ctx, Model, id, "model", Action.READ)
    return ctx.one(_models(ctx, [row])[0], row)


def _release_artifacts(ctx: Ctx, keys: list[str | None]) -> None:
    for key in keys:
        if key is not None:
            ctx.after_commit(partial(ctx.storage.delete, key))


def models_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a model with its versions; their artifacts go once that is committed."""
    row = get_authorized(ctx, Model, id, "model", Action.WRITE)
    ctx.check_if_match(row)
    keys = list(
        ctx.db.scalars(select(ModelVersion.artifact_key).where(ModelVersion.model_id == row.id))
    )
    _release_artifacts(ctx, keys)
    ctx.db.delete(row)  # its versions go with it; predictions keep their model_name
    ctx.db.flush()
    return ctx.no_content()


def models_list_versions(ctx: Ctx, id: int, **query: Any) -> Response:
    """The model's versions, newest first."""
    get_authorized(ctx, Model, id, "model", Action.READ)
    return MODEL_VERSIONS.respond(ctx, {**query, "model": id, "sort": "-id"})


def models_create_version(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Add a version to a model (its dataset version must be of the same workspace)."""
    model = get_authorized(ctx, Model, id, "model", Action.WRITE)
    metadata = body.get("metadata") or {}
    if len(orjson.dumps(metadata)) > METADATA_BYTES:
        raise invalid("metadata", f"is over {METADATA_BYTES} bytes as JSON")
    dataset_version = body.get("dataset_version")
    if dataset_version is not None:
        found = ctx.db.get(DatasetVersion, dataset_version) if dataset_version <= MAX_ID else None
        if found is None or found.workspace_id != model.workspace_id:
            raise invalid(
                "dataset_version", f"no dataset version {dataset_version} in the model's workspace"
            )
    taken = ctx.db.scalar(
        select(ModelVersion.id).where(
            ModelVersion.model_id == model.id, ModelVersion.name == body["name"]
        )
    )
    if taken is not None:
        raise conflict(f"The model already has a version named {body['name']!r}.", "name")
    row = ModelVersion(
        model=model,
        workspace_id=model.workspace_id,
        name=body["name"],
        metadata_=metadata,
        dataset_version_id=dataset_version,
        created_by=ctx.user,
        created_at=ctx.now,
    )
    ctx.db.add(row)
    ctx.db.flush()
    return ctx.one(model_version(row), row, status=201)


def models_retrieve_version(ctx: Ctx, id: int) -> Response:
    """One model version."""
    row = get_authorized(ctx, ModelVersion, id, "model version", Action.READ)
    return ctx.one(model_version(row), row)


def models_destroy_version(ctx: Ctx, id: int) -> Response:
    """Delete a model version; its artifact goes once that is committed."""
    row = get_authorized(ctx, ModelVersion, id, "model version", Action.WRITE)
    ctx.check_if_match(row)
    _release_artifacts(ctx, [row.artifact_key])
    ctx.db.delete(row)
    ctx.db.flush()
    return ctx.no_content()


def models_upload_artifact(ctx: Ctx, id: int, **_: Any) -> Response:
    """Store the uploaded artifact (streamed) and point the version at it."""
    get_authorized(ctx, ModelVersion, id, "model version", Action.WRITE)
    upload = uploads.parsed_form(ctx.connection).get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("file", "must be a file part (with a filename)")
    # Nothing is written yet: end the transaction so that copying the file holds no lock.
    ctx.db.rollback()
    stored = uploads.store(ctx, upload, model_artifact(id), field="file")
    row = get_authorized(ctx, ModelVersion, id, "model version", Action.WRITE)
    _release_artifacts(ctx, [row.artifact_key])
    row.artifact_key = stored.key
    row.artifact_name = (upload.filename or "artifact")[:256]
    row.artifact_size = stored.size
    row.artifact_sha256 = stored.sha256
    ctx.db.flush()
    return ctx.one(model_version(row), row)


def models_retrieve_artifact(ctx: Ctx, id: int, **_: Any) -> Response:
    """The version's artifact; a single byte range answers 206."""
    row = get_authorized(ctx, ModelVersion, id, "model version", Action.READ)
    if row.artifact_key is None or not ctx.storage.exists(row.artifact_key):
        raise not_found("artifact of this model version")
    return stored_content(
        ctx, row.artifact_key, row.artifact_name or "artifact", row.artifact_sha256 or ""
    )


def models_list_predictions(ctx: Ctx, id: int, **query: Any) -> Response:
    """The shapes this model version made, in the projects of its workspace."""
    row = get_authorized(ctx, ModelVersion, id, "model version", Action.READ)
    project = query.get("project")
    if project is not None:
        found = ctx.db.get(Project, project) if project <= MAX_ID else None
        if found is None or found.workspace_id != row.workspace_id:
            raise not_found("project", "project")
    return PREDICTIONS.respond(ctx, {**query, "model_version": row.id})
