"""A server that cannot start fails the fixture at once, with the server's own message."""

import os
import socket
import stat
import time

import pytest

from rftsim import Server, ServerStartError

USER_TEST = """
def test_uses_the_server(rftsim):
    assert rftsim.client.models.list() is not None
"""


def run(pytester, *args):
    pytester.makepyfile(USER_TEST)
    started = time.monotonic()
    result = pytester.runpytest_subprocess(*args, "-p", "no:xdist", "-p", "no:cacheprovider")
    return result, time.monotonic() - started


def test_missing_binary(pytester, monkeypatch):
    monkeypatch.delenv("RFTSIM_BINARY", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    result, _ = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*rftsim binary not found: no --rftsim-binary option, no RFTSIM_BINARY*"])


def test_binary_option_naming_nothing(pytester):
    result, _ = run(pytester, "--rftsim-binary", "/no/such/rftsim")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--rftsim-binary names '/no/such/rftsim', which is not an executable file*"])


def test_port_in_use(pytester):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # A 600 s ready timeout: noticing the exit must not wait for it (a bound far from both the
        # timeout and a loaded machine's start-up time, so it tests the behaviour, not the speed).
        result, seconds = run(pytester, "--rftsim-port", str(port), "--rftsim-timeout", "600")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*exited before it was ready (exit status 1)*"])
    result.stdout.fnmatch_lines([f"*{port}*"])
    assert seconds < 300


def test_bad_serve_option(pytester):
    result, _ = run(pytester, "--rftsim-arg=--price-sheet=nope")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*exited before it was ready (exit status 64)*", "*--price-sheet must be one of*"])


def test_server_dying_at_start(tmp_path):
    fake = tmp_path / "rftsim"
    fake.write_text("#!/bin/sh\n[ \"$1 $2\" = 'serve --help' ] && exit 0\necho 'rftsim: cannot load GSL' >&2\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    started = time.monotonic()
    with pytest.raises(ServerStartError, match=r"(?s)exit status 3.*cannot load GSL"):
        Server.start(str(fake), timeout=60)
    assert time.monotonic() - started < 5


def test_server_that_never_gets_ready(tmp_path):
    fake = tmp_path / "rftsim"
    fake.write_text("#!/bin/sh\n[ \"$1 $2\" = 'serve --help' ] && exit 0\necho 'warming up'\nexec sleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(ServerStartError, match=r"(?s)no ready line within 1 s.*warming up"):
        Server.start(str(fake), timeout=1)


def test_sigterm_stops_the_server_within_a_second(tmp_path):
    """SIGTERM with requests in flight: each is answered or refused (no hang), the process exits 0
    within 1 s, and its state dump is whole, with no temporary file beside it."""
    import json
    import threading
    import urllib.request

    dump = tmp_path / "state.json"
    server = Server.start(extra_args=["--state-dump", str(dump)])
    server.openai_client().models.list()
    outcomes = []

    def poll():
        for _ in range(200):
            try:
                with urllib.request.urlopen(server.url + "/_rftsim/clock", timeout=5) as answer:
                    outcomes.append(answer.status)
            except Exception as error:  # refused or reset once the server stops: what we want
                outcomes.append(type(error).__name__)
                return

    pollers = [threading.Thread(target=poll) for _ in range(4)]
    for poller in pollers:
        poller.start()
    time.sleep(0.2)
    started = time.monotonic()
    status = server.stop(timeout=5)
    elapsed = time.monotonic() - started
    for poller in pollers:
        poller.join(10)
    assert not any(poller.is_alive() for poller in pollers), "a request hung after SIGTERM"
    assert elapsed < 1.0, f"rftsim serve took {elapsed:.2f} s to stop on SIGTERM"
    assert status == 0
    assert 200 in outcomes
    assert "clock" in json.loads(dump.read_text())
    assert [path.name for path in tmp_path.iterdir()] == ["state.json"]
