"""``annota password`` and ``annota 2fa enable|disable`` against the real server."""

from __future__ import annotations

import io
import time

import pyotp
import pytest
from support import ServerProcess, TestUser

import annota
from annota.cli import main
from annota.errors import AuthenticationError

from .conftest import Cli


def test_password_changes_it_from_stdin(
    logged_in: Cli, server: ServerProcess, new_user: TestUser
) -> None:
    wrong = logged_in("password", "--password-stdin", stdin="not-it\nnew-password-1\n")
    assert wrong.code == 1
    assert "old_password" in wrong.err
    done = logged_in("password", "--password-stdin", stdin=f"{new_user.password}\nnew-password-1\n")
    assert done.code == 0, done.err
    with annota.Client(server.url) as client:
        client.login((new_user.username, "new-password-1"))
        with pytest.raises(AuthenticationError):
            client.login((new_user.username, new_user.password))


class _Authenticator(io.StringIO):
    """Stdin that answers the code of the secret the command has just printed."""

    def __init__(self, stdout: io.StringIO, step: int = 0) -> None:
        super().__init__()
        self._stdout, self._step = stdout, step

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        uri = self._stdout.getvalue().split()[0]
        totp = pyotp.parse_uri(uri)
        return totp.at(time.time() + self._step * totp.interval) + "\n"


def test_2fa_enable_prints_the_uri_confirms_and_disable_turns_it_off(
    logged_in: Cli, server: ServerProcess, new_user: TestUser
) -> None:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", out)
        patch.setattr("sys.stderr", err)
        patch.setattr("sys.stdin", _Authenticator(out))
        assert main(["2fa", "enable"]) == 0, err.getvalue()
    uri = out.getvalue().split()[0]
    assert uri.startswith("otpauth://totp/")
    assert "Secret" in err.getvalue()
    totp = pyotp.parse_uri(uri)
    with annota.Client(server.url) as client, pytest.raises(AuthenticationError):
        client.login((new_user.username, new_user.password))  # a code is needed now
    later = totp.at(time.time() + totp.interval)  # not the code that confirmed
    assert logged_in("2fa", "disable", "--code", "12345").code == 2  # refused before sending
    disabled = logged_in("2fa", "disable", "--code", later)
    assert disabled.code == 0, disabled.err
    with annota.Client(server.url) as client:
        client.login((new_user.username, new_user.password))
