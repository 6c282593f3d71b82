"""In the image, tini is PID 1 (deploy/docker/Dockerfile's ENTRYPOINT). Without it, rftsim would be
PID 1 of the container, and a PID 1 without a SIGTERM handler (rftsim sweep) ignores SIGTERM:
Kubernetes would wait out the grace period and SIGKILL it. Checked in a new PID namespace."""

import os
import shutil
import subprocess
import time

import pytest

from repo import ROOT

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("tini"),
    reason="needs root, unshare (util-linux) and tini (apt-get install tini)")


def binary():
    path = os.environ.get("RFTSIM_BINARY") or shutil.which("rftsim")
    if not path:
        pytest.skip("set RFTSIM_BINARY")
    return path


def stop_time(command, wait=2.0):
    """Starts `command` as PID 1 of a new PID namespace, sends SIGTERM to that PID 1 after `wait`
    seconds; returns how long it took to exit (None if still running after 5 s)."""
    outer = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", *command],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid1 = None
    try:
        time.sleep(wait)
        children = subprocess.run(["pgrep", "-P", str(outer.pid)], capture_output=True, text=True).stdout.split()
        assert children, "the namespace's PID 1 did not start"
        pid1 = int(children[0])
        started = time.monotonic()
        os.kill(pid1, 15)
        while time.monotonic() - started < 5:
            if outer.poll() is not None:
                return time.monotonic() - started
            time.sleep(0.02)
        return None
    finally:
        if outer.poll() is None:
            if pid1 is not None:
                os.kill(pid1, 9)  # the namespace's PID 1; its children go with it
            outer.kill()
        outer.wait()


def sweep(tmp_path):
    return [binary(), "sweep", str(ROOT / "scenarios/security-compliance"), "--vary",
            "hyperparameters.learning_rate_multiplier=0.5,1,2,4", "--seeds", "2000", "--steps", "300", "--jobs", "1",
            "--quiet", "--out", str(tmp_path / "sweep")]


def test_sweep_under_tini_stops_within_a_second(tmp_path):
    elapsed = stop_time(["tini", "--", *sweep(tmp_path)])
    assert elapsed is not None and elapsed < 1.0


def test_serve_under_tini_stops_within_a_second():
    elapsed = stop_time(["tini", "--", binary(), "serve", "--port", "0"])
    assert elapsed is not None and elapsed < 1.0


def test_sweep_as_pid_1_without_tini_ignores_sigterm(tmp_path):
    """Why the image has tini: this is what Kubernetes would see."""
    assert stop_time(sweep(tmp_path), wait=1.0) is None
