"""Starting and stopping `rftsim serve` from Python.

    with Server.start() as server:          # binary from RFTSIM_BINARY or PATH, a free port
        client = server.openai_client()
        server.control.advance(3600)

`Server.start` waits for the ready line (`rftsim serve: listening on http://HOST:PORT (clock …)`)
and reads the port from it. When the server cannot start (no binary, a port in use, a bad
option), it raises `ServerStartError` carrying the server's own message, as soon as the process
exits, not after a timeout.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from typing import IO, TYPE_CHECKING, Any, Dict, List, Optional, Sequence

from .control import Control

if TYPE_CHECKING:  # pragma: no cover
    import openai

__all__ = ["Server", "ExternalServer", "ServerStartError", "find_binary", "BINARY_ENV"]

BINARY_ENV = "RFTSIM_BINARY"
"""The environment variable naming the `rftsim` executable."""

_READY = re.compile(r"^rftsim serve: listening on (http://\S+) \(clock ([^)]*)\)\s*$")


class ServerStartError(RuntimeError):
    """`rftsim serve` could not be found or did not become ready; the message says why, with the
    server's own output when it printed any."""


def find_binary(explicit: Optional[str] = None) -> str:
    """The `rftsim` executable: `explicit` (e.g. pytest's `--rftsim-binary`), else `$RFTSIM_BINARY`,
    else `rftsim` on PATH. Raises `ServerStartError` naming what was tried."""
    for origin, candidate in (("--rftsim-binary", explicit), (BINARY_ENV, os.environ.get(BINARY_ENV))):
        if candidate:
            path = shutil.which(candidate) if os.sep not in candidate else candidate
            if path and os.path.isfile(path) and os.access(path, os.X_OK):
                return os.path.abspath(path)
            raise ServerStartError(
                f"rftsim binary not found: {origin} names {candidate!r}, which is not an executable file. "
                "Build it with `swift build --product rftsim` (it is then .build/debug/rftsim) or fix the path."
            )
    path = shutil.which("rftsim")
    if path:
        return path
    raise ServerStartError(
        f"rftsim binary not found: no --rftsim-binary option, no {BINARY_ENV} variable and no `rftsim` on PATH. "
        "Build it with `swift build --product rftsim` and set RFTSIM_BINARY=.build/debug/rftsim."
    )


class Server:
    """A running `rftsim serve` process (start it with `Server.start`)."""

    def __init__(self, process: "subprocess.Popen[str]", url: str, clock: str, binary: str,
                 stderr_file: IO[bytes], supports_seed: bool) -> None:
        self.process = process
        self.url = url
        """The server's root, `http://127.0.0.1:PORT`."""
        self.base_url = url + "/v1"
        """What an OpenAI client's `base_url` (or `OPENAI_BASE_URL`) should be."""
        self.clock_mode = clock
        self.binary = binary
        self.supports_seed = supports_seed
        """Whether this binary's `serve` takes `--seed` (then `reset(seed=…)` changes the ids)."""
        self.control = Control(url)
        self._stderr = stderr_file
        self._reader: Optional[threading.Thread] = None

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @classmethod
    def start(
        cls,
        binary: Optional[str] = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: str = "virtual",
        extra_args: Sequence[str] = (),
        seed: Optional[int] = None,
        timeout: float = 30.0,
        env: Optional[Dict[str, str]] = None,
    ) -> "Server":
        """Starts `rftsim serve --host HOST --port PORT --clock CLOCK [extra_args]` and waits until
        it prints its ready line. `seed` is passed as `--seed` only if the binary supports it.
        Raises `ServerStartError` with the server's output if it exits first or `timeout` passes."""
        path = find_binary(binary)
        supports_seed = cls.binary_supports_seed(path)
        args: List[str] = [path, "serve", "--host", host, "--port", str(port), "--clock", clock, *extra_args]
        if seed is not None and supports_seed:
            args += ["--seed", str(seed)]
        stderr_file = tempfile.TemporaryFile()
        try:
            process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr_file,
                text=True, bufsize=1, env=env,
            )
        except OSError as error:
            stderr_file.close()
            raise ServerStartError(f"cannot run {path}: {error}") from None
        assert process.stdout is not None
        found: List[Any] = []
        output: List[str] = []

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                if not found:
                    output.append(line)
                    match = _READY.match(line)
                    if match:
                        found.append(match)
                # After the ready line, keep draining stdout so the server never blocks on a full pipe.

        reader = threading.Thread(target=read, name="rftsim-serve-stdout", daemon=True)
        reader.start()
        deadline = time.monotonic() + timeout
        while not found:
            if process.poll() is not None:
                reader.join(1)
                if found:
                    break
                raise ServerStartError(cls._died_message(args, process.returncode, output, stderr_file))
            if time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise ServerStartError(
                    f"`{' '.join(args)}` printed no ready line within {timeout:g} s.\n"
                    + cls._output_text(output, stderr_file)
                )
            time.sleep(0.01)
        match = found[0]
        url = match.group(1)
        if host in ("0.0.0.0", "::"):
            url = re.sub(r"//[^/]+:", "//127.0.0.1:", url)
        server = cls(process, url, match.group(2), path, stderr_file, supports_seed)
        server._reader = reader
        return server

    @staticmethod
    def binary_supports_seed(binary: str) -> bool:
        """Whether `BINARY serve --help` lists `--seed` (per-seed ids)."""
        try:
            result = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return False
        return re.search(r"(^|\s)--seed\b", result.stdout + result.stderr) is not None

    @staticmethod
    def _output_text(stdout: List[str], stderr_file: IO[bytes]) -> str:
        stderr_file.seek(0)
        err = stderr_file.read().decode(errors="replace").strip()
        out = "".join(stdout).strip()
        parts = []
        if err:
            parts.append(f"stderr:\n{err}")
        if out:
            parts.append(f"stdout:\n{out}")
        return "\n".join(parts) if parts else "(it printed nothing)"

    @classmethod
    def _died_message(cls, args: Sequence[str], status: int, stdout: List[str], stderr_file: IO[bytes]) -> str:
        how = f"exit status {status}" if status >= 0 else f"signal {signal.Signals(-status).name}"
        return f"`{' '.join(args)}` exited before it was ready ({how}).\n" + cls._output_text(stdout, stderr_file)

    def stderr(self) -> str:
        """What the server wrote to stderr so far."""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def openai_client(self, api_key: str = "sk-rftsim-test", **options: Any) -> "openai.OpenAI":
        """An `openai.OpenAI` client on this server (`options` go to its constructor, e.g.
        `max_retries`)."""
        import openai

        return openai.OpenAI(base_url=self.base_url, api_key=api_key, **options)

    def stop(self, timeout: float = 5.0) -> int:
        """Sends SIGTERM and waits (SIGKILL after `timeout` s); returns the exit status."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._reader is not None:
            self._reader.join(2)
        if self.process.stdout and not (self._reader and self._reader.is_alive()):
            self.process.stdout.close()
        if not self._stderr.closed:
            self._stderr.close()
        return self.process.returncode

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ExternalServer:
    """A server started by someone else (a CI service container, `rftsim serve` in another
    terminal), reached at `url`. It has the attributes of `Server` a test uses; `stop` does nothing."""

    def __init__(self, url: str) -> None:
        url = url.rstrip("/")
        if url.endswith("/v1"):
            url = url[: -len("/v1")]
        self.url = url
        self.base_url = url + "/v1"
        self.control = Control(url)
        self.supports_seed = False
        self.binary: Optional[str] = None

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Waits until the control API answers; raises `ServerStartError` with the last error."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.control.clock()
                return
            except Exception as error:  # noqa: BLE001 - any failure means not ready yet
                if time.monotonic() > deadline:
                    raise ServerStartError(f"no rftsim server answers at {self.url}: {error}") from None
                time.sleep(0.2)

    def stop(self, timeout: float = 5.0) -> int:
        return 0
