#!/usr/bin/env python3
"""End-to-end flows of the official `openai` Python client against `rftsim serve`.

Usage: openai_flows.py BASE_URL [rft|sft|all]

BASE_URL is the server's root (http://127.0.0.1:PORT). Each flow resets the server, drives a whole
fine-tuning job through the client's own methods (upload, create, list with pagination, clock
advances through the control API, polling, events, checkpoints, graders, pause/resume, cancel,
error cases, retries under a fault schedule, the tuned model answering) and checks what it gets.
Prints one line per check and a final JSON summary; exits 1 on the first failed check.
"""
import json
import sys
import time
import urllib.error
import urllib.request

import openai
from openai import OpenAI

BASE = sys.argv[1].rstrip("/")
WHICH = sys.argv[2] if len(sys.argv) > 2 else "all"
client = OpenAI(base_url=BASE + "/v1", api_key="sk-rftsim-e2e", max_retries=3, timeout=60)
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        print(f"FAIL: {what}", flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def control(method, path, body=None):
    """Calls the control API (no key needed) and returns (status, parsed JSON)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def post(path, body=None):
    status, answer = control("POST", path, body or {})
    check(status == 200, f"POST {path} -> {status} {str(answer)[:200]}")
    return answer


def get(path):
    status, answer = control("GET", path)
    check(status == 200, f"GET {path} -> {status}")
    return answer


def advance(seconds):
    return post("/_rftsim/clock/advance", {"seconds": seconds})


def jsonl(rows):
    return ("\n".join(json.dumps(row) for row in rows) + "\n").encode()


GRADER = {"type": "string_check", "name": "exact_answer", "operation": "eq",
          "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}


def arithmetic(start, stop):
    return [{"messages": [{"role": "user", "content": f"What is {i} + {i}? Answer with the number only."}],
             "answer": str(2 * i)} for i in range(start, stop)]


def reinforcement_method(**hyper):
    hyperparameters = {"n_epochs": 2, "batch_size": 4, "eval_interval": 2, "eval_samples": 2}
    hyperparameters.update(hyper)
    return {"type": "reinforcement", "reinforcement": {"grader": GRADER, "hyperparameters": hyperparameters}}


def poll(job_id, until, step=600, limit=500):
    for _ in range(limit):
        job = client.fine_tuning.jobs.retrieve(job_id)
        if job.status in until:
            return job
        advance(step)
    raise AssertionError(f"{job_id} never reached {until}")


def server_seconds():
    log = get("/_rftsim/requests")
    entries = log["data"] if isinstance(log, dict) else log
    return round(sum(entry.get("duration") or 0 for entry in entries), 4)


def rft_flow():
    post("/_rftsim/reset")
    post("/_rftsim/clock", {"mode": "virtual"})
    training = client.files.create(file=("train.jsonl", jsonl(arithmetic(0, 16))), purpose="fine-tune")
    validation = client.files.create(file=("valid.jsonl", jsonl(arithmetic(16, 20))), purpose="fine-tune")
    check(training.status == "processed" and training.bytes > 0, "upload training file")
    check(client.files.retrieve(validation.id).filename == "valid.jsonl", "retrieve file")

    # Graders: validate echoes, run scores.
    validated = client.fine_tuning.alpha.graders.validate(grader=GRADER)
    check(validated.grader is not None, "graders.validate echoes the grader")
    run = client.fine_tuning.alpha.graders.run(grader=GRADER, model_sample="8", item={"answer": "8"})
    check(run.reward == 1.0, f"graders.run rewards a match ({run.reward})")
    run = client.fine_tuning.alpha.graders.run(grader=GRADER, model_sample="9", item={"answer": "8"})
    check(run.reward == 0.0, "graders.run gives 0 to a miss")

    # Create three jobs, list them two at a time.
    jobs = [client.fine_tuning.jobs.create(model="o4-mini-2025-04-16", training_file=training.id,
                                           validation_file=validation.id, method=reinforcement_method(),
                                           metadata={"flow": "rft", "n": str(n)}, seed=7 + n)
            for n in range(3)]
    check(all(job.status == "validating_files" for job in jobs), "new jobs start in validating_files")
    page = client.fine_tuning.jobs.list(limit=2)
    check(len(page.data) == 2 and page.has_more, "list pages by two with has_more")
    check(page.data[0].id == jobs[2].id, "jobs are listed newest first")
    every = [job.id for job in client.fine_tuning.jobs.list(limit=2)]
    check(every == [job.id for job in reversed(jobs)], "auto-pagination walks every job")
    filtered = client.fine_tuning.jobs.list(metadata={"n": "1"})
    check([job.id for job in filtered.data] == [jobs[1].id], "metadata[k]=v filters")

    job = poll(jobs[0].id, {"succeeded", "failed"})
    check(job.status == "succeeded" and job.fine_tuned_model.startswith("ft:o4-mini-2025-04-16:"), f"job succeeds ({job.status})")
    check(job.finished_at is not None and job.result_files, "finished job has finished_at and result_files")
    results = client.files.content(job.result_files[0]).text
    check(results.startswith("step,"), "results CSV downloads")

    events = client.fine_tuning.jobs.list_events(job.id, limit=5)
    check(len(events.data) == 5 and events.has_more, "events page of 5")
    check(events.data[0].message == "The job has successfully completed", "events newest first")
    all_events = list(client.fine_tuning.jobs.list_events(job.id, limit=7))
    check(all_events[-1].message.startswith("Created fine-tuning job"), "event pagination reaches the first event")
    metrics = [event for event in all_events if event.type == "metrics"]
    check(metrics and "train_mean_reward" in metrics[0].data, "metrics events carry RFT data")
    checkpoints = client.fine_tuning.jobs.checkpoints.list(job.id)
    check(1 <= len(checkpoints.data) <= 3, f"at most three checkpoints kept ({len(checkpoints.data)})")

    # Pause and resume, on a job of its own (the three above have finished by now).
    other = client.fine_tuning.jobs.create(model="o4-mini-2025-04-16", training_file=training.id,
                                           validation_file=validation.id, method=reinforcement_method()).id
    running = poll(other, {"running"}, step=30)
    advance((running.estimated_finish - get("/_rftsim/clock")["now"]) / 2)
    paused = client.fine_tuning.jobs.pause(other)
    check(paused.status == "paused", "pause")
    advance(10_000)
    check(client.fine_tuning.jobs.retrieve(other).status == "paused", "a paused job stays paused")
    resumed = client.fine_tuning.jobs.resume(other)
    check(resumed.status == "queued", "resume queues the job")
    check(poll(other, {"succeeded", "failed"}).status == "succeeded", "resumed job succeeds")

    # Cancel, then illegal transitions and errors.
    doomed = client.fine_tuning.jobs.create(model="o4-mini-2025-04-16", training_file=training.id,
                                            validation_file=validation.id, method=reinforcement_method()).id
    cancelled = client.fine_tuning.jobs.cancel(doomed)
    check(cancelled.status == "cancelled", "cancel")
    try:
        client.fine_tuning.jobs.resume(doomed)
        check(False, "resume of a cancelled job is refused")
    except openai.BadRequestError as error:
        check(error.status_code == 400 and "paused" in error.message, "resume of a cancelled job is a 400 that says why")
    try:
        client.fine_tuning.jobs.retrieve("ftjob-doesnotexist")
        check(False, "unknown job is a 404")
    except openai.NotFoundError as error:
        check(error.status_code == 404, "unknown job is a 404")
    try:
        client.fine_tuning.jobs.create(model="o4-mini-2025-04-16", training_file=training.id, validation_file=validation.id,
                                       method=reinforcement_method(batch_size=0))
        check(False, "batch_size 0 is refused")
    except openai.BadRequestError as error:
        check(error.param == "method.reinforcement.hyperparameters.batch_size", f"400 names the param ({error.param})")

    # The client's own retries honour Retry-After under a fault schedule.
    post("/_rftsim/faults", {"route": "GET /v1/fine_tuning/jobs/{id}", "status": 429, "count": 2, "retry_after": 1})
    started = time.monotonic()
    again = client.fine_tuning.jobs.retrieve(job.id)
    waited = time.monotonic() - started
    check(again.id == job.id and waited >= 1.8, f"two 429s with Retry-After: 1 then success after {waited:.1f} s")
    log = get("/_rftsim/requests")
    entries = log["data"] if isinstance(log, dict) else log
    tail = [entry["status"] for entry in entries if entry["path"] == f"/v1/fine_tuning/jobs/{job.id}"][-3:]
    check(tail == [429, 429, 200], f"request log shows the retries ({tail})")

    # The tuned model answers.
    completion = client.chat.completions.create(
        model=job.fine_tuned_model, messages=[{"role": "user", "content": "What is 3 + 3? Answer with the number only."}])
    answer = completion.choices[0].message.content
    check(isinstance(answer, str), f"tuned model answers a chat completion ({answer!r})")
    response = client.responses.create(model=checkpoints.data[0].fine_tuned_model_checkpoint, input="What is 3 + 3?")
    check(isinstance(response.output_text, str), "a checkpoint answers through the Responses API")
    billing = get("/_rftsim/billing")
    check(billing["total"] > 0, f"billing total ${billing['total']}")
    return {"job": job.id, "model": job.fine_tuned_model, "answer": answer, "billing_total": billing["total"],
            "server_seconds": server_seconds()}


def sft_flow():
    post("/_rftsim/reset")
    post("/_rftsim/clock", {"mode": "instant"})
    rows = [{"messages": [{"role": "system", "content": "Answer with the number only."},
                          {"role": "user", "content": f"What is {i} + {i}?"},
                          {"role": "assistant", "content": str(2 * i)}]} for i in range(20)]
    training = client.files.create(file=("sft.jsonl", jsonl(rows)), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4.1-nano-2025-04-14", training_file=training.id, suffix="sums",
                                         method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}})
    check(job.status == "succeeded", f"instant clock: the SFT job is done at creation ({job.status})")
    check(job.trained_tokens and job.trained_tokens > 0, f"trained_tokens {job.trained_tokens}")
    check(":sums:" in job.fine_tuned_model, "suffix in the model name")
    checkpoints = client.fine_tuning.jobs.checkpoints.list(job.id)
    check(len(checkpoints.data) == 3, "SFT keeps the last three epochs")
    check(checkpoints.data[0].metrics.train_loss is not None, "SFT checkpoints carry train_loss")
    try:
        client.fine_tuning.jobs.create(model="gpt-4.1-nano-2025-04-14", training_file=training.id,
                                       method={"type": "reinforcement", "reinforcement": {"grader": GRADER}})
        check(False, "RFT on gpt-4.1-nano is refused")
    except openai.BadRequestError as error:
        check(error.param in ("method", "validation_file"), f"RFT on gpt-4.1-nano is a 400 naming {error.param}")
    try:
        client.files.retrieve("file-doesnotexist")
        check(False, "unknown file is a 404")
    except openai.NotFoundError as error:
        check(error.status_code == 404, "unknown file is a 404")
    completion = client.chat.completions.create(model=job.fine_tuned_model, messages=[{"role": "user", "content": "What is 4 + 4?"}])
    check(completion.choices[0].message.content is not None, f"SFT model answers ({completion.choices[0].message.content!r})")
    models = [model.id for model in client.models.list()]
    check(job.fine_tuned_model in models and "gpt-4.1-nano-2025-04-14" in models, "models.list has the base and tuned models")
    billing = get("/_rftsim/billing")
    check(abs(billing["total"] - round(job.trained_tokens * 1.5e-6, 2)) < 0.011, f"SFT billed per token (${billing['total']})")
    return {"job": job.id, "trained_tokens": job.trained_tokens, "server_seconds": server_seconds()}


summary = {}
if WHICH in ("rft", "all"):
    summary["rft"] = rft_flow()
if WHICH in ("sft", "all"):
    summary["sft"] = sft_flow()
summary["checks"] = checks
print(json.dumps(summary), flush=True)
