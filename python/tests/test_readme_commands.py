"""Every shell command shown in README.md, docs/ and the scenarios' READMEs runs as written, from a
fresh copy of the repository (its tracked files only), with small arguments where the written ones
take long (one seed, four steps). Commands that build, install or need a cluster are listed in
SKIPPED with the reason (.ci/run and scripts/slurm-check run those)."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from repo import ROOT

DOCUMENTS = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")),
             *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios").rglob("README.md"))]

# A command starting with one of these is not run here, for the reason given.
SKIPPED = {
    "scripts/quickstart": "installs packages and builds a release binary (minutes); .ci/run covers install-deps and the build",
    "swift test": ".ci/run runs it",
    "swift build": "the binary under test is already built",
    "pip install": "this test runs inside the installed package",
    "RFTSIM_BINARY=": "runs this very test suite",
    "cd Benchmarks": "package-benchmark builds its own release tooling (minutes)",
    "docker ": "no Docker engine in CI; python/tests/test_deploy_files.py reads the Dockerfile",
    "kubectl ": "needs a Kubernetes cluster; test_deploy_files.py reads the manifests",
    "deploy/slurm/": "scripts/slurm-check runs the Slurm files on a one-node cluster",
    "SHARDS=": "scripts/slurm-check runs the Slurm files on a one-node cluster",
    "sbatch ": "scripts/slurm-check runs the Slurm files on a one-node cluster",
    "scripts/export-figures": "rewrites docs/images (long runs)",
    "scripts/load-test": "needs wrk and minutes of load",
}

# These are skipped wherever they appear in a command (e.g. after VAR=value assignments).
ANYWHERE = {"deploy/slurm/", "sbatch ", "docker ", "kubectl "}


def shell_blocks(document):
    """(line number, command) for each command of each ```sh / ```bash block, continuations joined."""
    return [(line, command) for _, line, command in block_commands(document)]


def block_commands(document):
    """(block number, line number, command) for each command of each ```sh / ```bash block."""
    text = (ROOT / document).read_text()
    commands = []
    for block, match in enumerate(re.finditer(r"^```(?:sh|bash|shell)\n(.*?)^```", text, re.M | re.S)):
        first_line = text[: match.start()].count("\n") + 2
        pending, start = "", None
        for offset, line in enumerate(match.group(1).splitlines()):
            if start is None:
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                start = first_line + offset
            pending += line[:-1] + " " if line.endswith("\\") else line
            if not line.endswith("\\"):
                commands.append((block, start, re.sub(r"\s{2,}#.*$", "", pending).strip()))
                pending, start = "", None
    return commands


COMMANDS = [(document, line, command) for document in DOCUMENTS for line, command in shell_blocks(document)]


def prerequisites(document, line):
    """The earlier commands of the same block that write what the command at `line` reads (its
    `--out` path appears in the command), themselves after theirs: a reader runs a block top to
    bottom, and a command like `rftsim calibrate runs/pilot/events.jsonl` needs the run before it."""
    commands = block_commands(document)
    block, command = next((b, c) for b, n, c in commands if n == line)
    earlier = [(n, c) for b, n, c in commands if b == block and n < line]
    needed = []
    for number, candidate in reversed(earlier):
        written = re.search(r"--out (\S+)", candidate)
        if written and re.search(rf"(^|\s){re.escape(written.group(1).split('/')[0])}(/|\s|$)", command):
            needed = prerequisites(document, number) + [candidate] + needed
            command += " " + candidate  # what it reads may be read in turn
    return needed


def shrink(command):
    """The command with the project's binary and small arguments."""
    binary = os.environ["RFTSIM_UNDER_TEST"]
    command = re.sub(r"^(swift run (-c release )?)?rftsim\b", binary, command)
    command = re.sub(r"--seeds \d+", "--seeds 1", command)
    command = re.sub(r"--steps \d+", "--steps 4", command)
    if " sweep " in command and "--steps" not in command:
        command += " --steps 4"
    if " sweep " in command and "--jobs" not in command:
        command += " --jobs 2"
    if re.search(r" run \S+", command) and binary in command:
        command += " --set hyperparameters.n_epochs=1"
    return command


@pytest.fixture(scope="module")
def binary():
    path = os.environ.get("RFTSIM_BINARY") or shutil.which("rftsim")
    if not path:
        pytest.skip("set RFTSIM_BINARY to run the documented commands")
    return os.path.abspath(path)


@pytest.fixture(scope="module")
def clone(tmp_path_factory, binary):
    """A copy of the repository's tracked files (what a fresh clone has), with rftsim on PATH."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    target = tmp_path_factory.mktemp("clone")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    bin_dir = tmp_path_factory.mktemp("bin")
    (bin_dir / "rftsim").symlink_to(binary)
    os.environ["RFTSIM_UNDER_TEST"] = str(bin_dir / "rftsim")
    return target


def run(command, cwd, timeout=240):
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PATH": os.path.dirname(os.environ["RFTSIM_UNDER_TEST"]) + os.pathsep + os.environ["PATH"]})


SERVE = re.compile(r"\bserve\b.*--port (\d+)")


@pytest.mark.parametrize("document,line,command", COMMANDS, ids=[f"{d}:{n}" for d, n, _ in COMMANDS])
def test_documented_command_runs(document, line, command, clone):
    for prefix, reason in SKIPPED.items():
        if command.startswith(prefix) or f"&& {prefix}" in command or (prefix in ANYWHERE and prefix in command):
            pytest.skip(reason)
    if command.startswith("curl ") and "localhost:8089" in command:
        pytest.skip("run against the server by test_documented_serve_and_control_commands")
    if SERVE.search(command):
        pytest.skip("run by test_documented_serve_and_control_commands")
    shrunk = shrink(command)
    for output in ("sweeps", "runs", "calibrated"):  # each command as on a fresh clone: no folder of another's
        shutil.rmtree(clone / output, ignore_errors=True)
    for earlier in prerequisites(document, line):
        prepared = run(shrink(earlier), clone)
        assert prepared.returncode == 0, f"{document}:{line} needs `{earlier}` first, which exited {prepared.returncode}:\n{prepared.stderr[-3000:]}"
    result = run(shrunk, clone)
    if "| grep -v" in command and result.returncode == 1 and not re.search(r"^(diff |[<>] |---|\d+[acd]\d+|Binary )", result.stdout, re.M):
        return  # `diff … | grep -v X` let no line through: the documented "no output: identical" case
    assert result.returncode == 0, f"{document}:{line}: `{command}` (run as `{shrunk}`) exited {result.returncode}:\n{result.stderr[-3000:]}\n{result.stdout[-2000:]}"


def test_documented_serve_and_control_commands(clone):
    """README's `rftsim serve --port 8089` block, then its curl lines against that server."""
    serves = [(d, n, c) for d, n, c in COMMANDS if SERVE.search(c)]
    curls = [(d, n, c) for d, n, c in COMMANDS if c.startswith("curl ") and "localhost:8089" in c]
    assert serves and curls
    document, line, command = serves[0]
    process = subprocess.Popen(["bash", "-c", "exec " + shrink(command)], cwd=clone, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        ready = process.stdout.readline()
        assert ready.startswith("rftsim serve: listening on http://127.0.0.1:8089"), \
            f"{document}:{line}: {ready!r} {process.stderr.read() if process.poll() is not None else ''}"
        for document, line, curl in curls:
            result = run(curl + " --fail-with-body" if "ftjob-…" not in curl else curl, clone, timeout=30)
            assert result.returncode == 0, f"{document}:{line}: `{curl}` exited {result.returncode}: {result.stdout} {result.stderr}"
    finally:
        process.terminate()
        process.wait(5)


def test_readme_ci_example_is_a_complete_passing_test_under_20_lines(pytester):
    """The README's "Testing in CI" test file, run as it is shown."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### Testing in CI"):]
    example = re.search(r"^```python\n(.*?)^```", section, re.M | re.S).group(1)
    assert len([line for line in example.splitlines() if line.strip()]) < 20
    pytester.makepyfile(test_readme_example=example)
    result = pytester.runpytest_subprocess("-p", "no:xdist", "-p", "no:cacheprovider", "-p", "no:benchmark")
    result.assert_outcomes(passed=2)
