"""Mail from the server (password reset tokens): sent by one background thread, in order.

A request never waits for the mail server: its answer must not depend on whether a mail went
out (that would tell who has an account), and a slow mail server must not hold a request. One
thread sends the queued messages one after another; a failure is logged, not retried.
"""

from __future__ import annotations

import logging
import queue
import smtplib
import ssl
import threading
from email.message import EmailMessage

from annota_server.settings import Settings

log = logging.getLogger("annota_server.mail")

_outbox: queue.Queue[tuple[Settings, EmailMessage]] = queue.Queue()
_sender: threading.Thread | None = None
_lock = threading.Lock()


def send_later(settings: Settings, message: EmailMessage) -> None:
    """Queue ``message`` for the mail server of ``settings`` (started on first use)."""
    global _sender
    with _lock:
        if _sender is None or not _sender.is_alive():
            _sender = threading.Thread(target=_send_queued, name="annota-mail", daemon=True)
            _sender.start()
    _outbox.put((settings, message))


def _send_queued() -> None:
    while True:
        settings, message = _outbox.get()
        try:
            send(settings, message)
        except (OSError, smtplib.SMTPException):
            log.exception("could not send the mail %r to %s", message["Subject"], message["To"])


def send(settings: Settings, message: EmailMessage) -> None:
    """Send ``message`` now through the mail server of ``settings``."""
    assert settings.smtp_host is not None
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=60) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)
    log.info("mail %r sent to %s", message["Subject"], message["To"])
