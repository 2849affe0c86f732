"""The SDK's retry policy: which requests retry, and how long it may wait."""

from __future__ import annotations

from urllib3 import HTTPResponse

from annota.client import _retry_policy
from annota.config import Config


def response(status: int, retry_after: str | None = None) -> HTTPResponse:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return HTTPResponse(body=b"", status=status, headers=headers, preload_content=True)


def test_retry_after_is_honoured_but_capped_at_backoff_max() -> None:
    policy = _retry_policy(Config(backoff_max=30))
    assert policy.get_retry_after(response(429, "2")) == 2
    assert policy.get_retry_after(response(503, "3600")) == 30
    assert policy.get_retry_after(response(429)) is None


def test_every_method_retries_on_unavailable_but_not_on_errors() -> None:
    # POST and PATCH too: each call carries an Idempotency-Key, so the server runs it once.
    policy = _retry_policy(Config())
    assert policy.is_retry("GET", 503, has_retry_after=False)
    assert policy.is_retry("DELETE", 429, has_retry_after=True)
    assert policy.is_retry("POST", 503, has_retry_after=False)
    assert policy.is_retry("PATCH", 502, has_retry_after=False)
    assert not policy.is_retry("GET", 500, has_retry_after=False)
    assert not policy.is_retry("POST", 500, has_retry_after=False)


def test_retry_count_follows_config() -> None:
    assert _retry_policy(Config(retries=5)).total == 5
    assert _retry_policy(Config(retries=0)).total == 0


def test_a_multipart_body_rewinds_to_be_sent_again() -> None:
    from io import BytesIO

    from annota_api.client import encode_multipart

    data = BytesIO(b"x" * 100_000)
    body, _ = encode_multipart([("files", ("a.bin", data, "application/octet-stream"))])
    assert not isinstance(body, bytes)
    first = body.read(4096) + body.read()
    assert body.tell() == len(first) == len(body)
    assert body.seek(0) == 0
    assert body.read() == first
