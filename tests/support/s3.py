"""A real S3 endpoint for tests: moto's standalone server, in a process of its own, on a free
loopback port.

Usage::

    endpoint = S3Endpoint().start()     # one per test session (see tests/conftest.py)
    bucket = endpoint.new_bucket()       # a fresh, uniquely named bucket
    endpoint.client                      # boto3 S3 client over HTTP to it
    endpoint.server_env(bucket)          # ANNOTA_STORAGE_URL, ANNOTA_S3_ENDPOINT_URL, AWS_*
    endpoint.keys(bucket)                # every key in the bucket
    endpoint.stop()

The server speaks S3 over real HTTP; the code under test talks to it with boto3 as it would to
AWS S3 or MinIO. Any credentials are accepted unless ``check_credentials=True`` (then only
keys moto's IAM knows, so none). It runs as a subprocess (``python -m moto.server``) rather
than in a thread, so that its memory and CPU never count as the test's.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import boto3
import urllib3
from botocore.config import Config

from .ports import free_port

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ACCESS_KEY = "annota-test"
SECRET_KEY = "annota-test-secret"
REGION = "us-east-1"

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    "AWS_DEFAULT_REGION": REGION,
}


def s3_client(endpoint_url: str, **options: Any) -> S3Client:
    """A boto3 S3 client of ``endpoint_url`` with the test credentials."""
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        aws_access_key_id=options.pop("access_key", ACCESS_KEY),
        aws_secret_access_key=options.pop("secret_key", SECRET_KEY),
        region_name=REGION,
        config=Config(signature_version="s3v4", **options),
    )


class S3Endpoint:
    """moto's S3 server in a subprocess; see the module docstring."""

    def __init__(self, host: str = "127.0.0.1", *, check_credentials: bool = False) -> None:
        self.host = host
        self.port = 0
        self.check_credentials = check_credentials
        self.process: subprocess.Popen[bytes] | None = None
        self._client: S3Client | None = None
        self._buckets = itertools.count(1)
        self._session = os.urandom(3).hex()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def client(self) -> S3Client:
        if self._client is None:
            self._client = s3_client(self.url)
        return self._client

    def start(self, timeout: float = 30.0) -> S3Endpoint:
        env = dict(os.environ)
        if self.check_credentials:
            env["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
        for _ in range(3):  # a fresh free port may be taken before moto binds it
            self.port = free_port(self.host)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", self.host, "-p", str(self.port)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if self._wait(timeout):
                return self
            self.stop()
        raise RuntimeError(f"moto's S3 server did not start on {self.host} (3 tries)")

    def _wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with urllib3.PoolManager() as pool:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    return False
                try:
                    pool.request("GET", f"{self.url}/moto-api/", retries=False, timeout=1.0)
                    return True
                except urllib3.exceptions.HTTPError:
                    time.sleep(0.1)
        return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def new_bucket(self, prefix: str = "annota") -> str:
        name = f"{prefix}-{self._session}-{next(self._buckets)}"
        self.client.create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def multipart_uploads(self, bucket: str) -> list[str]:
        """Keys of the multipart uploads begun and neither completed nor aborted."""
        answer = self.client.list_multipart_uploads(Bucket=bucket)
        return [upload["Key"] for upload in answer.get("Uploads", [])]

    def server_env(self, bucket: str, prefix: str = "", **extra: str) -> dict[str, str]:
        """The environment that makes annota-server store its files in ``bucket``."""
        location = f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
        return {
            "ANNOTA_STORAGE_URL": location,
            "ANNOTA_S3_ENDPOINT_URL": self.url,
            **CREDENTIALS,
            **extra,
        }

    def __enter__(self) -> S3Endpoint:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
