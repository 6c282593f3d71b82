"""Inference as real client code does it, with the official openai client in strict response
validation: baselines on base models before tuning, LLM-as-judge calls, streaming (chat and
responses), and deleting tuned models."""

import json
import math
import socket
from urllib.parse import urlsplit

import openai
import pytest

from openapi_shapes import stream_event_errors
from rftsim import jsonl

MODEL = "o4-mini-2025-04-16"
GRADER = {"type": "string_check", "name": "exact", "operation": "eq",
          "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}


def sums(start, stop):
    return [{"messages": [{"role": "user", "content": f"What is {i} + {i}? Answer with the number only."}],
             "answer": str(2 * i)} for i in range(start, stop)]


@pytest.fixture
def client(spec_checked_client):
    """An openai client that checks every response against the SDK's types and the official OpenAPI
    document (conftest.py)."""
    return spec_checked_client


def start_job(client, validation_rows):
    training = client.files.create(file=("train.jsonl", jsonl(sums(0, 16))), purpose="fine-tune")
    validation = client.files.create(file=("valid.jsonl", jsonl(validation_rows)), purpose="fine-tune")
    method = {"type": "reinforcement", "reinforcement": {
        "grader": GRADER, "hyperparameters": {"n_epochs": 2, "batch_size": 4, "eval_interval": 2}}}
    return client.fine_tuning.jobs.create(model=MODEL, training_file=training.id, validation_file=validation.id,
                                          method=method)


@pytest.mark.rftsim_instant
def test_a_baseline_on_the_base_model_agrees_with_the_jobs_step_0(rftsim, client):
    rows = sums(16, 24)
    job = start_job(client, rows)
    assert job.status == "succeeded"
    expected = rftsim.control.job_trace(job.id)["initial_valid_reward"]

    # What a notebook does: sample the base model on the validation prompts and grade the answers.
    rewards = []
    for row in rows:
        for seed in range(4):
            completion = client.chat.completions.create(model="o4-mini", messages=row["messages"], n=8, seed=seed)
            rewards += [1.0 if choice.message.content == row["answer"] else 0.0 for choice in completion.choices]
    baseline = sum(rewards) / len(rewards)
    sd = math.sqrt(max(expected * (1 - expected), 1e-12) / len(rewards))
    assert abs(baseline - expected) <= 4 * sd, (baseline, expected, sd)

    # The tuned model is better than its base model on the same prompts.
    assert rftsim.control.job_trace(job.id)["final_valid_reward"] >= expected
    bill = rftsim.control.billing()
    assert any(line["model"] == MODEL and not line["fine_tuned"] for line in bill["inference"])


def test_an_llm_judge_call_gets_a_parsable_score_and_label(client):
    judge = ("Score the response from 1 to 5 against the reference.\n"
             "Reference answer: Water boils at 100 degrees Celsius at sea level.\n"
             "Response: At sea level water boils at 100 degrees Celsius.")
    completion = client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": judge}])
    assert 1 <= float(completion.choices[0].message.content) <= 5
    assert completion.system_fingerprint and completion.usage.prompt_tokens > 0

    schema = {"type": "object", "properties": {"label": {"type": "string", "enum": ["correct", "incorrect"]},
                                               "explanation": {"type": "string"}},
              "required": ["label", "explanation"], "additionalProperties": False}
    response = client.responses.create(
        model="gpt-4o", input="Grade it.\nExpected answer: 12\nAnswer: 13",
        text={"format": {"type": "json_schema", "name": "grade", "schema": schema, "strict": True}})
    assert json.loads(response.output_text)["label"] == "incorrect"
    assert response.usage.input_tokens_details.cache_write_tokens == 0
    assert response.metadata == {}


def test_chat_streams_chunks_that_rebuild_the_answer(client):
    messages = [{"role": "user", "content": "Describe a river in one sentence."}]
    whole = client.chat.completions.create(model="gpt-4.1-mini", messages=messages, seed=3)
    stream = client.chat.completions.create(model="gpt-4.1-mini", messages=messages, seed=3, stream=True,
                                            stream_options={"include_usage": True})
    chunks = list(stream)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert text == whole.choices[0].message.content
    assert [chunk.choices[0].finish_reason for chunk in chunks if chunk.choices][-1] == "stop"
    assert chunks[-1].usage.total_tokens == whole.usage.total_tokens


def test_responses_stream_with_the_sdk_helper(client):
    whole = client.responses.create(model="gpt-4.1-nano", input="Name three colours.")
    kinds = []
    with client.responses.stream(model="gpt-4.1-nano", input="Name three colours.") as stream:
        for event in stream:
            kinds.append(event.type)
        final = stream.get_final_response()
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert "response.output_text.delta" in kinds
    assert final.output_text == whole.output_text and final.output_text


def post_over_socket(rftsim, path, body):
    """POSTs `body` over a plain socket and returns the response's head (lower-cased names) and its body
    chunks as the HTTP/1.1 chunked framing delivered them (decoded by hand, one entry per chunk)."""
    url = urlsplit(rftsim.base_url)
    payload = json.dumps(body).encode()
    with socket.create_connection((url.hostname, url.port), timeout=30) as connection:
        connection.sendall((f"POST {url.path}{path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
                            f"Authorization: Bearer {rftsim.api_key}\r\nContent-Type: application/json\r\n"
                            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode() + payload)
        received = b""
        while True:
            data = connection.recv(65536)
            if not data:
                break
            received += data
    head, _, rest = received.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
    assert lines[0].startswith("HTTP/1.1 200"), lines[0]
    assert headers.get("transfer-encoding") == "chunked" and "content-length" not in headers, headers
    chunks = []
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        chunks.append(rest[:size].decode())
        assert rest[size:size + 2] == b"\r\n"
        rest = rest[size + 2:]
    return headers, chunks


def test_streams_are_written_event_by_event(rftsim, client, spec_validator):
    """Streamed answers go out as they are written: chunked framing, one server-sent event per chunk, in order,
    each event valid against the spec's stream schema."""
    messages = [{"role": "user", "content": "Describe a mountain in one sentence."}]
    whole = client.chat.completions.create(model="gpt-4.1-mini", messages=messages, seed=5)
    headers, chunks = post_over_socket(rftsim, "/chat/completions",
                                       {"model": "gpt-4.1-mini", "messages": messages, "seed": 5, "stream": True})
    assert headers["content-type"].startswith("text/event-stream")
    assert len(chunks) >= 4 and all(chunk.startswith("data: ") and chunk.endswith("\n\n") and chunk.count("\n\n") == 1
                                    for chunk in chunks), chunks[:3]
    assert chunks[-1] == "data: [DONE]\n\n"
    events = [json.loads(chunk[len("data: "):]) for chunk in chunks[:-1]]
    assert events[0]["choices"][0]["delta"]["role"] == "assistant"
    assert events[-1]["choices"][0]["finish_reason"] == "stop"
    assert "".join(event["choices"][0]["delta"].get("content") or "" for event in events) == whole.choices[0].message.content
    for event in events:
        assert stream_event_errors(spec_validator, "POST", "/v1/chat/completions", event) == []

    _, chunks = post_over_socket(rftsim, "/responses", {"model": "gpt-4.1-nano", "input": "Name two rivers.", "stream": True})
    named = [chunk.split("\n", 2) for chunk in chunks]
    assert all(len(parts) == 3 and parts[0].startswith("event: ") and parts[1].startswith("data: ") for parts in named)
    kinds = [parts[0][len("event: "):] for parts in named]
    events = [json.loads(parts[1][len("data: "):]) for parts in named]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert [event["type"] for event in events] == kinds
    assert [event["sequence_number"] for event in events] == list(range(len(events)))
    for event in events:
        assert stream_event_errors(spec_validator, "POST", "/v1/responses", event) == [], event["type"]
    # A broken event is caught by the same check.
    assert stream_event_errors(spec_validator, "POST", "/v1/responses", dict(events[0], sequence_number="0"))


@pytest.mark.rftsim_instant
def test_a_deleted_tuned_model_stops_answering(rftsim, client):
    job = start_job(client, sums(16, 20))
    model = job.fine_tuned_model
    assert client.chat.completions.create(model=model, messages=sums(3, 4)[0]["messages"]).choices

    deleted = client.models.delete(model)
    assert deleted.deleted and deleted.id == model

    with pytest.raises(openai.NotFoundError):
        client.models.retrieve(model)
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model=model, messages=sums(3, 4)[0]["messages"])
    with pytest.raises(openai.PermissionDeniedError):
        client.models.delete("gpt-4o")


WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather of a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}


def weather_rows(count):
    rows = []
    for i in range(count):
        call = {"id": f"call_{i}", "type": "function",
                "function": {"name": "get_weather", "arguments": json.dumps({"city": f"City{i}"})}}
        rows.append({"messages": [
            {"role": "user", "content": f"What is the weather in City{i}?"},
            {"role": "assistant", "tool_calls": [call]},
            {"role": "tool", "tool_call_id": f"call_{i}", "content": "sunny"},
            {"role": "assistant", "content": f"It is sunny in City{i}."}], "tools": [WEATHER]})
    return rows


@pytest.mark.rftsim_instant
def test_a_function_calling_fine_tune_calls_its_tools(client):
    training = client.files.create(file=("tools.jsonl", jsonl(weather_rows(12))), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4.1-mini", training_file=training.id,
                                         method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}})
    assert job.status == "succeeded", job.error
    messages = [{"role": "user", "content": "What is the weather in City5?"}]

    completion = client.chat.completions.create(model=job.fine_tuned_model, messages=messages, tools=[WEATHER],
                                                tool_choice="required", n=4, seed=1)
    for choice in completion.choices:
        assert choice.finish_reason == "tool_calls"
        call = choice.message.tool_calls[0]
        assert call.function.name == "get_weather" and "city" in json.loads(call.function.arguments)

    # Streamed, the call arrives as tool_calls deltas.
    stream = client.chat.completions.create(model=job.fine_tuned_model, messages=messages, tools=[WEATHER],
                                            tool_choice="required", stream=True)
    names, arguments = [], ""
    for chunk in stream:
        for delta_call in chunk.choices[0].delta.tool_calls or []:
            if delta_call.function.name:
                names.append(delta_call.function.name)
            arguments += delta_call.function.arguments or ""
    assert names == ["get_weather"] and json.loads(arguments)

    response = client.responses.create(model=job.fine_tuned_model, input="What is the weather in City5?",
                                       tools=[{"type": "function", **WEATHER["function"]}], tool_choice="required")
    call = response.output[0]
    assert call.type == "function_call" and call.name == "get_weather" and call.call_id
