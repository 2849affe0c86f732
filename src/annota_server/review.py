"""Review issues: where an issue is pinned, and every change to issues and their comments.

Handlers authorise and then call one function here per write, so that whatever must follow a
change (an event for webhooks, say) has one place to go.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annota_server.db.models import Asset, IssueComment, Job, ReviewIssue, Shape, User
from annota_server.problems import invalid

Region = tuple[str, list[float]]


def region_of_shape(shape: Shape) -> Region | None:
    """Where an issue on ``shape`` is pinned: its box, or its point; None for a tag."""
    if shape.kind == "mask":
        box = (shape.mask or {}).get("bbox") or [0, 0, 0, 0]
        return ("box", [float(v) for v in box]) if any(box) else None
    points = [float(v) for v in shape.points]
    if len(points) < 2:
        return None
    xs, ys = points[0::2], points[1::2]
    if len(xs) == 1:
        return "point", [xs[0], ys[0]]
    return "box", [min(xs), min(ys), max(xs), max(ys)]


def checked_region(value: Mapping[str, Any], asset: Asset) -> Region:
    """A region from a request, inside the asset; 400 naming ``region.points`` otherwise."""
    kind, points = str(value["kind"]), list(value["points"])
    want = 2 if kind == "point" else 4
    field = "region.points"
    if len(points) != want:
        raise invalid(field, f"a {kind} has {want} numbers, not {len(points)}")
    if not all(_finite(v) for v in points):
        raise invalid(field, "holds a number that is not finite")
    floats = [float(v) for v in points]
    if kind == "box" and (floats[0] > floats[2] or floats[1] > floats[3]):
        raise invalid(field, "is not [x_min, y_min, x_max, y_max]: a minimum exceeds its maximum")
    xs, ys = floats[0::2], floats[1::2]
    if min(xs + ys) < 0:
        raise invalid(field, "is outside the asset: coordinates start at 0")
    if asset.width is not None and max(xs) > asset.width:
        raise invalid(field, f"is outside the asset, which is {asset.width} pixels wide")
    if asset.height is not None and max(ys) > asset.height:
        raise invalid(field, f"is outside the asset, which is {asset.height} pixels high")
    return kind, floats


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def pin(
    db: Session, job: Job, asset_id: int, shape_id: int | None, region: Mapping[str, Any] | None
) -> tuple[Asset, Shape | None, Region | None]:
    """Resolve what an issue is pinned to on the job; 400 naming the field that is wrong."""
    asset = db.scalar(select(Asset).where(Asset.id == asset_id, Asset.job_id == job.id))
    if asset is None:
        raise invalid("asset", f"no asset {asset_id} in job {job.id}")
    shape = None
    if shape_id is not None:
        shape = db.scalar(select(Shape).where(Shape.id == shape_id, Shape.asset_id == asset.id))
        if shape is None:
            raise invalid("shape", f"no shape {shape_id} on asset {asset.id}")
    if region is not None:
        return asset, shape, checked_region(region, asset)
    if shape is None:
        raise invalid("region", "is required unless the issue is pinned to a shape")
    return asset, shape, region_of_shape(shape)


def raise_issue(
    db: Session,
    job: Job,
    pinned: tuple[Asset, Shape | None, Region | None],
    message: str,
    author: User,
    now: datetime,
) -> ReviewIssue:
    """Create an open issue on the job, pinned where :func:`pin` said."""
    asset, shape, region = pinned
    issue = ReviewIssue(
        job_id=job.id,
        asset_id=asset.id,
        task_id=job.task_id,
        project_id=job.project_id,
        workspace_id=job.workspace_id,
        shape_id=None if shape is None else shape.id,
        region_kind=None if region is None else region[0],
        region_points=None if region is None else region[1],
        message=message,
        author=author,
        resolved=False,
        comment_count=0,
        created_at=now,
        updated_at=now,
    )
    db.add(issue)
    db.flush()
    return issue


def add_comment(
    db: Session, issue: ReviewIssue, message: str, author: User, now: datetime
) -> IssueComment:
    """Answer an issue; the issue counts it (and so changes version)."""
    comment = IssueComment(issue_id=issue.id, author=author, message=message, created_at=now)
    db.add(comment)
    issue.comment_count += 1
    issue.updated_at = now
    db.flush()
    return comment


def set_resolved(issue: ReviewIssue, resolved: bool, user: User, now: datetime) -> bool:
    """Resolve or reopen an issue; False when it already was so (nothing changes)."""
    if issue.resolved == resolved:
        return False
    issue.resolved = resolved
    issue.resolved_by = user if resolved else None
    issue.resolved_at = now if resolved else None
    issue.updated_at = now
    return True


def delete_issue(db: Session, issue: ReviewIssue) -> None:
    """Delete an issue and (by the foreign key's cascade) its comments."""
    db.delete(issue)
    db.flush()
