"""Tests written as a user of the plugin writes them: code that drives fine-tuning jobs through the
official openai client, against `rftsim serve`."""

import openai
import pytest

from rftsim import failing_at_step, jsonl

MODEL = "o4-mini-2025-04-16"
GRADER = {"type": "string_check", "name": "exact", "operation": "eq",
          "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}


def sums(start, stop):
    return [{"messages": [{"role": "user", "content": f"What is {i} + {i}? Answer with the number only."}],
             "answer": str(2 * i)} for i in range(start, stop)]


def start_job(client, **options):
    """What the code under test would do: upload the files, create an RFT job."""
    training = client.files.create(file=("train.jsonl", jsonl(sums(0, 16))), purpose="fine-tune")
    validation = client.files.create(file=("valid.jsonl", jsonl(sums(16, 20))), purpose="fine-tune")
    method = {"type": "reinforcement", "reinforcement": {
        "grader": GRADER, "hyperparameters": {"n_epochs": 2, "batch_size": 4, "eval_interval": 2}}}
    return client.fine_tuning.jobs.create(model=MODEL, training_file=training.id, validation_file=validation.id,
                                          method=method, **options)


def test_a_job_runs_to_success(rftsim):
    job = start_job(rftsim.client)
    assert job.status == "validating_files"

    job = rftsim.advance_until(job, "succeeded")

    assert job.fine_tuned_model.startswith(f"ft:{MODEL}:")
    checkpoints = rftsim.client.fine_tuning.jobs.checkpoints.list(job.id)
    assert 1 <= len(checkpoints.data) <= 3
    assert rftsim.control.billing()["total"] > 0


def test_a_job_fails_at_step_3(rftsim):
    job = start_job(rftsim.client, metadata=failing_at_step(3, message="GPU lost"))

    job = rftsim.advance_until(job, "failed")

    assert job.error.code == "server_error" and job.error.message == "GPU lost"
    events = list(rftsim.client.fine_tuning.jobs.list_events(job.id, limit=100))
    steps = [event.data["step"] for event in events if event.type == "metrics"]
    assert sorted(steps) == [1, 2]


def test_a_running_job_is_made_to_fail(rftsim):
    job = start_job(rftsim.client)
    rftsim.advance_until(job, "running", step=30)
    rftsim.fail_at_step(job, 4, code="internal_error")

    with pytest.raises(AssertionError, match="failed: internal_error"):
        rftsim.advance_until(job, "succeeded")


@pytest.mark.rftsim_rate_limit("POST /v1/fine_tuning/jobs", count=2, retry_after=1)
def test_a_429_burst_is_retried(rftsim):
    job = start_job(rftsim.client)  # the client retries twice (its default max_retries is 2)

    assert job.status == "validating_files"
    assert [r["status"] for r in rftsim.requests("/v1/fine_tuning/jobs")] == [429, 429, 200]


def test_without_retries_the_429_reaches_the_caller(rftsim):
    rftsim.rate_limit("POST /v1/fine_tuning/jobs", count=1)
    client = rftsim.openai_client(max_retries=0)

    with pytest.raises(openai.RateLimitError):
        start_job(client)


@pytest.mark.rftsim_instant
def test_the_tuned_model_answers(rftsim):
    job = start_job(rftsim.client)
    assert job.status == "succeeded"  # instant clock: done at creation

    completion = rftsim.client.chat.completions.create(
        model=job.fine_tuned_model, messages=[{"role": "user", "content": "What is 3 + 3? Answer with the number only."}])

    assert completion.choices[0].message.content.strip().isdigit()


def test_each_test_starts_from_an_empty_server(rftsim):
    assert list(rftsim.client.fine_tuning.jobs.list()) == []
    assert rftsim.control.clock()["mode"] == "virtual"
    assert rftsim.control.faults() == []
