"""Hostile HTTP against `rftsim serve` over raw sockets (issue 13, item 5).

A corpus of malformed requests (bad chunking, truncated bodies, huge headers, invalid UTF-8, deep
nesting, wrong content types, garbage request lines) is sent to every kind of endpoint; no answer
may be a 5xx, parser-level refusals carry the OpenAI error body, and the server still answers
afterwards. Then: idle and slowloris connections are closed within the idle timeout, HTTP/1.0
without keep-alive is closed after its answer, HEAD answers wherever GET does, and the control
token is enforced.
"""

from __future__ import annotations

import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional, Tuple

import pytest

from rftsim import Control, ControlError, Server

KEY = "sk-rftsim-hostile"
IDLE = 3
BODY = 1

ENDPOINTS = [
    ("POST", "/v1/fine_tuning/jobs"),
    ("POST", "/v1/files"),
    ("POST", "/v1/fine_tuning/alpha/graders/run"),
    ("POST", "/v1/fine_tuning/alpha/graders/validate"),
    ("POST", "/v1/chat/completions"),
    ("POST", "/_rftsim/faults"),
    ("POST", "/_rftsim/clock/advance"),
    ("GET", "/v1/fine_tuning/jobs"),
]


def head(method: str, path: str, extra: str = "", version: str = "HTTP/1.1") -> bytes:
    return (f"{method} {path} {version}\r\nHost: localhost\r\nAuthorization: Bearer {KEY}\r\n{extra}").encode()


def corpus() -> List[Tuple[str, bytes]]:
    """(name, raw bytes) for every endpoint × every hostile shape."""
    cases: List[Tuple[str, bytes]] = []
    for method, path in ENDPOINTS:
        json_type = "Content-Type: application/json\r\n"
        shapes = {
            "bad chunk size": head(method, path, json_type + "Transfer-Encoding: chunked\r\n\r\n") + b"zz\r\n{}\r\n0\r\n\r\n",
            "negative chunk size": head(method, path, json_type + "Transfer-Encoding: chunked\r\n\r\n") + b"-5\r\n{}\r\n0\r\n\r\n",
            "chunk cut short": head(method, path, json_type + "Transfer-Encoding: chunked\r\n\r\n") + b"64\r\n{\"a\":1}\r\n0\r\n\r\n",
            "chunk without CRLF": head(method, path, json_type + "Transfer-Encoding: chunked\r\n\r\n") + b"2\r\n{}XX0\r\n\r\n",
            "huge chunk size": head(method, path, json_type + "Transfer-Encoding: chunked\r\n\r\n") + b"ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
            "body shorter than content-length": head(method, path, json_type + "Content-Length: 100\r\n\r\n") + b"{\"a\": 1}",
            "non-numeric content-length": head(method, path, json_type + "Content-Length: abc\r\n\r\n") + b"{}",
            "negative content-length": head(method, path, json_type + "Content-Length: -1\r\n\r\n") + b"{}",
            "two content-lengths": head(method, path, json_type + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n") + b"{}",
            "content-length and chunked": head(method, path, json_type + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n") + b"2\r\n{}\r\n0\r\n\r\n",
            "invalid UTF-8 body": head(method, path, json_type + "Content-Length: 14\r\n\r\n") + b"{\"model\":\"\xff\xfe\"}",
            "invalid UTF-8 path": head(method, path + "/\xff\xfe".encode("latin-1").decode("latin-1"), "Content-Length: 2\r\n\r\n") + b"{}",
            "lone surrogate escape": head(method, path, json_type + "Content-Length: 16\r\n\r\n") + b"{\"model\":\"\\ud800\"}"[:16],
            "deep array nesting": (lambda body: head(method, path, json_type + f"Content-Length: {len(body)}\r\n\r\n") + body)(b"[" * 100_000),
            "deep object nesting": (lambda body: head(method, path, json_type + f"Content-Length: {len(body)}\r\n\r\n") + body)(b"{\"a\":" * 5_000 + b"1" + b"}" * 5_000),
            "text/plain body": head(method, path, "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n") + b"{}",
            "multipart without boundary": head(method, path, "Content-Type: multipart/form-data\r\nContent-Length: 2\r\n\r\n") + b"{}",
            "multipart broken": (lambda body: head(method, path, f"Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: {len(body)}\r\n\r\n") + body)(b"--XX\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--Y"),
            "huge header": head(method, path, "X-Big: " + "a" * 100_000 + "\r\nContent-Length: 2\r\n\r\n") + b"{}",
            "many headers": head(method, path, "".join(f"X-H{i}: v\r\n" for i in range(3_000)) + "Content-Length: 2\r\n\r\n") + b"{}",
            "header without colon": head(method, path, "Broken header line\r\nContent-Length: 2\r\n\r\n") + b"{}",
            "header with NUL": head(method, path, "X-Nul: a\x00b\r\nContent-Length: 2\r\n\r\n") + b"{}",
            "bad version": head(method, path, "Content-Length: 2\r\n\r\n", version="HTTP/9.9") + b"{}",
            "garbage version": head(method, path, "Content-Length: 2\r\n\r\n", version="HTXP/1.1") + b"{}",
            "unknown method": head("FOO", path, "Content-Length: 2\r\n\r\n") + b"{}",
            "very long path": head(method, path + "/" + "x" * 100_000, "Content-Length: 2\r\n\r\n") + b"{}",
            "percent garbage": head(method, path + "/%zz%", "Content-Length: 2\r\n\r\n") + b"{}",
            "null bytes body": head(method, path, json_type + "Content-Length: 6\r\n\r\n") + b"{\x00\x00\x00}\x00",
            "number out of range": head(method, path, json_type + "Content-Length: 15\r\n\r\n") + b"{\"seed\": 1e999}",
            "JSON array body": head(method, path, json_type + "Content-Length: 2\r\n\r\n") + b"[]",
            "empty body": head(method, path, json_type + "Content-Length: 0\r\n\r\n"),
            "gzip transfer coding": head(method, path, json_type + "Transfer-Encoding: gzip\r\n\r\n") + b"{}",
            "bare LF lines": f"{method} {path} HTTP/1.1\nHost: x\nContent-Length: 2\n\n{{}}".encode(),
            "garbage request line": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS hello\r\n\r\n",
            "HTTP/2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        }
        cases += [(f"{name}: {method} {path}", raw) for name, raw in shapes.items()]
    return cases


def send(url_port: int, raw: bytes, timeout: float = 10.0) -> Tuple[Optional[int], bytes]:
    """Sends raw bytes on a new connection; returns (status or None, whole answer)."""
    with socket.create_connection(("127.0.0.1", url_port), timeout=timeout) as connection:
        try:
            connection.sendall(raw)
        except OSError:
            pass  # the server may close before reading everything (e.g. headers too large)
        answer = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = connection.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            answer += chunk
            if b"\r\n\r\n" in answer:
                header, _, body = answer.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in header.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), None)
                if length is not None and len(body) >= length:
                    break
    if not answer.startswith(b"HTTP/"):
        return None, answer
    return int(answer.split(b" ", 2)[1]), answer


@pytest.fixture(scope="module")
def server():
    with Server.start(extra_args=["--idle-timeout", str(IDLE), "--body-timeout", str(BODY)]) as running:
        yield running


def test_hostile_corpus_gets_no_5xx_and_the_server_still_answers(server):
    cases = corpus()
    assert len(cases) >= 250
    with ThreadPoolExecutor(max_workers=32) as pool:
        answers = list(pool.map(lambda case: send(server.port, case[1]), cases))
    failures = [(name, status, answer[:300]) for (name, _), (status, answer) in zip(cases, answers)
                if status is not None and status >= 500]
    assert failures == []
    # Every answer that came is an HTTP answer with the OpenAI error body (or a success).
    for (name, _), (status, answer) in zip(cases, answers):
        if status is None or status < 400:
            continue
        body = answer.partition(b"\r\n\r\n")[2]
        parsed = json.loads(body)
        assert set(parsed["error"]) == {"message", "type", "param", "code"}, name
    unanswered = [name for (name, _), (status, _) in zip(cases, answers) if status is None]
    assert unanswered == [], "closed without an answer"
    status, answer = send(server.port, head("GET", "/v1/models", "\r\n"))
    assert status == 200, answer[:300]


def test_parser_errors_are_400_with_the_openai_body(server):
    raw = head("POST", "/v1/fine_tuning/jobs", "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n") + b"zz\r\n{}\r\n0\r\n\r\n"
    status, answer = send(server.port, raw)
    assert status == 400
    error = json.loads(answer.partition(b"\r\n\r\n")[2])["error"]
    assert error["code"] == "invalid_http_request" and "chunk" in error["message"]
    status, answer = send(server.port, head("GET", "/v1/models", "X-Big: " + "a" * 100_000 + "\r\n\r\n"))
    assert status == 431
    body = b"[" * 100_000
    status, answer = send(server.port, head("POST", "/v1/fine_tuning/jobs", f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n") + body)
    assert status == 400 and b"levels deep" in answer


def test_idle_and_slowloris_connections_are_closed(server):
    silent = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
    slow = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(5)]
    started = time.monotonic()
    for connection in slow:
        connection.sendall(b"GET /v1/models HTTP/1.1\r\nHost: x\r\n")
    closed_at = {}
    while time.monotonic() - started < IDLE + 6 and len(closed_at) < len(silent) + len(slow):
        for index, connection in enumerate(silent + slow):
            if index in closed_at:
                continue
            connection.setblocking(False)
            try:
                if index >= len(silent):
                    connection.sendall(b"X-Slow: 1\r\n")  # one more header line, never the end
                if connection.recv(1024) == b"":
                    closed_at[index] = time.monotonic() - started
            except BlockingIOError:
                pass
            except (ConnectionResetError, BrokenPipeError):
                closed_at[index] = time.monotonic() - started
        time.sleep(0.25)
    for connection in silent + slow:
        connection.close()
    assert len(closed_at) == len(silent) + len(slow), f"still open after {IDLE + 6} s: {len(silent) + len(slow) - len(closed_at)}"
    assert max(closed_at.values()) <= IDLE + 3


def test_http10_without_keep_alive_is_closed_after_its_answer(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(b"GET /v1/models HTTP/1.0\r\nAuthorization: Bearer " + KEY.encode() + b"\r\n\r\n")
        answer, started = b"", time.monotonic()
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200")
        assert time.monotonic() - started < IDLE  # closed by the server after answering, not by the idle timeout


def test_head_answers_wherever_get_does(server):
    for path in ["/v1/models", "/v1/files", "/v1/fine_tuning/jobs", "/_rftsim/clock", "/_rftsim/state"]:
        _, get_answer = send(server.port, head("GET", path, "\r\n"))
        status, answer = send(server.port, head("HEAD", path, "\r\n"), timeout=3)
        assert status == 200, (path, answer[:200])
        header, _, body = answer.partition(b"\r\n\r\n")
        assert body == b""
        get_body = get_answer.partition(b"\r\n\r\n")[2]
        assert f"content-length: {len(get_body)}".encode() in header.lower()
    status, _ = send(server.port, head("HEAD", "/v1/fine_tuning/alpha/graders/run", "\r\n"), timeout=3)
    assert status == 405


def test_control_token_is_required_when_set():
    with Server.start(extra_args=["--control-token", "s3cret"]) as running:
        with pytest.raises(ControlError) as missing:
            Control(running.url).clock()
        assert missing.value.status == 401 and missing.value.body["error"]["code"] == "control_token_required"
        with pytest.raises(ControlError) as wrong:
            Control(running.url, control_token="guess").clock()
        assert wrong.value.status == 403
        assert Control(running.url, control_token="s3cret").clock()["mode"] == "virtual"
        # The /v1 API is unaffected.
        status, _ = send(running.port, head("GET", "/v1/models", "\r\n"))
        assert status == 200


def test_binding_beyond_loopback_without_a_token_warns():
    with Server.start(host="0.0.0.0") as running:
        time.sleep(0.2)
        assert "has no token" in running.stderr()


def test_sigterm_with_a_sleeping_grader_exits_within_5_seconds():
    sleeper = {"type": "python", "name": "sleeps", "source": "import time\ndef grade(sample, item):\n    time.sleep(100)\n    return 1.0\n"}
    body = json.dumps({"grader": sleeper, "model_sample": "x", "item": {}}).encode()
    with Server.start() as running:
        connection = socket.create_connection(("127.0.0.1", running.port), timeout=30)
        connection.sendall(head("POST", "/v1/fine_tuning/alpha/graders/run",
                                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n") + body)
        time.sleep(2)  # the grader is sleeping now
        started = time.monotonic()
        status = running.stop(timeout=30)
        elapsed = time.monotonic() - started
        answer = connection.recv(65536)
        connection.close()
    assert status == 0
    assert elapsed < 5, f"shutdown took {elapsed:.1f} s"
    assert answer.startswith(b"HTTP/1.1 200")  # the grader's server error, answered before exiting
