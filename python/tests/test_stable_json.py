"""Two fresh `rftsim serve` processes answer the same requests with the same bytes (issue 13, item 8).

Swift's `JSONEncoder` on Linux writes a keyed container's keys in an order that changes from one
process to the next; every route must give the same bytes anyway.
"""

import http.client
import json

from rftsim import Server

KEY = "sk-rftsim-stable"
GRADER = {"type": "multi", "graders": {
    "exact": {"type": "string_check", "name": "exact", "operation": "eq", "input": "{{sample.output_text}}", "reference": "{{item.answer}}"},
    "fuzzy": {"type": "text_similarity", "name": "fuzzy", "evaluation_metric": "fuzzy_match", "input": "{{sample.output_text}}", "reference": "{{item.answer}}"},
}, "calculate_output": "0.5 * exact + 0.5 * fuzzy"}

FLOW = [
    ("GET", "/_rftsim/clock", None),
    ("GET", "/_rftsim/organization", None),
    ("PUT", "/_rftsim/organization", {"verified": True, "data_sharing": True}),
    ("POST", "/_rftsim/clock/advance", {"seconds": 3600}),
    ("GET", "/_rftsim/price-sheet", None),
    ("POST", "/_rftsim/faults", [{"route": "GET /v1/models", "status": 503, "count": 1, "retry_after": 2}]),
    ("GET", "/_rftsim/faults", None),
    ("POST", "/v1/fine_tuning/alpha/graders/run", {"grader": GRADER, "model_sample": "4", "item": {"answer": "4"}}),
    ("POST", "/v1/fine_tuning/alpha/graders/validate", {"grader": GRADER}),
    ("GET", "/_rftsim/billing", None),
    ("GET", "/_rftsim/state", None),
    ("GET", "/v1/models", None),
]


def run_flow(port):
    answers = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for method, path, body in FLOW:
        headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
        connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = connection.getresponse()
        answers.append((method, path, response.status, response.read()))
    connection.close()
    return answers


def test_two_fresh_servers_answer_the_same_bytes():
    with Server.start() as first:
        one = run_flow(first.port)
    with Server.start() as second:
        other = run_flow(second.port)
    for (method, path, status, body), (_, _, other_status, other_body) in zip(one, other):
        assert status == other_status, f"{method} {path}"
        assert body == other_body, f"{method} {path}:\n{body[:400]!r}\n{other_body[:400]!r}"
