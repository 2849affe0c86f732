"""``annota password``, ``annota 2fa enable|disable`` and ``annota health``.

The first two are the signed-in user's own security; ``health`` asks the server whether it
and its database are up (it needs no token).

Secrets are read from a prompt, or from stdin with ``--password-stdin`` (one per line), so
they never appear in the shell's history or the process list.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from annota.cli.context import Context
from annota.cli.output import Column
from annota.errors import ConfigurationError

if TYPE_CHECKING:
    from annota.cli.context import Commands


def register(commands: Commands) -> None:
    """Add the security commands."""
    password = commands.add_parser(
        "password", help="change your password (your other sessions end)"
    )
    password.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the current and the new password from stdin, one per line",
    )
    password.set_defaults(run=change_password)

    two_factor = commands.add_parser("2fa", help="turn two-factor authentication on or off")
    actions = two_factor.add_subparsers(dest="action", required=True, metavar="ACTION")
    enable = actions.add_parser(
        "enable", help="enrol an authenticator: prints its URI (and a QR code), then confirms"
    )
    enable.add_argument("--code", help="the code to confirm with (else asked for)")
    enable.set_defaults(run=enable_two_factor)
    disable = actions.add_parser("disable", help="turn two-factor off with a current code")
    disable.add_argument("--code", help="the current code (else asked for)")
    disable.set_defaults(run=disable_two_factor)

    health = commands.add_parser(
        "health", help="whether the server and its database are up (exit 1 when not)"
    )
    health.set_defaults(run=server_health)


def _ask(prompt: str) -> str:
    import getpass  # termios: only when a secret is asked for

    return getpass.getpass(prompt)


def _secret(args: argparse.Namespace, prompt: str) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise ConfigurationError(f"stdin ended before the {prompt.lower().rstrip(': ')}")
        return line.rstrip("\r\n")
    return _ask(prompt)


def change_password(ctx: Context) -> int:
    """Change the signed-in user's password."""
    args = ctx.args
    old = _secret(args, "Current password: ")
    new = _secret(args, "New password: ")
    if not args.password_stdin and new != _ask("New password (again): "):
        raise ConfigurationError("the new passwords differ; nothing was changed")
    revoked = ctx.client.change_password(old, new)
    ctx.output.message(
        f"Password changed; {revoked.revoked_sessions} other session(s) ended and "
        f"{revoked.revoked_tokens} access token(s) revoked."
    )
    return 0


def _code(ctx: Context) -> str:
    code: str | None = ctx.args.code
    if code is None:
        if not sys.stdin.isatty():
            code = sys.stdin.readline().strip()
        else:
            code = input("One-time code: ").strip()
    return code


def _qr(text: str) -> str | None:
    """The text as a QR code for the terminal, when the optional ``qrcode`` package is there."""
    try:
        import qrcode  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    import io

    code = qrcode.QRCode(border=1)
    code.add_data(text)
    out = io.StringIO()
    code.print_ascii(out=out)
    return out.getvalue()


def enable_two_factor(ctx: Context) -> int:
    """Enrol an authenticator and confirm it with its first code."""
    enrollment = ctx.client.two_factor.enroll()
    print(enrollment.otpauth_uri, file=ctx.output.stdout)
    drawn = _qr(enrollment.otpauth_uri)
    if drawn is not None:
        ctx.output.message(drawn)
    ctx.output.message(f"Secret (to type in by hand): {enrollment.secret}")
    ctx.client.two_factor.confirm(_code(ctx))
    ctx.output.message("Two-factor authentication is on: log in with a one-time code from now on.")
    return 0


def disable_two_factor(ctx: Context) -> int:
    """Turn two-factor off with a current code."""
    ctx.client.two_factor.disable(_code(ctx))
    ctx.output.message("Two-factor authentication is off.")
    return 0


def server_health(ctx: Context) -> int:
    """Print the server's health; exit 1 when it or its database is down."""
    from annota.client import make_client

    # Only the host matters: the health check is answered without credentials.
    host = ctx.args.host or ctx.credentials.host
    assert host is not None  # resolve_credentials raises without one
    with make_client(host) as client:
        health = client.server_health()
    columns = [
        Column("status", lambda h: h.status.value),
        Column("database", lambda h: f"{h.database.status.value} ({h.database.backend})"),
    ]
    ctx.output.item(health, columns)
    return 0 if health.status.value == "ok" else 1
