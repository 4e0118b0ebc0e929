"""A real SMTP server (aiosmtpd, in a thread) that keeps what it accepted.

A message counts as delivered only once the sink has answered 250 to its DATA,
as a real mail server takes responsibility for a message when it says 250. The
sink can answer scripted failures (451 then 250, or 550), be slow, or hold one
message's DATA unanswered so that a test knows a worker is mid-send."""

import asyncio
import email
import email.policy
import socket
import threading
from collections import deque
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpSink:
    delay_seconds: float = 0.0
    # Answers to give, in order, before accepting again (e.g. ["451 4.3.0 Try later"]).
    scripted_replies: deque = field(default_factory=deque)
    # Hold the DATA of the message after this many have been accepted (None: never).
    hold_after: int | None = None
    accepted: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    # Set when the client of the held message went away before it was answered.
    held_dropped: threading.Event = field(default_factory=threading.Event)
    held_message: object = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.SMTP
        )
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        with self._lock:
            hold = self.hold_after is not None and len(self.accepted) >= self.hold_after
            if hold:
                self.hold_after = None
        if hold:
            self.held_message = message
            self.holding.set()
            # Unanswered until released; a client that goes away meanwhile cancels this
            # coroutine (aiosmtpd's connection_lost), so the message is never accepted.
            try:
                while not self.release.is_set():
                    await asyncio.sleep(0.02)
            except asyncio.CancelledError:
                self.held_dropped.set()
                raise
        with self._lock:
            if self.scripted_replies:
                reply = self.scripted_replies.popleft()
                if not reply.startswith("250"):
                    self.refused.append((reply, message))
                    return reply
            self.accepted.append(message)
        return "250 2.0.0 Accepted"

    def recipients(self) -> list[str]:
        with self._lock:
            return [str(message["To"]) for message in self.accepted]


class RunningSink:
    def __init__(self, sink: SmtpSink):
        self.sink = sink
        self.port = free_port()
        self.controller = Controller(sink, hostname="127.0.0.1", port=self.port, ready_timeout=10)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def mailer(self) -> dict:
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
        }

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.sink.release.set()
        self.controller.stop()
