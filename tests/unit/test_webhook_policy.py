"""The webhook SSRF policy, signatures and backoff (pure logic; the resolver is a stub)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from annota.proxies.webhooks import verify_signature
from annota_server import webhooks
from annota_server.webhooks import UnsafeTarget, backoff, check, sign


def _resolving_to(*addresses: str) -> webhooks.Resolver:
    return lambda _host, _port: list(addresses)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("100.64.0.1", "non-public"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("::ffff:10.0.0.1", "private"),
    ],
)
def test_a_name_resolving_to_an_internal_address_is_refused(address: str, why: str) -> None:
    with pytest.raises(UnsafeTarget, match=why):
        check("https://hooks.example.com/x", allow_private=False, resolver=_resolving_to(address))


def test_every_address_is_checked_not_only_the_first() -> None:
    resolver = _resolving_to("93.184.216.34", "10.0.0.1")
    with pytest.raises(UnsafeTarget, match="private"):
        check("https://hooks.example.com/x", allow_private=False, resolver=resolver)


def test_a_public_address_is_taken_and_pinned() -> None:
    target = check(
        "https://hooks.example.com:8443/in?x=1",
        allow_private=False,
        resolver=_resolving_to("93.184.216.34"),
    )
    assert (target.scheme, target.host, target.port) == ("https", "hooks.example.com", 8443)
    assert (target.address, target.path) == ("93.184.216.34", "/in?x=1")


def test_the_setting_allows_private_but_never_multicast_or_unspecified() -> None:
    assert check("http://h/", allow_private=True, resolver=_resolving_to("127.0.0.1")).port == 80
    for address in ("0.0.0.0", "224.0.0.1"):
        with pytest.raises(UnsafeTarget):
            check("http://h/", allow_private=True, resolver=_resolving_to(address))


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "http:///nohost", "http://u:p@example.com/", "http://[::1/"]
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeTarget):
        check(url, allow_private=True, resolver=_resolving_to("93.184.216.34"))


def test_an_unresolvable_host_is_refused() -> None:
    def fail(_host: str, _port: int) -> list[str]:
        raise OSError("no such host")

    with pytest.raises(UnsafeTarget, match="does not resolve"):
        check("http://nowhere.invalid/", allow_private=False, resolver=fail)


def test_the_signature_is_hmac_sha256_of_timestamp_and_body() -> None:
    header = sign("k" * 16, 1_700_000_000, b'{"a":1}')
    expected = hmac.new(b"k" * 16, b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert verify_signature("k" * 16, header, b'{"a":1}', tolerance=None)
    assert not verify_signature("k" * 16, header, b'{"a":2}', tolerance=None)
    assert not verify_signature("k" * 16, header, b'{"a":1}')  # far too old: a replay
    assert not verify_signature("k" * 16, "garbage", b"")


def test_backoff_doubles_within_its_jitter_and_is_capped() -> None:
    for attempts in range(1, 8):
        delay = backoff(attempts, 2.0, 60.0)
        full = min(60.0, 2.0 * 2 ** (attempts - 1))
        assert full / 2 <= delay <= full
    assert backoff(5, 0.0, 60.0) == 0.0
