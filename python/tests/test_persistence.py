"""`rftsim serve --state DIR` keeps files, jobs, events, checkpoints, the clock, the organisation
and bills across a restart, after SIGTERM and after SIGKILL (issue 13, item 7)."""

import http.client
import json
import time

from rftsim import Server

KEY = "sk-rftsim-persist"
GRADER = {"type": "string_check", "name": "exact", "operation": "eq",
          "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}


def call(port, method, path, body=None, content_type="application/json"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {KEY}"}
    if body is not None:
        headers["Content-Type"] = content_type
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    assert response.status < 400, (method, path, response.status, data[:300])
    return data


def upload(port, name, lines):
    boundary = "persistboundary"
    content = "\n".join(json.dumps(line) for line in lines) + "\n"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/jsonl\r\n\r\n{content}\r\n--{boundary}--\r\n").encode()
    return json.loads(call(port, "POST", "/v1/files", body, f"multipart/form-data; boundary={boundary}"))["id"]


def rft_lines(start, stop):
    return [{"messages": [{"role": "user", "content": f"What is {i} + {i}?"}], "answer": str(2 * i)} for i in range(start, stop)]


def make_state(port):
    call(port, "PUT", "/_rftsim/organization", {"data_sharing": True})
    training = upload(port, "train.jsonl", rft_lines(0, 12))
    validation = upload(port, "valid.jsonl", rft_lines(12, 16))
    sft = upload(port, "sft.jsonl", [{"messages": [{"role": "user", "content": f"Say {i}"}, {"role": "assistant", "content": str(i)}]} for i in range(12)])
    rft = {"model": "o4-mini-2025-04-16", "training_file": training, "validation_file": validation,
           "method": {"type": "reinforcement", "reinforcement": {"grader": GRADER, "hyperparameters": {"n_epochs": 1, "batch_size": 4}}}}
    first = json.loads(call(port, "POST", "/v1/fine_tuning/jobs", rft))["id"]
    second = json.loads(call(port, "POST", "/v1/fine_tuning/jobs", {"model": "gpt-4.1-nano-2025-04-14", "training_file": sft}))["id"]
    call(port, "POST", "/_rftsim/clock/advance", {"seconds": 200})
    call(port, "POST", f"/v1/fine_tuning/jobs/{second}/cancel")
    call(port, "POST", "/_rftsim/clock/advance", {"seconds": 100_000})
    third = json.loads(call(port, "POST", "/v1/fine_tuning/jobs", rft))["id"]
    call(port, "POST", "/_rftsim/clock/advance", {"seconds": 150})
    return [first, second, third]


def snapshot(port, jobs):
    paths = ["/v1/files", "/v1/fine_tuning/jobs?limit=100", "/_rftsim/billing", "/_rftsim/clock",
             "/_rftsim/organization", "/v1/models"]
    for job in jobs:
        paths += [f"/v1/fine_tuning/jobs/{job}", f"/v1/fine_tuning/jobs/{job}/events?limit=1000",
                  f"/v1/fine_tuning/jobs/{job}/checkpoints?limit=100"]
    answers = {path: call(port, "GET", path) for path in paths}
    for file in json.loads(answers["/v1/files"])["data"]:
        answers[file["id"] + "/content"] = call(port, "GET", f"/v1/files/{file['id']}/content")
    return answers


def test_state_survives_sigterm_and_sigkill(tmp_path):
    state = ["--state", str(tmp_path / "state")]
    with Server.start(extra_args=state) as server:
        jobs = make_state(server.port)
        before = snapshot(server.port, jobs)
        server.process.kill()  # SIGKILL: nothing written at exit
        server.process.wait()
    with Server.start(extra_args=state) as server:
        after_kill = snapshot(server.port, jobs)
        assert "restored" in server.stderr()
    for path in before:
        assert after_kill[path] == before[path], path
    with Server.start(extra_args=state) as server:
        assert server.stop() == 0  # SIGTERM
    with Server.start(extra_args=state) as server:
        after_term = snapshot(server.port, jobs)
    for path in before:
        assert after_term[path] == before[path], path


def test_a_reset_starts_the_journal_over(tmp_path):
    state = ["--state", str(tmp_path / "state")]
    with Server.start(extra_args=state) as server:
        make_state(server.port)
        call(server.port, "POST", "/_rftsim/reset")
        empty = snapshot(server.port, [])
    with Server.start(extra_args=state) as server:
        assert snapshot(server.port, []) == empty
        assert json.loads(call(server.port, "GET", "/v1/files"))["data"] == []


def test_export_and_import_carry_the_state_to_another_server(tmp_path):
    with Server.start(extra_args=["--state", str(tmp_path / "a")]) as first:
        jobs = make_state(first.port)
        before = snapshot(first.port, jobs)
        exported = call(first.port, "GET", "/_rftsim/state?format=journal")
    with Server.start(extra_args=["--state", str(tmp_path / "b")]) as second:
        answer = json.loads(call(second.port, "POST", "/_rftsim/state", exported, "application/x-ndjson"))
        assert answer["replayed"] == len(exported.splitlines())
        assert snapshot(second.port, jobs) == before
    with Server.start(extra_args=["--state", str(tmp_path / "b")]) as again:
        assert snapshot(again.port, jobs) == before


def test_export_needs_a_state_directory():
    with Server.start() as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/_rftsim/state?format=journal")
        response = connection.getresponse()
        body = json.loads(response.read())
        assert response.status == 409 and body["error"]["code"] == "no_state_directory"
