"""``annota login``, ``logout`` and ``whoami``: where the command's credentials come from.

``login`` trades a username and password (and a one-time code, when two-factor is on) for
a personal access token, saves host and token in the profile file and ends the password
session: the file never holds the password, and ``logout`` revokes the token.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annota.cli import profile
from annota.cli.context import Context
from annota.cli.output import Column
from annota.errors import ConfigurationError, OtpRequiredError

if TYPE_CHECKING:
    from annota.cli.context import Commands

USER_COLUMNS = [
    Column("id"),
    Column("username"),
    Column("email"),
    Column("admin", lambda u: u.is_admin),
]


def register(commands: Commands) -> None:
    """Add the session commands."""
    login_parser = commands.add_parser(
        "login", help="log in and save a personal access token to the profile file"
    )
    login_parser.add_argument("host", help="the server, e.g. https://annota.example.com")
    login_parser.add_argument("-u", "--username", help="asked for when not given")
    login_parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    login_parser.add_argument("--otp", help="the one-time code, when two-factor is on")
    login_parser.add_argument(
        "--token-name", help="the name of the token (default: annota CLI on <this host>)"
    )
    _profile_option(login_parser)
    login_parser.set_defaults(run=login)

    logout_parser = commands.add_parser(
        "logout", help="revoke the saved token and remove it from the profile file"
    )
    _profile_option(logout_parser)
    logout_parser.set_defaults(run=logout)

    whoami_parser = commands.add_parser("whoami", help="who the credentials belong to")
    whoami_parser.set_defaults(run=whoami)


def _profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="the file that keeps host and token (default: ~/.annota)",
    )


def login(ctx: Context) -> int:
    """Log in, create a token, save it."""
    import getpass
    import socket

    from annota.client import make_client

    args = ctx.args
    if args.password_stdin and not args.username:
        raise ConfigurationError("--password-stdin needs --username")
    username = args.username or input("Username: ")
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass()
    path = args.profile or profile.default_path()
    with make_client(args.host) as client:
        otp = args.otp
        try:
            client.login((username, password), otp=otp)
        except OtpRequiredError:
            if otp is not None or args.password_stdin or not sys.stdin.isatty():
                raise
            client.login((username, password), otp=input("One-time code: "))
        name = args.token_name or f"annota CLI on {socket.gethostname()}"
        token = client.tokens.create({"name": name})
        assert token.secret is not None  # create() always returns the secret
        profile.save(path, host=client.url, token=token.secret)
        # Leaving the block logs the password session out; the token stays.
    ctx.output.message(f"Logged in to {client.url} as {username}; token saved in {path}.")
    return 0


def logout(ctx: Context) -> int:
    """Revoke the token in use and remove it from the profile file."""
    secret = ctx.credentials.token
    assert secret is not None
    revoked = False
    for token in ctx.client.tokens.list():
        if secret.startswith(token.prefix):
            token.remove()
            revoked = True
            break
    if not revoked:
        raise ConfigurationError(
            f"the token from {ctx.credentials.sources.get('token')} is not a personal access "
            "token of this user; nothing was revoked"
        )
    path = ctx.args.profile or profile.default_path()
    forgotten = profile.forget_token(path, secret)
    ctx.output.message(
        "Token revoked" + (f" and removed from {path}." if forgotten else f"; {path} kept.")
    )
    return 0


def whoami(ctx: Context) -> int:
    """Show the user, and where the credentials came from."""
    ctx.output.item(ctx.client.me, USER_COLUMNS)
    found = ctx.credentials
    ctx.output.message(
        f"on {ctx.client.url} (host from {found.sources.get('host')}, "
        f"token from {found.sources.get('token')})"
    )
    return 0
