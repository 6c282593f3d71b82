"""A python grader's work stops when nobody waits for it (issue 13, items 2 and 5).

- `graders/run` with a sleeping grader, then the client disconnects: the sandboxed worker's
  process tree is killed within a bound, and the next call works.
- An RFT job whose python grader sleeps is cancelled: the cancel answers at once and the worker
  is killed.
(SIGTERM with a grader in flight is `test_hostile_http.py::test_sigterm_with_a_sleeping_grader_exits_within_5_seconds`.)
"""

from __future__ import annotations

import json
import os
import socket
import time
from typing import List

import pytest

from rftsim import Server, jsonl

KEY = "sk-rftsim-cancel"
SLEEPER = {"type": "python", "name": "sleeps",
           "source": "import time\ndef grade(sample, item):\n    time.sleep(300)\n    return 1.0\n"}
# A job's grader must read the reference answer (the answer space is inferred from it).
JOB_SLEEPER = {"type": "python", "name": "sleeps",
               "source": "import time\ndef grade(sample, item):\n    time.sleep(300)\n    return float(sample['output_text'] == item['answer'])\n"}
TRIVIAL = {"type": "python", "name": "one", "source": "def grade(sample, item):\n    return 1.0\n"}
BOUND = 10.0  # seconds within which the worker must be gone (it is about 0.1 s)


def descendants(pid: int) -> List[int]:
    """Every process below `pid` (from /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def sleeping_workers(pid: int) -> List[int]:
    """The server's descendants running the worker (its command line holds the worker script)."""
    result = []
    for child in descendants(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                text = cmdline.read()
        except OSError:
            continue
        if b"python" in text and b"bwrap" not in text.split(b"\0")[0]:
            result.append(child)
    return result


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def post_raw(port: int, path: str, body: dict) -> socket.socket:
    data = json.dumps(body).encode()
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    connection.sendall((f"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {KEY}\r\n"
                        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data)
    return connection


@pytest.fixture()
def server():
    with Server.start() as running:
        yield running


def test_a_disconnect_kills_the_sleeping_grader_and_the_next_call_works(server):
    pid = server.process.pid
    connection = post_raw(server.port, "/v1/fine_tuning/alpha/graders/run",
                          {"grader": SLEEPER, "model_sample": "x", "item": {}})
    assert wait_for(lambda: sleeping_workers(pid), 30), "the worker did not start"
    connection.close()
    assert wait_for(lambda: not sleeping_workers(pid), BOUND), \
        f"the worker is still running {BOUND} s after the client left: {sleeping_workers(pid)}"
    answer = server.control.request("POST", "/v1/fine_tuning/alpha/graders/run",
                                    {"grader": TRIVIAL, "model_sample": "x", "item": {}}, api_key=KEY)
    assert answer["reward"] == 1.0, answer


def test_cancelling_a_job_kills_its_sleeping_grader(server):
    pid = server.process.pid
    client = server.openai_client(api_key=KEY)
    rows = [{"messages": [{"role": "user", "content": f"What is {i} + {i}?"}], "answer": str(2 * i)} for i in range(12)]
    training = client.files.create(file=("train.jsonl", jsonl(rows)), purpose="fine-tune")
    method = {"type": "reinforcement", "reinforcement": {"grader": JOB_SLEEPER, "hyperparameters": {"n_epochs": 1}}}
    job = client.fine_tuning.jobs.create(model="o4-mini-2025-04-16", training_file=training.id, method=method)
    assert wait_for(lambda: sleeping_workers(pid), 30), "the job's grader did not start"
    started = time.monotonic()
    cancelled = client.fine_tuning.jobs.cancel(job.id)
    assert cancelled.status == "cancelled"
    assert time.monotonic() - started < 60, "the cancel waited for the grader"
    assert wait_for(lambda: not sleeping_workers(pid), BOUND), "the job's grader is still running after the cancel"
    assert client.fine_tuning.jobs.retrieve(job.id).status == "cancelled"
