"""The deploy files, read without Docker, Slurm or Kubernetes: what they copy, run and pin."""

import json
import re
import shlex
from pathlib import PurePosixPath

import pytest
import yaml

from repo import ROOT

DOCKERFILE = ROOT / "deploy/docker/Dockerfile"


def declared_paths():
    """Every directory Package.swift declares: a target's custom `path:` or its default folder."""
    manifest = (ROOT / "Package.swift").read_text()
    starts = list(re.finditer(r"\.(target|executableTarget|testTarget|systemLibrary|macro|plugin)\(\s*name:\s*\"([^\"]+)\"", manifest))
    paths = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(manifest)
        custom = re.search(r"\bpath:\s*\"([^\"]+)\"", manifest[match.start():end])
        kind, name = match.groups()
        paths[name] = custom.group(1) if custom else ("Tests/" if kind == "testTarget" else "Sources/") + name
    return paths


def instructions(text):
    """(keyword, arguments) per Dockerfile instruction, continuation lines joined."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if len(line.split(None, 1)) > 1 else "")
            for line in joined.splitlines() if line.strip()]


def build_stage_copies():
    """Sources of COPY instructions from the build context in the stage that runs `swift build`."""
    stages, current = [], None
    for keyword, arguments in instructions(DOCKERFILE.read_text()):
        if keyword == "FROM":
            current = {"from": arguments, "copies": [], "runs": []}
            stages.append(current)
        elif keyword == "COPY" and current is not None:
            words = shlex.split(arguments)
            if any(word.startswith("--from") for word in words):
                continue
            words = [word for word in words if not word.startswith("--")]
            current["copies"] += words[:-1]
        elif keyword == "RUN" and current is not None:
            current["runs"].append(arguments)
    build = [stage for stage in stages if any("swift build" in run for run in stage["runs"])]
    assert len(build) == 1, "one stage runs swift build"
    return build[0]


def test_the_build_stage_copies_every_path_package_swift_declares():
    copies = build_stage_copies()["copies"]
    assert "Package.swift" in copies
    ignored = [line.strip().rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    paths = declared_paths()
    assert {"rftsim", "TestSupport", "CGSL", "rftsimTests"} <= set(paths)
    for name, path in paths.items():
        assert (ROOT / path).is_dir(), f"Package.swift declares {path} for {name}, which does not exist"
        assert any(PurePosixPath(path) == PurePosixPath(source) or PurePosixPath(source) in PurePosixPath(path).parents
                   for source in copies), f"the Dockerfile does not copy {path} (target {name})"
        assert not any(PurePosixPath(path) == PurePosixPath(pattern) or PurePosixPath(pattern) in PurePosixPath(path).parents
                       for pattern in ignored), f".dockerignore excludes {path}"


def test_the_image_builds_with_a_swift_that_reads_the_manifest_and_serves():
    text = DOCKERFILE.read_text()
    swift = re.search(r"^ARG SWIFT_IMAGE=swift:(\d+)\.(\d+)", text, re.M)
    assert swift and (int(swift.group(1)), int(swift.group(2))) >= (6, 2), "a Swift image ≥ 6.2 (tools-version of the pinned dependencies)"
    assert re.search(r"^# .*sha256|@sha256:", text, re.M), "says how to pin the base images by digest"
    assert "--static-swift-stdlib" in text
    parsed = dict(instructions(text)[::-1])  # the last of each keyword
    assert json.loads(parsed["CMD"]) == ["rftsim", "serve", "--host", "0.0.0.0", "--port", "8080"]
    assert parsed["EXPOSE"].split() == ["8080"]
    assert parsed["USER"] not in ("root", "0")
    assert "/_rftsim/clock" in parsed["HEALTHCHECK"] and "8080" in parsed["HEALTHCHECK"]
    assert json.loads(parsed["ENTRYPOINT"])[0].endswith("tini")
    assert ".build" in (ROOT / ".dockerignore").read_text().split()


def kubernetes(name):
    return yaml.safe_load((ROOT / "deploy/kubernetes" / name).read_text())


@pytest.mark.parametrize("name", ["sweep-job.yaml", "merge-job.yaml"])
def test_kubernetes_jobs_run_one_pinned_image_under_tini(name):
    spec = kubernetes(name)["spec"]["template"]["spec"]
    for container in spec["containers"]:
        assert "@sha256:" in container["image"] and ":latest" not in container["image"]
        assert "command" not in container, "a command would replace the image's ENTRYPOINT (tini, which forwards SIGTERM)"
        assert container["args"][0] in ("rftsim", "sh")


def test_kubernetes_retries_never_overlap_and_storage_class_is_the_users():
    assert kubernetes("sweep-job.yaml")["spec"]["podReplacementPolicy"] == "Failed"
    assert "storageClassName" in (ROOT / "deploy/kubernetes/volume.yaml").read_text()


def test_slurm_merge_is_one_task_and_cancelled_when_a_shard_fails():
    merge = (ROOT / "deploy/slurm/merge.sbatch").read_text()
    assert not re.search(r"^#SBATCH\s+--array", merge, re.M)
    submit = (ROOT / "deploy/slurm/submit.sh").read_text()
    assert "--kill-on-invalid-dep=yes" in submit
    sweep = (ROOT / "deploy/slurm/sweep.sbatch").read_text()
    assert "$VARY" in sweep and "command -v" in sweep
