"""The one status-to-exception mapping."""

from __future__ import annotations

import json

import pytest

from annota import errors


def problem(status: int, **extra: object) -> bytes:
    return json.dumps({"type": "about:blank", "title": "T", "status": status, **extra}).encode()


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.ValidationError),
        (422, errors.ValidationError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (412, errors.PreconditionFailedError),
        (413, errors.PayloadTooLargeError),
        (415, errors.UnsupportedMediaTypeError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (418, errors.ApiError),
    ],
)
def test_status_maps_to_its_class(status: int, cls: type[errors.ApiError]) -> None:
    error = errors.error_from_response(status, problem(status), {})
    assert type(error) is cls
    assert isinstance(error, errors.AnnotaError)
    assert error.status == status


def test_validation_error_carries_fields_and_detail() -> None:
    body = problem(
        400,
        detail="2 fields are invalid",
        errors=[
            {"field": "name", "message": "too short"},
            {"field": "labels.0.color", "message": "bad"},
        ],
    )
    request = errors.RequestInfo("POST", "http://h/api/projects")
    error = errors.error_from_response(400, body, {}, request)
    assert [(e.field, e.message) for e in error.errors] == [
        ("name", "too short"),
        ("labels.0.color", "bad"),
    ]
    assert "2 fields are invalid" in str(error)
    assert "labels.0.color" in str(error)
    assert "POST http://h/api/projects" in str(error)
    assert error.request == request


def test_otp_required_is_its_own_class() -> None:
    body = problem(401, type=errors.OTP_REQUIRED_TYPE, detail="a one-time code is required")
    error = errors.error_from_response(401, body, {})
    assert isinstance(error, errors.OtpRequiredError)
    assert isinstance(error, errors.AuthenticationError)


def test_precondition_failed_is_a_conflict() -> None:
    assert issubclass(errors.PreconditionFailedError, errors.ConflictError)


def test_rate_limit_reads_retry_after() -> None:
    error = errors.error_from_response(429, problem(429), {"Retry-After": "7"})
    assert isinstance(error, errors.RateLimitError)
    assert error.retry_after == 7.0


def test_non_json_body_is_kept_as_detail() -> None:
    error = errors.error_from_response(502, b"<html>bad gateway</html>", {})
    assert isinstance(error, errors.ServerError)
    assert "bad gateway" in error.detail


# ---------------------------------------------------------------------------------- misspelt keys
def test_a_misspelt_key_is_named_not_only_the_missing_one() -> None:
    from annota_api.models import ProjectCreateRequest

    from annota.proxies.base import to_request_model

    with pytest.raises(errors.InvalidRequestError) as top:
        to_request_model(ProjectCreateRequest, {"name": "cats", "typ": "detection"})
    assert "unknown key(s) 'typ'" in str(top.value)
    assert "missing required key 'type'" in str(top.value)
    with pytest.raises(errors.InvalidRequestError) as nested:
        to_request_model(
            ProjectCreateRequest, {"name": "cats", "type": "detection", "labels": [{"nme": "cat"}]}
        )
    assert "'labels.0.nme'" in str(nested.value)
    assert "missing required key 'name'" in str(nested.value)
