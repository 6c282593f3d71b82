"""What a test gets from the `rftsim` fixture: the server's URLs, an OpenAI client with the test's
own API key, the control API, and helpers for the usual patterns."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from .control import Control

if TYPE_CHECKING:  # pragma: no cover
    import openai
    from openai.types.fine_tuning import FineTuningJob

__all__ = ["RFTSim", "JobDidNotReach", "TERMINAL_STATUSES", "jsonl", "failing_at_step"]

TERMINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})


class JobDidNotReach(AssertionError):
    """A job ended in another terminal status, or did not reach the wanted one in time."""


def jsonl(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """Rows as JSON Lines bytes, ready for `client.files.create(file=("train.jsonl", jsonl(rows)), …)`."""
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def failing_at_step(step: int, *, code: Optional[str] = None, message: Optional[str] = None) -> Dict[str, str]:
    """Job metadata that makes a new job fail midway through `step` (steps 1…step−1 complete):
    `client.fine_tuning.jobs.create(…, metadata=failing_at_step(3))`."""
    metadata = {"rftsim.fail_at_step": str(step)}
    if code is not None:
        metadata["rftsim.error_code"] = code
    if message is not None:
        metadata["rftsim.error_message"] = message
    return metadata


class RFTSim:
    """One test's view of an `rftsim serve`.

    Attributes: `url` (the server's root), `base_url` (`url + "/v1"`, for an OpenAI client),
    `api_key` (this test's own key), `control` (`rftsim.Control`), `client` (an `openai.OpenAI`
    with `api_key`, created on first use).
    """

    def __init__(self, url: str, api_key: str, *, client_options: Optional[Mapping[str, Any]] = None) -> None:
        self.url = url.rstrip("/")
        self.base_url = self.url + "/v1"
        self.api_key = api_key
        self.control = Control(self.url, api_key=api_key)
        self._client_options = dict(client_options or {})
        self._client: Optional["openai.OpenAI"] = None

    @property
    def client(self) -> "openai.OpenAI":
        """An `openai.OpenAI` client on the server with this test's key (`max_retries=2`, the
        library's default, unless the plugin was told otherwise)."""
        if self._client is None:
            self._client = self.openai_client()
        return self._client

    def openai_client(self, **options: Any) -> "openai.OpenAI":
        """A new `openai.OpenAI` client on the server with this test's key; `options` (e.g.
        `max_retries=5`, `timeout=10`) go to its constructor."""
        import openai

        merged = {**self._client_options, **options}
        merged.setdefault("api_key", self.api_key)
        return openai.OpenAI(base_url=self.base_url, **merged)

    # MARK: patterns

    def instant(self) -> None:
        """From now on every new job finishes at creation (and running ones finish now)."""
        self.control.set_clock("instant")

    def rate_limit(self, route: str = "*", *, count: int = 3, retry_after: Optional[int] = 0,
                   status: int = 429) -> None:
        """A burst of `count` 429 answers (with `Retry-After: retry_after`) to requests matching
        `route` (`"POST /v1/fine_tuning/jobs"`, `"*"`), before they succeed again. The OpenAI client
        retries them (`max_retries`, 2 by default)."""
        self.control.add_fault(route, status=status, count=count, retry_after=retry_after)

    def fail_at_step(self, job: Union[str, "FineTuningJob"], step: int, *, code: Optional[str] = None,
                     message: Optional[str] = None) -> Any:
        """Makes a created job fail midway through `step`; returns the job as the control API gives it.
        (For a job not created yet, pass `metadata=rftsim.failing_at_step(step)` to `jobs.create`.)"""
        return self.control.set_outcome(_job_id(job), fail_at_step=step, code=code, message=message)

    def advance_until(
        self,
        job: Union[str, "FineTuningJob"],
        status: Union[str, Sequence[str]] = "succeeded",
        *,
        step: float = 600,
        max_seconds: float = 90 * 24 * 3600,
    ) -> "FineTuningJob":
        """Moves the virtual clock `step` seconds at a time until the job has `status` (one status or
        several); returns the job as the client sees it then. Raises `JobDidNotReach` (with the job's
        error) if it ends in another terminal status, or after `max_seconds` simulated seconds."""
        wanted = {status} if isinstance(status, str) else set(status)
        job_id = _job_id(job)
        waited = 0.0
        while True:
            current = self.client.fine_tuning.jobs.retrieve(job_id)
            if current.status in wanted:
                return current
            if current.status in TERMINAL_STATUSES:
                error = getattr(current, "error", None)
                detail = f": {error.code}: {error.message}" if error is not None and getattr(error, "code", None) else ""
                raise JobDidNotReach(f"job {job_id} is {current.status}{detail}, not {' or '.join(sorted(wanted))}")
            if waited >= max_seconds:
                raise JobDidNotReach(
                    f"job {job_id} is still {current.status} after {waited:g} simulated seconds, not {' or '.join(sorted(wanted))}")
            self.control.advance(step)
            waited += step

    def requests(self, path: Optional[str] = None) -> List[Any]:
        """The request log (oldest first), only entries for `path` when given."""
        entries = self.control.requests()
        return [entry for entry in entries if path is None or entry.get("path") == path]


def _job_id(job: Union[str, Any]) -> str:
    return job if isinstance(job, str) else str(job.id)
