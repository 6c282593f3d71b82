"""Inference as real client code does it, with the official openai client in strict response
validation: baselines on base models before tuning, LLM-as-judge calls, streaming (chat and
responses), and deleting tuned models."""

import json
import math

import openai
import pytest

from rftsim import jsonl

MODEL = "o4-mini-2025-04-16"
GRADER = {"type": "string_check", "name": "exact", "operation": "eq",
          "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}


def sums(start, stop):
    return [{"messages": [{"role": "user", "content": f"What is {i} + {i}? Answer with the number only."}],
             "answer": str(2 * i)} for i in range(start, stop)]


@pytest.fixture
def client(rftsim):
    """An openai client that checks every response against the SDK's types."""
    strict = rftsim.openai_client(_strict_response_validation=True)
    yield strict
    strict.close()


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
