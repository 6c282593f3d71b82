"""Every recorded response of the HTTP replay corpus validates against the official OpenAPI document.

The corpus (Tests/MockServerTests/Corpus/http-flows.jsonl) is what the server answers, byte for byte (the Swift
HTTPReplayTests check that); here each of its responses on a route of the document is validated against the
schema of its route and status, minus the platform-vs-spec differences listed in docs/PROVIDER.md
("Spec validation"). The document is data/openapi/openai-openapi.reduced.json (scripts/reduce-openapi).
"""
import copy
import json

import pytest

from openapi_shapes import PLATFORM_DIFFERENCES, REPO, SpecValidator, describe

CORPUS = REPO / "Tests" / "MockServerTests" / "Corpus" / "http-flows.jsonl"


@pytest.fixture(scope="module")
def spec():
    return SpecValidator()


def corpus_entries():
    with CORPUS.open() as lines:
        for number, line in enumerate(lines, start=1):
            entry = json.loads(line)
            method, target = entry["request"].split(" ", 1)
            yield number, method, target, entry


def recorded(spec, method, prefix, status=200):
    """The body of the first recorded response to `method` on a target starting with `prefix`."""
    for _, entry_method, target, entry in corpus_entries():
        if entry_method == method and target.startswith(prefix) and entry["status"] == status:
            return json.loads(entry["body"])
    raise AssertionError(f"no recorded {method} {prefix} {status}")


def test_every_recorded_response_on_a_spec_route_validates(spec):
    checked, families, problems = 0, set(), []
    for number, method, target, entry in corpus_entries():
        content_type = entry["headers"].get("content-type", "application/json")
        errors = spec.errors(method, target, entry["status"], entry["body"], content_type)
        if errors is None:
            continue
        checked += 1
        families.add(target.split("?")[0].split("/")[2])
        problems += [f"line {number}: {entry['request']} {entry['status']}: {describe(error)}" for error in errors]
    assert not problems, "responses that break the spec:\n" + "\n".join(problems[:40])
    assert checked >= 100, checked
    assert {"files", "fine_tuning", "models", "chat", "responses", "evals"} <= families, families


def test_the_reduced_document_names_its_source(spec):
    source = spec.document["info"]["x-source"]
    assert len(source["commit"]) == 40 and "MIT" in source["licence"]
    for route in ("/fine_tuning/jobs", "/fine_tuning/alpha/graders/run", "/files", "/evals/{eval_id}/runs",
                  "/models/{model}", "/chat/completions", "/responses"):
        assert route in spec.document["paths"], route


def test_a_response_that_breaks_its_schema_fails(spec):
    """The check is not vacuous: responses broken in ways a strict client would reject are caught."""
    file_object = recorded(spec, "POST", "/v1/files")
    assert spec.errors("POST", "/v1/files", 200, file_object) == []
    without_id = copy.deepcopy(file_object)
    del without_id["id"]
    assert [error.validator for error in spec.errors("POST", "/v1/files", 200, without_id)] == ["required"]
    wrong_bytes = dict(file_object, bytes="1218")
    assert [list(error.absolute_path) for error in spec.errors("POST", "/v1/files", 200, wrong_bytes)] == [["bytes"]]

    job = recorded(spec, "GET", "/v1/fine_tuning/jobs/ftjob-")
    target = f"/v1/fine_tuning/jobs/{job['id']}"
    assert spec.errors("GET", target, 200, job) == []
    assert spec.errors("GET", target, 200, dict(job, status="paused")) == []  # a documented difference
    assert spec.errors("GET", target, 200, dict(job, status="halted"))  # not one
    auto_effort = copy.deepcopy(job)
    method = auto_effort["method"].setdefault(auto_effort["method"]["type"], {})
    method.setdefault("hyperparameters", {})["reasoning_effort"] = "auto"
    if auto_effort["method"]["type"] == "reinforcement":
        assert spec.errors("GET", target, 200, auto_effort)  # the shape this check found and the provider fixed

    completion = recorded(spec, "POST", "/v1/chat/completions")
    assert spec.errors("POST", "/v1/chat/completions", 200, completion) == []
    bad_usage = copy.deepcopy(completion)
    bad_usage["usage"]["completion_tokens"] = "12"
    assert spec.errors("POST", "/v1/chat/completions", 200, bad_usage)
    no_choices = {key: value for key, value in completion.items() if key != "choices"}
    assert spec.errors("POST", "/v1/chat/completions", 200, no_choices)

    response = recorded(spec, "POST", "/v1/responses")
    assert spec.errors("POST", "/v1/responses", 200, response) == []
    assert spec.errors("POST", "/v1/responses", 200, dict(response, status="done"))

    error_body = {"error": {"message": "nope", "type": "invalid_request_error", "param": None, "code": None}}
    assert spec.errors("GET", "/v1/files/file-x", 404, error_body) == []
    assert spec.errors("GET", "/v1/files/file-x", 404, {"message": "nope"})


def test_a_null_is_excused_only_where_documented(spec):
    file_object = recorded(spec, "POST", "/v1/files")
    assert spec.errors("POST", "/v1/files", 200, dict(file_object, expires_at=None)) == []
    assert spec.errors("POST", "/v1/files", 200, dict(file_object, created_at=None))
    assert spec.errors("POST", "/v1/files", 200, dict(file_object, expires_at="never"))
    assert {difference.name for difference in PLATFORM_DIFFERENCES} >= {
        "paused status", "multi graders as a map", "null expires_at"}
