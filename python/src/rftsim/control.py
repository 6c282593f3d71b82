"""A client for `rftsim serve`'s control API (`/_rftsim`, docs/PROVIDER.md).

The control API steers the mock provider from a test: reset it, move its clock, decide what a job
does next, schedule request failures, read the request log, the bill and the whole state. It needs
no API key; a server started with a control token needs that token (`control_token=`, or
`$RFTSIM_CONTROL_TOKEN`). This client uses only the standard library, so it works without `openai` too.

    control = Control("http://127.0.0.1:8089")
    control.reset()
    control.set_clock("virtual")
    control.advance(3600)
    control.add_fault("POST /v1/fine_tuning/jobs", status=429, count=2, retry_after=1)
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any, Dict, List, Mapping, Optional

__all__ = ["Control", "ControlError", "JSON"]

JSON = Any
"""A parsed JSON value (dict, list, str, float, int, bool or None)."""

CONTROL_TOKEN_ENV = "RFTSIM_CONTROL_TOKEN"
"""The environment variable holding the control token (`rftsim serve --control-token`)."""


class ControlError(Exception):
    """The control API answered with an error (4xx/5xx) or could not be reached.

    `status` is the HTTP status (0 when there was no answer), `message` the server's own message
    (its `error.message` when the body is an OpenAI-style error), `body` the parsed body if any.
    """

    def __init__(self, method: str, path: str, status: int, message: str, body: JSON = None) -> None:
        super().__init__(f"{method} {path}: {status or 'no answer'}: {message}")
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        self.body = body


class Control:
    """The control API of one `rftsim serve`.

    `url` is the server's root (`http://HOST:PORT`, with or without a trailing `/v1`). `api_key`,
    when given, is sent with `billing()` so that under `isolate_by_key` it narrows the bill to
    that key's jobs. `control_token` is sent in `X-RFTSim-Control-Token` on every request, for a
    server started with `--control-token` (default: `$RFTSIM_CONTROL_TOKEN`, which
    `rftsim serve` reads too). Every method returns the server's parsed JSON answer.
    """

    def __init__(self, url: str, *, api_key: Optional[str] = None, timeout: float = 30.0,
                 control_token: Optional[str] = None) -> None:
        url = url.rstrip("/")
        if url.endswith("/v1"):
            url = url[: -len("/v1")]
        self.url = url
        self.api_key = api_key
        self.timeout = timeout
        self.control_token = control_token or os.environ.get(CONTROL_TOKEN_ENV) or None

    # MARK: plumbing

    def request(self, method: str, path: str, body: JSON = None, *, api_key: Optional[str] = None) -> JSON:
        """Sends `method path` (path under the root, e.g. `/_rftsim/clock`) with a JSON body."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        if self.control_token:
            headers["X-RFTSim-Control-Token"] = self.control_token
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            parsed = _parse(raw)
            message = raw.decode(errors="replace")
            if isinstance(parsed, dict) and isinstance(parsed.get("error"), dict):
                message = str(parsed["error"].get("message", message))
            raise ControlError(method, path, error.code, message, parsed) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ControlError(method, path, 0, f"cannot reach {self.url}: {reason}") from None
        return _parse(raw)

    # MARK: the routes

    def reset(self, *, seed: Optional[int] = None) -> JSON:
        """Forgets every file, job, fault and logged request; clock and organisation return to the
        server's start settings. `seed` is sent only when given (servers that support per-seed
        ids take it; see `Server.supports_seed`)."""
        return self.request("POST", "/_rftsim/reset", {} if seed is None else {"seed": seed})

    def clock(self) -> JSON:
        """`{"mode", "now", "factor"}`: the clock now (`now` in simulated Unix seconds)."""
        return self.request("GET", "/_rftsim/clock")

    def set_clock(self, mode: str, factor: Optional[float] = None) -> JSON:
        """Switches the clock: `virtual` (moves only through `advance`), `scaled` (real time ×
        `factor`) or `instant` (every job finishes at creation; running ones finish now)."""
        body: Dict[str, JSON] = {"mode": mode}
        if factor is not None:
            body["factor"] = factor
        return self.request("POST", "/_rftsim/clock", body)

    def now(self) -> float:
        """Simulated Unix seconds now."""
        return float(self.clock()["now"])

    def advance(self, seconds: float) -> JSON:
        """Moves the clock forward by `seconds` (0 … ten years)."""
        return self.request("POST", "/_rftsim/clock/advance", {"seconds": seconds})

    def set_outcome(
        self,
        job_id: str,
        *,
        fail_at_step: Optional[int] = None,
        fail_validation: Optional[bool] = None,
        code: Optional[str] = None,
        message: Optional[str] = None,
        queue_seconds: Optional[float] = None,
        validation_seconds: Optional[float] = None,
    ) -> JSON:
        """Decides what happens to a job from now on; returns the job. A job failing at step N
        completes steps 1…N−1 and fails midway through step N with `error.code` `code` (default
        `server_error`). Rewriting what already happened is a 409 (a `ControlError`)."""
        body = _drop_none(
            fail_at_step=fail_at_step, fail_validation=fail_validation, code=code, message=message,
            queue_seconds=queue_seconds, validation_seconds=validation_seconds,
        )
        return self.request("POST", f"/_rftsim/jobs/{job_id}/outcome", body)

    def add_fault(
        self,
        route: str = "*",
        *,
        status: Optional[int] = None,
        count: int = 1,
        retry_after: Optional[int] = None,
        delay: Optional[float] = None,
        drop: bool = False,
        message: Optional[str] = None,
    ) -> JSON:
        """Schedules `count` failures of requests matching `route` (`"METHOD /path"`, `{name}` matches
        one segment, `*` any method or path). Returns every scheduled rule."""
        rule = _drop_none(route=route, status=status, count=count, retry_after=retry_after, delay=delay, message=message)
        if drop:
            rule["drop"] = True
        return self.add_faults([rule])

    def add_faults(self, rules: List[Mapping[str, JSON]]) -> JSON:
        """Schedules several fault rules at once (dicts with the server's keys)."""
        return self.request("POST", "/_rftsim/faults", list(rules))

    def faults(self) -> List[JSON]:
        """The fault rules still scheduled, in order."""
        return _data(self.request("GET", "/_rftsim/faults"))

    def clear_faults(self) -> JSON:
        """Removes every scheduled fault."""
        return self.request("DELETE", "/_rftsim/faults")

    def requests(self) -> List[JSON]:
        """The request log, oldest first: method, path, status, key's last 4 characters, fault, duration."""
        return _data(self.request("GET", "/_rftsim/requests"))

    def organization(self) -> JSON:
        """`{"verified", "data_sharing", "isolate_by_key", "strict_requests", "owner_role"}`."""
        return self.request("GET", "/_rftsim/organization")

    def set_organization(
        self,
        *,
        verified: Optional[bool] = None,
        data_sharing: Optional[bool] = None,
        isolate_by_key: Optional[bool] = None,
        strict_requests: Optional[bool] = None,
        owner_role: Optional[bool] = None,
    ) -> JSON:
        """Changes who the caller is (keys left `None` are unchanged)."""
        return self.request(
            "PUT", "/_rftsim/organization",
            _drop_none(verified=verified, data_sharing=data_sharing, isolate_by_key=isolate_by_key,
                       strict_requests=strict_requests, owner_role=owner_role),
        )

    def job_trace(self, job_id: str) -> JSON:
        """What the API does not show of a job: `initial_valid_reward` (the base model's exact expected
        validation reward, step 0), `final_valid_reward` and `valid_reachable_ceiling`."""
        return self.request("GET", f"/_rftsim/jobs/{job_id}/trace")

    def billing(self, *, api_key: Optional[str] = None) -> JSON:
        """Every billing event, itemised, and `total` (USD). Under `isolate_by_key`, only the jobs of
        `api_key` (default: this client's key)."""
        return self.request("GET", "/_rftsim/billing", api_key=api_key or self.api_key)

    def price_sheet(self) -> JSON:
        """`{"name", "available"}`."""
        return self.request("GET", "/_rftsim/price-sheet")

    def set_price_sheet(self, name: str) -> JSON:
        """Bills from now on use price sheet `name` (`launch-2025`, `current-2026`)."""
        return self.request("PUT", "/_rftsim/price-sheet", {"name": name})

    def state(self) -> JSON:
        """Everything the provider holds: clock, organisation, files, jobs, faults, bill."""
        return self.request("GET", "/_rftsim/state")


def _parse(raw: bytes) -> JSON:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def _data(answer: JSON) -> List[JSON]:
    if isinstance(answer, dict) and isinstance(answer.get("data"), list):
        return list(answer["data"])
    return list(answer) if isinstance(answer, list) else []


def _drop_none(**values: JSON) -> Dict[str, JSON]:
    return {key: value for key, value in values.items() if value is not None}

