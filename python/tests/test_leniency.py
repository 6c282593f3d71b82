"""The cookbook's RFT notebook as recorded against the platform: a `test_file` the API does not know,
a misspelt hyperparameter, no validation file, a model grader reading `{{item.messages}}`. The platform
created and finished those jobs; so does rftsim (and `strict_requests` restores the 400s)."""

import openai
import pytest

from rftsim import jsonl


def rows(start, stop):
    return [{"messages": [{"role": "user", "content": f"What is {i} + {i}? Answer with the number only."}],
             "answer": str(2 * i)} for i in range(start, stop)]


JUDGE = {"type": "score_model", "name": "judge", "model": "gpt-4o-2024-08-06", "range": [0, 1],
         "input": [{"role": "user", "content": "Conversation: {{item.messages}}\nReference: {{item.answer}}\n"
                                               "Answer: {{sample.output_text}}"}]}


@pytest.mark.rftsim_instant
def test_the_cookbook_request_runs_as_on_the_platform(rftsim, spec_checked_client):
    client = spec_checked_client
    training = client.files.create(file=("train.jsonl", jsonl(rows(0, 16))), purpose="fine-tune")
    test = client.files.create(file=("test.jsonl", jsonl(rows(16, 20))), purpose="fine-tune")
    method = {"type": "reinforcement", "reinforcement": {
        "grader": JUDGE, "hyperparameters": {"n_epochs": 1, "batch_size": 4, "eval_sample": 2}}}
    job = client.fine_tuning.jobs.create(model="o4-mini", training_file=training.id, method=method,
                                         extra_body={"test_file": test.id})
    assert job.status == "succeeded", job.error
    assert job.validation_file is None
    hyperparameters = job.method.reinforcement.hyperparameters
    assert hyperparameters.n_epochs == 1 and not hasattr(hyperparameters, "eval_sample")

    rftsim.control.set_organization(strict_requests=True)
    with pytest.raises(openai.BadRequestError) as refused:
        client.fine_tuning.jobs.create(model="o4-mini", training_file=training.id, method=method,
                                       extra_body={"test_file": test.id})
    assert refused.value.param == "test_file"
