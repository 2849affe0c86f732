"""Self-service password and two-factor resets by mail (issue 28), with a local SMTP server.

The server under test gets ``ANNOTA_SMTP_HOST``/``PORT`` of an aiosmtpd server on loopback; a
reset mail is read from it as the account's owner would read it. Without SMTP settings (the
session's server) the operations answer 409.
"""

from __future__ import annotations

import email
import re
import threading
import time
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pyotp
import pytest
from aiosmtpd.controller import Controller
from support import ServerProcess, free_port, unique
from support.db import DatabaseProbe, fresh_database_url
from support.factories import create_user

import annota
from annota import errors

TOKEN = re.compile(r"Reset token: (\S+)")


class Inbox:
    """What the SMTP server received, in order; ``wait_for`` blocks until a mail to someone."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mails: list[EmailMessage] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        mail = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        with self._arrived:
            self.mails.append(mail)
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, to: str, timeout: float = 120.0) -> EmailMessage:
        """The first mail to ``to``; the timeout only catches a mail that never comes."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [mail for mail in self.mails if mail["To"] == to]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                assert left > 0, f"no mail to {to}; got {[m['To'] for m in self.mails]}"
                self._arrived.wait(left)

    def token_for(self, to: str) -> str:
        body = self.wait_for(to).get_content()
        found = TOKEN.search(body)
        assert found, body
        return found[1]


@pytest.fixture(scope="module")
def inbox() -> Iterator[Inbox]:
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=received.port)
    controller.start()
    try:
        yield received
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def mailing(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, inbox: Inbox
) -> Iterator[ServerProcess]:
    settings = {
        "ANNOTA_SMTP_HOST": "127.0.0.1",
        "ANNOTA_SMTP_PORT": str(inbox.port),
        "ANNOTA_SMTP_FROM": "annota@test.invalid",
    }
    directory = tmp_path_factory.mktemp("mailing")
    server = ServerProcess(
        database_url=fresh_database_url(database_url, directory),
        data_dir=directory,
        extra_env=settings,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _user(server: ServerProcess, **fields: Any) -> Any:
    admin = server.http()
    admin.login(server.admin_username, server.admin_password)
    return create_user(admin, prefix="reset", **fields)


def test_a_reset_token_from_the_mail_sets_a_new_password_once(
    mailing: ServerProcess, inbox: Inbox
) -> None:
    user = _user(mailing)
    with annota.Client(mailing.url) as anonymous:
        said = anonymous.request_password_reset(user.username)
        token = inbox.token_for(user.email)
        result = anonymous.reset_password(token, "A-brand-new-passw0rd")
        assert result.revoked_sessions == 1, "the user's session ended"
        with pytest.raises(errors.AuthenticationError):
            anonymous.login((user.username, user.password))
        anonymous.login((user.username, "A-brand-new-passw0rd"))
        assert anonymous.me.username == user.username
        anonymous.logout()
        with pytest.raises(errors.ValidationError) as again:
            anonymous.reset_password(token, "Yet-another-passw0rd")
        assert again.value.errors[0].field == "token"
        # By e-mail address (letter case aside), the same answer.
        assert anonymous.request_password_reset(user.email.upper()) == said
    assert user.http.get("/api/users/self").status == 401


def test_the_answer_does_not_tell_who_has_an_account(mailing: ServerProcess, inbox: Inbox) -> None:
    user = _user(mailing)
    with annota.Client(mailing.url) as anonymous:
        nobody = anonymous.request_password_reset(unique("nobody"))
        somebody = anonymous.request_password_reset(user.username)
    assert nobody == somebody
    inbox.wait_for(user.email)
    # Mails go out one at a time, in order: one for nobody would have come first.
    assert [m["To"] for m in inbox.mails if "nobody" in str(m["To"])] == []


def test_an_expired_token_is_refused(mailing: ServerProcess, inbox: Inbox, tmp_path: Path) -> None:
    user = _user(mailing)
    probe = DatabaseProbe(mailing.database_url)
    try:
        with annota.Client(mailing.url) as anonymous:
            anonymous.request_password_reset(user.username)
            token = inbox.token_for(user.email)
            # The tests' clock: the token's hour is over.
            moved = probe.move_back("password_resets", "expires_at", 3601, user_id=user.id)
            assert moved == 1
            with pytest.raises(errors.ValidationError, match="token"):
                anonymous.reset_password(token, "A-brand-new-passw0rd")
    finally:
        probe.dispose()
    user.http.get("/api/users/self").expect(200)  # nothing changed


def test_a_lost_authenticator_is_reset_with_the_password_and_a_mailed_token(
    mailing: ServerProcess, inbox: Inbox
) -> None:
    user = _user(mailing)
    secret = user.http.post("/api/auth/2fa/enroll").expect(200).json()["secret"]
    confirm = {"code": pyotp.TOTP(secret).now()}
    user.http.post("/api/auth/2fa/confirm", json=confirm).expect(200)
    with annota.Client(mailing.url) as anonymous:
        wrong = anonymous.request_two_factor_reset(user.username, "not the password")
        right = anonymous.request_two_factor_reset(user.username, user.password)
        assert wrong == right, "the answer does not say whether the password was right"
        mail = inbox.wait_for(user.email)
        assert mail["Subject"] == "annota two-factor reset"
        # Mails go out in order: a wrong password's would have come first; there is one.
        assert len([m for m in inbox.mails if m["To"] == user.email]) == 1
        token = TOKEN.search(mail.get_content())
        assert token is not None
        with pytest.raises(errors.ValidationError):
            anonymous.reset_password(token[1], "A-brand-new-passw0rd")  # not a password token
        assert anonymous.reset_two_factor(token[1]) is False
        anonymous.login((user.username, user.password))  # no one-time code needed now
        assert anonymous.me.model.two_factor_enabled is False
        with pytest.raises(errors.ValidationError, match="token"):
            anonymous.reset_two_factor(token[1])


def test_without_smtp_settings_recovery_answers_409(server: ServerProcess) -> None:
    with annota.Client(server.url) as anonymous:
        with pytest.raises(errors.ConflictError, match="SMTP") as asked:
            anonymous.request_password_reset("anyone")
        assert asked.value.status == 409
        with pytest.raises(errors.ConflictError) as reset:
            anonymous.reset_password("whatever", "A-brand-new-passw0rd")
        assert reset.value.status == 409
        with pytest.raises(errors.ConflictError) as two_factor:
            anonymous.request_two_factor_reset("anyone", "a password")
        assert two_factor.value.status == 409
