"""The pytest plugin (entry point `pytest11`, loaded when the package is installed).

Fixtures:

- `rftsim` (per test): an `rftsim.RFTSim` on a fresh server state, with this test's own API key:
  `rftsim.client` (an `openai.OpenAI`), `rftsim.base_url`, `rftsim.control` and helpers
  (`advance_until`, `fail_at_step`, `rate_limit`, `instant`).
- `rftsim_client`, `rftsim_base_url`, `rftsim_control`: those attributes as fixtures of their own.
- `rftsim_server` (per session, i.e. per pytest-xdist worker): the `rftsim serve` process.

Options (each also an ini key without the dashes, e.g. `rftsim_binary = …` under `[pytest]`):

- `--rftsim-binary PATH`: the executable (else `$RFTSIM_BINARY`, else `rftsim` on PATH);
- `--rftsim-url URL`: use a server that is already running (else `$RFTSIM_URL`); none is started;
- `--rftsim-clock MODE`: the clock the server starts with (`virtual`, default; `instant`; `scaled:F`);
- `--rftsim-port N`: the port (default 0, a free one);
- `--rftsim-arg ARG`: one more argument for `rftsim serve` (repeatable);
- `--rftsim-timeout S`: how long to wait for the ready line or for `--rftsim-url` (default 30 s);
- `--rftsim-isolation reset|key`: `reset` (the default with a server of our own) resets the server
  before each test; `key` (the default with `--rftsim-url`) turns on `isolate_by_key`, so each
  test's key is its own organisation, and never resets (the clock and faults stay shared).

Markers: `@pytest.mark.rftsim_clock("instant")` (or `"scaled", 3600`), `@pytest.mark.rftsim_instant`,
`@pytest.mark.rftsim_rate_limit(route="*", count=3, retry_after=0)`,
`@pytest.mark.rftsim_organization(verified=False, data_sharing=True)`.
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING, Any, Iterator, List, Optional, Union

import pytest

from .control import Control
from .server import ExternalServer, Server, ServerStartError
from .testing import RFTSim

if TYPE_CHECKING:  # pragma: no cover
    import openai

URL_ENV = "RFTSIM_URL"

_MARKERS = [
    "rftsim_clock(mode, factor=None): the rftsim fixture switches the clock to mode (virtual, scaled, instant) first",
    "rftsim_instant: the rftsim fixture switches the clock to instant first (jobs finish at creation)",
    "rftsim_rate_limit(route='*', count=3, retry_after=0, status=429): a burst of 429s is scheduled before the test",
    "rftsim_organization(verified=None, data_sharing=None): organisation settings for the test",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rftsim", "rftsim serve (the offline OpenAI fine-tuning mock)")
    group.addoption("--rftsim-binary", default=None, help="the rftsim executable (default: $RFTSIM_BINARY, then PATH)")
    group.addoption("--rftsim-url", default=None, help="use the rftsim server already running at URL (default: $RFTSIM_URL)")
    group.addoption("--rftsim-clock", default=None, help="the clock the server starts with: virtual (default), instant, scaled:FACTOR")
    group.addoption("--rftsim-port", default=None, type=int, help="the port to serve on (default 0: a free port)")
    group.addoption("--rftsim-arg", action="append", default=None, help="an extra argument for `rftsim serve` (repeatable)")
    group.addoption("--rftsim-timeout", default=30.0, type=float,
                    help="seconds to wait for the server's ready line, or for --rftsim-url to answer (default 30)")
    group.addoption("--rftsim-isolation", default=None, choices=["reset", "key"],
                    help="reset: reset the server before each test (default with a server of our own); "
                         "key: a fresh organisation per test through isolate_by_key (default with --rftsim-url)")
    for name, help_text in [
        ("rftsim_binary", "the rftsim executable"),
        ("rftsim_url", "an rftsim server already running"),
        ("rftsim_clock", "the clock rftsim serve starts with"),
        ("rftsim_isolation", "reset or key"),
    ]:
        parser.addini(name, help_text, default=None)


def pytest_configure(config: pytest.Config) -> None:
    for line in _MARKERS:
        config.addinivalue_line("markers", line)


def _option(config: pytest.Config, name: str) -> Optional[str]:
    value = config.getoption("--" + name.replace("_", "-"))
    if value is None:
        try:
            value = config.getini(name)
        except ValueError:
            value = None
    return value or None


_START_FAILURE = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def rftsim_server(pytestconfig: pytest.Config) -> Iterator[Union[Server, ExternalServer]]:
    """The `rftsim serve` of this session (of this pytest-xdist worker: one server each)."""
    # A server that failed to start fails every later test at once with the same message.
    failure = pytestconfig.stash.get(_START_FAILURE, None)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    timeout = float(pytestconfig.getoption("--rftsim-timeout"))
    url = _option(pytestconfig, "rftsim_url") or os.environ.get(URL_ENV)
    if url:
        external = ExternalServer(url)
        try:
            external.wait_ready(timeout)
        except ServerStartError as error:
            pytestconfig.stash[_START_FAILURE] = str(error)
            pytest.fail(str(error), pytrace=False)
        yield external
        return
    port = pytestconfig.getoption("--rftsim-port")
    extra: List[str] = pytestconfig.getoption("--rftsim-arg") or []
    try:
        server = Server.start(
            _option(pytestconfig, "rftsim_binary"),
            port=port or 0,
            clock=_option(pytestconfig, "rftsim_clock") or "virtual",
            extra_args=extra,
            timeout=timeout,
        )
    except ServerStartError as error:
        pytestconfig.stash[_START_FAILURE] = str(error)
        pytest.fail(str(error), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def rftsim(request: pytest.FixtureRequest, rftsim_server: Union[Server, ExternalServer]) -> Iterator[RFTSim]:
    """This test's view of the server: a fresh state (or organisation), its own API key, an
    `openai.OpenAI` client, the control API and helpers (see `rftsim.RFTSim`)."""
    config = request.config
    external = isinstance(rftsim_server, ExternalServer)
    isolation = _option(config, "rftsim_isolation") or ("key" if external else "reset")
    node = request.node.nodeid
    digest = _digest(node)
    api_key = "sk-rftsim-" + digest[:24]
    control: Control = rftsim_server.control
    if isolation == "reset":
        # With a server that supports it, each test's ids come from a seed of its own (its node id),
        # so an id kept from another test points at nothing.
        control.reset(seed=int(digest[:8], 16) if rftsim_server.supports_seed else None)
    else:
        control.set_organization(isolate_by_key=True)

    clock = request.node.get_closest_marker("rftsim_clock")
    if clock is not None:
        control.set_clock(*clock.args, **clock.kwargs)
    if request.node.get_closest_marker("rftsim_instant") is not None:
        control.set_clock("instant")
    organization = request.node.get_closest_marker("rftsim_organization")
    if organization is not None:
        control.set_organization(*organization.args, **organization.kwargs)
    handle = RFTSim(rftsim_server.url, api_key)
    for marker in request.node.iter_markers("rftsim_rate_limit"):
        handle.rate_limit(*marker.args, **marker.kwargs)
    yield handle
    if handle._client is not None:
        handle._client.close()


@pytest.fixture
def rftsim_client(rftsim: RFTSim) -> "openai.OpenAI":
    """An `openai.OpenAI` client on the server, with this test's API key."""
    return rftsim.client


@pytest.fixture
def rftsim_base_url(rftsim: RFTSim) -> str:
    """The server's `…/v1` URL (an OpenAI client's `base_url`)."""
    return rftsim.base_url


@pytest.fixture
def rftsim_control(rftsim: RFTSim) -> Control:
    """The server's control API (`rftsim.Control`)."""
    return rftsim.control


def pytest_report_header(config: pytest.Config) -> Optional[str]:
    url = _option(config, "rftsim_url") or os.environ.get(URL_ENV)
    if url:
        return f"rftsim: server at {url}"
    binary = _option(config, "rftsim_binary") or os.environ.get("RFTSIM_BINARY") or "rftsim on PATH"
    return f"rftsim: {binary}"


__all__ = ["rftsim", "rftsim_server", "rftsim_client", "rftsim_base_url", "rftsim_control"]
