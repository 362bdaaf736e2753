"""``participatie serve`` (gunicorn): no client address or user agent in any log line, no
``Server`` banner, and the login limits hold across workers (issue 16, items 2, 3 and 5)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def served(app, migrated_database, make_user, tmp_path):
    """The app under gunicorn with two workers, on the tests' database (an account in it)."""
    make_user("an@example.org")
    env = {**os.environ, "PARTICIPATIE_INSTANCE_PATH": str(tmp_path / "instance"),
           "DATABASE_URL": migrated_database, "SECRET_KEY": "served",
           "PARTICIPATIE_PASSWORD_HASH_PROFILE": "CHEAPEST"}
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [BIN / "participatie", "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            for _ in range(300):
                try:
                    raw(port, b"GET /healthz HTTP/1.0\r\n\r\n")
                    break
                except OSError:
                    time.sleep(0.1)
            yield port, log
        finally:
            os.killpg(server.pid, signal.SIGQUIT)  # gunicorn's quick shutdown
            server.wait(timeout=30)


def test_no_address_user_agent_or_banner_and_limits_across_workers(served):
    port, log = served
    agent = b"Mozilla/5.0 (X11; Linux x86_64) SecretBrowser/9.9"
    bad = raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: " + agent +
              b"\r\nBad Header Line\r\n\r\n")
    assert bad.startswith(b"HTTP/1.1 400")
    raw(port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")  # a line too long
    good = raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nUser-Agent: " + agent +
               b"\r\nConnection: close\r\n\r\n")
    head = good.split(b"\r\n\r\n")[0].decode()
    assert head.startswith("HTTP/1.1 200")
    assert not re.search(r"(?im)^server:", head), head
    assert "Content-Security-Policy: default-src 'self'" in head

    # Ten wrong passwords over two workers: five are checked, then 429 with Retry-After.
    statuses = []
    for _ in range(10):
        # Each attempt on new connections: the workers take turns as connections come.
        page = raw(port, b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        cookie = re.search(rb"Set-Cookie: (session=[^;]+)", page)[1]
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
        body = b"email=an%40example.org&password=guess&csrf_token=" + token
        answer = raw(port, b"POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     b"Cookie: " + cookie + b"\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        statuses.append(int(answer.split(b" ", 2)[1]))
        if statuses[-1] == 429:
            assert b"Retry-After: " in answer
    assert statuses == [401] * 5 + [429] * 5

    time.sleep(0.3)
    lines = [line for line in log.read_text().splitlines()  # but the server's own address
             if not line.startswith("participatie serves on") and "Listening at:" not in line]
    assert any("Invalid request" in line for line in lines)  # the bad requests were logged …
    for line in lines:  # … without who sent them
        assert "127.0.0.1" not in line and "SecretBrowser" not in line, line
