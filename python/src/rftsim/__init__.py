"""Test code that drives OpenAI fine-tuning jobs offline, against `rftsim serve`.

- `rftsim.Control`: the control API (clock, outcomes, faults, request log, billing, organisation,
  reset, state);
- `rftsim.Server`: start and stop `rftsim serve` (`Server.start()`);
- the pytest plugin (`rftsim.pytest_plugin`, loaded automatically): the `rftsim` fixture, an
  `rftsim.RFTSim` with an `openai.OpenAI` client and helpers.
"""

from .control import Control, ControlError
from .server import BINARY_ENV, ExternalServer, Server, ServerStartError, find_binary
from .testing import TERMINAL_STATUSES, JobDidNotReach, RFTSim, failing_at_step, jsonl

__all__ = [
    "BINARY_ENV",
    "Control",
    "ControlError",
    "ExternalServer",
    "JobDidNotReach",
    "RFTSim",
    "Server",
    "ServerStartError",
    "TERMINAL_STATUSES",
    "failing_at_step",
    "find_binary",
    "jsonl",
]
__version__ = "0.1.0"
