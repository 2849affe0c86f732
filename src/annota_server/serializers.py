"""Rows to API documents: the one place that knows each representation in openapi.yaml."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annota_server import storage_keys
from annota_server.db.models import (
    AccessToken,
    Asset,
    IssueComment,
    Job,
    Label,
    Membership,
    Operation,
    ReviewIssue,
    Shape,
    Task,
    User,
    Workspace,
)

Doc = dict[str, Any]


def iso(moment: datetime | None) -> str | None:
    """RFC 3339 in UTC with a ``Z``."""
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def basic_user(user: User | None) -> Doc | None:
    """Represent a user briefly."""
    return None if user is None else {"id": user.id, "username": user.username}


def user(row: User) -> Doc:
    """Represent a user account."""
    return {
        "id": row.id,
        "version": row.version,
        "username": row.username,
        "email": row.email,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "is_admin": row.is_admin,
        "is_active": row.is_active,
        "two_factor_enabled": row.two_factor_enabled,
        "date_joined": iso(row.date_joined),
        "last_login": iso(row.last_login),
    }


def workspace_summary(row: Workspace) -> Doc:
    """Represent a workspace briefly."""
    return {"id": row.id, "slug": row.slug, "name": row.name}


def workspace(row: Workspace, role: str | None) -> Doc:
    """Represent a workspace, with the caller's role in it."""
    return {
        "id": row.id,
        "version": row.version,
        "slug": row.slug,
        "name": row.name,
        "description": row.description,
        "is_personal": row.is_personal,
        "owner": basic_user(row.owner),
        "role": role,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def roles_in(db: Session, user_id: int, workspace_ids: Iterable[int]) -> dict[int, str]:
    """Return the user's role in each of the workspaces (one query for a whole page)."""
    ids = list(workspace_ids)
    if not ids:
        return {}
    rows = db.execute(
        select(Membership.workspace_id, Membership.role).where(
            Membership.user_id == user_id, Membership.workspace_id.in_(ids)
        )
    )
    return {workspace_id: role for workspace_id, role in rows}


def membership(row: Membership) -> Doc:
    """Represent a membership."""
    return {
        "id": row.id,
        "version": row.version,
        "workspace": workspace_summary(row.workspace),
        "user": basic_user(row.user),
        "role": row.role,
        "joined_at": iso(row.joined_at),
    }


def label(row: Label) -> Doc:
    """Represent a label."""
    return {
        "id": row.id,
        "version": row.version,
        "project": row.project_id,
        "name": row.name,
        "color": row.color,
        "kind": row.kind,
        "attributes": row.attributes or [],
    }


def task(row: Task) -> Doc:
    """Represent a task."""
    return {
        "id": row.id,
        "version": row.version,
        "project": row.project_id,
        "name": row.name,
        "status": row.status,
        "assignee": basic_user(row.assignee),
        "subset": row.subset,
        "segment_size": row.segment_size,
        "asset_count": row.asset_count,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def job(row: Job) -> Doc:
    """Represent a job."""
    return {
        "id": row.id,
        "version": row.version,
        "task": row.task_id,
        "project": row.project_id,
        "assignee": basic_user(row.assignee),
        "reviewer": basic_user(row.reviewer),
        "stage": row.stage,
        "state": row.state,
        "start_position": row.start_position,
        "stop_position": row.stop_position,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def issue(row: ReviewIssue) -> Doc:
    """Represent a review issue."""
    region = row.region_points
    return {
        "id": row.id,
        "version": row.version,
        "job": row.job_id,
        "task": row.task_id,
        "project": row.project_id,
        "asset": row.asset_id,
        "shape": row.shape_id,
        "region": None if region is None else {"kind": row.region_kind, "points": region},
        "message": row.message,
        "author": basic_user(row.author),
        "resolved": row.resolved,
        "resolved_by": basic_user(row.resolved_by),
        "resolved_at": iso(row.resolved_at),
        "comment_count": row.comment_count,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def issue_comment(row: IssueComment) -> Doc:
    """Represent a comment on a review issue."""
    return {
        "id": row.id,
        "issue": row.issue_id,
        "author": basic_user(row.author),
        "message": row.message,
        "created_at": iso(row.created_at),
    }


def asset(row: Asset) -> Doc:
    """Represent an asset's metadata."""
    return {
        "id": row.id,
        "version": row.version,
        "task": row.task_id,
        "job": row.job_id,
        "project": row.project_id,
        "name": row.name,
        "media_type": row.media_type,
        "size": row.size,
        "sha256": row.sha256,
        "width": row.width,
        "height": row.height,
        "position": row.position,
        "created_at": iso(row.created_at),
        "storage": _bucket_storage(row.storage_key),
    }


def _bucket_storage(key: str) -> int | None:
    found = storage_keys.parse_bucket_object(key)
    return None if found is None else found[0]


def shape(row: Shape) -> Doc:
    """Represent a shape."""
    return {
        "id": row.id,
        "asset": row.asset_id,
        "job": row.job_id,
        "label": row.label_id,
        "kind": row.kind,
        "points": list(row.points),
        "mask": row.mask,
        "attributes": [dict(item) for item in row.attributes],
        "occluded": row.occluded,
        "z_order": row.z_order,
        "source": row.source,
        "score": row.score,
        "model_name": row.model_name,
        "model_version": row.model_version_id,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def operation_path(row: Operation) -> str:
    """Where an operation is read (its ``Location``)."""
    return f"/api/operations/{row.id}"


def operation(row: Operation) -> Doc:
    """Represent a long-running operation."""
    has_result = row.status == "finished" and row.result_key is not None
    return {
        "id": row.id,
        "kind": row.kind,
        "status": row.status,
        "progress": row.progress,
        "message": row.message,
        "project": row.project_id,
        "format": row.format or None,  # a version operation has none
        "version": (row.options or {}).get("version") if row.status == "finished" else None,
        "evaluation": (row.options or {}).get("evaluation") if row.status == "finished" else None,
        "created_by": basic_user(row.created_by),
        "created_at": iso(row.created_at),
        "started_at": iso(row.started_at),
        "finished_at": iso(row.finished_at),
        "expires_at": iso(row.expires_at),
        "result_url": f"{operation_path(row)}/result" if has_result else None,
        "result_size": row.result_size if has_result else None,
        "skipped": (row.options or {}).get("skipped", []) if row.status == "finished" else [],
    }


def access_token(row: AccessToken, secret: str | None = None) -> Doc:
    """Represent an access token; its secret only in the answer that creates it."""
    doc: Doc = {
        "id": row.id,
        "version": row.version,
        "name": row.name,
        "prefix": row.prefix,
        "created_at": iso(row.created_at),
        "expires_at": iso(row.expires_at),
        "last_used_at": iso(row.last_used_at),
    }
    if secret is not None:
        doc["token"] = secret
    return doc
