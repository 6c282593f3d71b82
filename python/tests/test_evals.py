"""The Evals API as notebooks drive it through the official openai client: an eval with a custom data
source and a string_check criterion, a jsonl run, a completions run over a tuned model, and the eval an
RFT job creates (a run per validation step). Responses are validated with the SDK's strict mode; where
the platform sends `error: null` on runs and samples (the spec's own examples do, its schema says an
object: docs/PROVIDER.md), that one field is set aside before strict validation."""

import pytest
from openai._models import validate_type
from openai.types.evals.run_retrieve_response import RunRetrieveResponse
from openai.types.evals.runs.output_item_retrieve_response import OutputItemRetrieveResponse

from rftsim import jsonl

MODEL = "o4-mini-2025-04-16"
CRITERION = {"type": "string_check", "name": "exact", "operation": "eq",
             "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}
ITEM_SCHEMA = {"type": "object", "properties": {"question": {"type": "string"}, "answer": {"type": "string"}},
               "required": ["question", "answer"]}


def sums(start, stop):
    return [{"question": f"What is {i} + {i}? Answer with the number only.", "answer": str(2 * i)} for i in range(start, stop)]


@pytest.fixture
def strict(spec_checked_client):
    """The SDK in strict mode, every response also validated against the official OpenAPI document."""
    return spec_checked_client


def strictly_valid(model, raw):
    """Validates a run or output item with the SDK's types, the documented `error: null` aside."""
    data = dict(raw)
    if data.get("error") is None and "error" in data:
        data["error"] = {"code": "", "message": ""}
    if isinstance(data.get("sample"), dict) and data["sample"].get("error") is None:
        data["sample"] = {**data["sample"], "error": {"code": "", "message": ""}}
    return validate_type(type_=model, value=data)


def create_eval(client):
    return client.evals.create(
        name="sums", metadata={"team": "evals"},
        data_source_config={"type": "custom", "item_schema": ITEM_SCHEMA, "include_sample_schema": True},
        testing_criteria=[CRITERION])


def poll_run(rftsim, eval_id, run_id, step=60, limit=100):
    for _ in range(limit):
        raw = rftsim.client.evals.runs.with_raw_response.retrieve(run_id, eval_id=eval_id).http_response.json()
        run = strictly_valid(RunRetrieveResponse, raw)
        if run.status in ("completed", "failed", "canceled"):
            return run
        rftsim.control.advance(step)
    raise AssertionError(f"run {run_id} did not finish")


def output_items(rftsim, eval_id, run_id):
    items = list(rftsim.client.evals.runs.output_items.list(run_id, eval_id=eval_id, limit=100))
    for item in items:
        raw = rftsim.client.evals.runs.output_items.with_raw_response.retrieve(
            item.id, eval_id=eval_id, run_id=run_id).http_response.json()
        strictly_valid(OutputItemRetrieveResponse, raw)
    return items


def test_an_eval_with_a_jsonl_run(rftsim, strict):
    client = strict
    evaluation = create_eval(client)
    assert evaluation.data_source_config.type == "custom"
    assert client.evals.retrieve(evaluation.id).name == "sums"
    assert [e.id for e in client.evals.list()] == [evaluation.id]

    rows = [{"item": item, "sample": {"output_text": item["answer"] if i % 2 == 0 else "?"}} for i, item in enumerate(sums(0, 6))]
    # Not the strict client: the SDK's FileObject.purpose has no "evals", which the platform echoes.
    data = rftsim.client.files.create(file=("rows.jsonl", jsonl(rows)), purpose="evals")
    run = rftsim.client.evals.runs.create(evaluation.id, name="given answers",
                                          data_source={"type": "jsonl", "source": {"type": "file_id", "id": data.id}})
    assert run.status == "queued"

    run = poll_run(rftsim, evaluation.id, run.id)

    assert run.status == "completed"
    assert (run.result_counts.total, run.result_counts.passed, run.result_counts.failed) == (6, 3, 3)
    assert run.per_testing_criteria_results[0].testing_criteria.startswith("exact-")
    items = output_items(rftsim, evaluation.id, run.id)
    assert [item.status for item in items] == ["pass", "fail"] * 3
    assert items[0].results[0].passed and items[0].datasource_item["answer"] == "0"
    assert client.evals.update(evaluation.id, name="renamed").name == "renamed"


def test_malformed_criteria_are_refused_with_the_path(rftsim):
    import openai
    bad = {**CRITERION, "reference": "{{item.answr}}"}
    with pytest.raises(openai.BadRequestError) as refused:
        rftsim.client.evals.create(data_source_config={"type": "custom", "item_schema": ITEM_SCHEMA},
                                   testing_criteria=[CRITERION, bad])
    assert refused.value.param == "testing_criteria[1].reference"
    assert list(rftsim.client.evals.list()) == []


def start_job(client):
    training = client.files.create(file=("train.jsonl", jsonl(
        [{"messages": [{"role": "user", "content": row["question"]}], "answer": row["answer"]} for row in sums(0, 16)])), purpose="fine-tune")
    validation = client.files.create(file=("valid.jsonl", jsonl(
        [{"messages": [{"role": "user", "content": row["question"]}], "answer": row["answer"]} for row in sums(16, 20)])), purpose="fine-tune")
    method = {"type": "reinforcement", "reinforcement": {
        "grader": CRITERION, "hyperparameters": {"n_epochs": 2, "batch_size": 4, "eval_interval": 2, "eval_samples": 3}}}
    return client.fine_tuning.jobs.create(model=MODEL, training_file=training.id, validation_file=validation.id, method=method)


def test_a_completions_run_over_a_tuned_model(rftsim, strict):
    rftsim.instant()
    job = start_job(rftsim.client)
    assert job.status == "succeeded"
    client = strict
    evaluation = create_eval(client)

    run = rftsim.client.evals.runs.create(evaluation.id, name="tuned", data_source={
        "type": "completions", "model": job.fine_tuned_model,
        "source": {"type": "file_content", "content": [{"item": row} for row in sums(0, 10)]},
        "input_messages": {"type": "template", "template": [
            {"role": "developer", "content": "Answer with the number only."},
            {"role": "user", "content": "{{item.question}}"}]},
        "sampling_params": {"seed": 42, "temperature": 1.0}})

    run = poll_run(rftsim, evaluation.id, run.id)
    assert run.status == "completed" and run.result_counts.total == 10 and run.result_counts.errored == 0
    assert run.per_model_usage[0].run_model_name == job.fine_tuned_model
    items = output_items(rftsim, evaluation.id, run.id)
    assert all(item.sample.output[0].content is not None for item in items)
    assert items[3].sample.input[1].content == "What is 3 + 3? Answer with the number only."


def test_a_jobs_eval_has_a_run_per_validation_step(rftsim, strict):
    job = start_job(rftsim.client)
    job = rftsim.advance_until(job, "succeeded", step=3600)
    eval_id = job.model_extra["eval_id"]

    evaluation = strict.evals.retrieve(eval_id)
    runs = list(rftsim.client.evals.runs.list(eval_id, limit=100))

    assert evaluation.metadata["fine_tuning_job_id"] == job.id
    steps = sorted(int(run.metadata["step"]) for run in runs)
    assert steps == list(range(2, steps[-1] + 1, 2)) and len(steps) >= 2
    for run in runs:
        assert run.status == "completed" and run.result_counts.total == 4 * 3  # 4 validation items, eval_samples 3
        items = output_items(rftsim, eval_id, run.id)
        assert all(item.sample.output[0].content is not None and len(item.results) == 1 for item in items)
