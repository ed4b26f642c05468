"""Real services for the sending tests, started and stopped by the tests: a Redis server of their own, a local
SMTP server that keeps what it receives, and Celery worker and beat processes against the test database."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def stop_process(process: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
    """Stop a process started in its own session, with its children (beat's, a worker's pool)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)
    except ProcessLookupError:
        pass


class RedisServer:
    """redis-server without persistence: a restart loses every queued message, as a crash can."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("redis-server is missing: apt-get install redis-server (the sending tests start their own).")
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.binary is not None
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self._answers, timeout=10, what="redis-server to answer")

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
            conn.sendall(b"FLUSHALL\r\n")
            assert conn.recv(64).startswith(b"+OK")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(64).startswith(b"+PONG")
        except OSError:
            return False


@dataclass
class Received:
    to: str
    message: EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()


class SmtpSink:
    """A mail server on 127.0.0.1 that keeps every message it accepts (a 250 after DATA), and can refuse
    addresses starting "bounce" for good, answer 451 to the next `defer` recipients, pause on a given
    recipient until told to go on, and wait `delay` seconds per message."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.defer = 0
        self.delay = 0.0
        self.pause_at: int | None = None
        self.paused = threading.Event()
        self.go_on = threading.Event()
        self.recipients_seen = 0
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.go_on.set()
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.recipients_seen += 1
            pause = self.recipients_seen == self.pause_at
            deferred = self.defer > 0
            self.defer -= 1 if deferred else 0
        if pause:
            self.paused.set()
            await asyncio.get_running_loop().run_in_executor(None, self.go_on.wait, 60)
        if address.startswith("bounce"):
            return "550 5.1.1 No such user here"
        if deferred:
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.extend(Received(to, message) for to in envelope.rcpt_tos)  # type: ignore[arg-type]
        return "250 Message accepted"

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def per_address(self, subject_start: str = "") -> Counter[str]:
        with self.lock:
            return Counter(r.to for r in self.received if r.message["Subject"].startswith(subject_start))


class CeleryProcesses:
    """Celery workers and beat as separate processes, as in production, against the test database."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.processes: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, arguments: list[str]) -> Path:
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:
            self.processes[name] = subprocess.Popen(  # noqa: S603 - our own arguments
                [sys.executable, "-m", "celery", "-A", "assessment", *arguments],
                cwd=self.logs,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return log

    def worker(self, name: str = "worker", *, wait: bool = True) -> None:
        log = self._start(
            name,
            ["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"],
        )
        if wait:
            wait_until(lambda: b" ready." in log.read_bytes(), timeout=30, what=f"{name} to be ready ({log})")

    def beat(self) -> None:
        self._start("beat", ["beat", "--loglevel=INFO", "--max-interval=1"])

    def kill(self, name: str) -> None:
        stop_process(self.processes.pop(name), sig=signal.SIGKILL)

    def stop_all(self) -> None:
        for name in list(self.processes):
            stop_process(self.processes.pop(name))

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")
