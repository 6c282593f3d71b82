extension PythonGraderRunner {
    /// The Python program of the worker process, run as `python3 -u [-s] -c <script> <config>`.
    ///
    /// `<config>` is a JSON object: `memory_limit` (bytes or null), `cpu_limit` (seconds or null),
    /// `isolated` (drop the working directory from `sys.path`), and under the sandbox `sandbox`:
    /// `fsize` (`RLIMIT_FSIZE`), `uid` and `nproc` (switch to that uid and gid with that
    /// `RLIMIT_NPROC`, when bwrap ran as root), `reap` (kill every other process of the PID
    /// namespace after each call). At start the worker:
    /// - under the sandbox, sets those limits and drops to its own uid before anything else;
    /// - keeps private duplicates of fds 0 and 1 for the protocol (``PythonWorkerProtocol``), then
    ///   points fd 0 at `/dev/null`, so user code reading stdin gets end-of-file, and fd 1 at
    ///   stderr, which the runner drains, so fd-level writes cannot corrupt the protocol;
    /// - sets `RLIMIT_AS` (soft and hard) and installs a SIGXCPU handler for the CPU limit;
    /// - starts a daemon thread that exits the process once its parent is gone, even while user
    ///   code is stuck in a loop;
    /// - replies `ready`, then serves one request per line until its stdin closes.
    ///
    /// Per request it compiles and executes a new source once (as a fresh module named `grader`
    /// with file name `grader.py`, so `if __name__ == "__main__":` blocks do not run), caches the
    /// resulting `grade` function (or the error) under the runner's id, parses `sample` and `item`
    /// afresh, and calls `grade(sample, item)`. While user code runs, `sys.stdout` and
    /// `sys.stderr` are a bounded buffer (8 KB) whose text is appended to runtime-error details;
    /// the soft CPU limit is set to the CPU time used so far plus the per-call limit. Exceptions
    /// the worker raises into user code (CPU limit) derive from `BaseException`, so `except
    /// Exception:` does not swallow them. Tracebacks start at the user's first frame.
    ///
    /// All user sources of one runner share the interpreter: a grader that monkeypatches a module
    /// or builtins affects the others, which is why ``PythonGraderPool`` gives each organisation
    /// a runner of its own. The worker keeps its own references to `json` and `os` functions so
    /// that such patches cannot break the protocol by accident; the boundary is the sandbox.
    static let workerScript = #"""
        import io, json, linecache, math, numbers, os, resource, signal, sys, threading, time, traceback, types

        # Private references: user code that monkeypatches json or sys must not break the protocol.
        _loads, _dumps, _write, _getppid, _getpid, _exit = json.loads, json.dumps, os.write, os.getppid, os.getpid, os._exit
        _WORKER_FILE = sys._getframe().f_code.co_filename
        _FILENAME = "grader.py"
        _MAX_DETAILS = 32768
        _MAX_OUTPUT = 8192
        _CONFIG = _loads(sys.argv[1])
        _CPU_LIMIT = _CONFIG.get("cpu_limit")
        _SANDBOX = _CONFIG.get("sandbox") or {}
        _MEMORY_LIMIT = _CONFIG.get("memory_limit")
        _in_call = [False]
        _cache = {}


        class _CPUTimeExceeded(BaseException):
            """Raised by the SIGXCPU handler; a BaseException so that `except Exception` lets it through."""


        class _Invalid(Exception):
            """A problem the worker describes itself, reported without a traceback."""


        class _Output(io.TextIOBase):
            """Bounded sink that stands in for sys.stdout and sys.stderr while user code runs."""

            encoding = "utf-8"
            errors = "strict"

            def __init__(self):
                self._parts, self._size, self._dropped = [], 0, 0

            def writable(self):
                return True

            def write(self, text):
                if not isinstance(text, str):
                    raise TypeError("write() argument must be str, not %s" % type(text).__name__)
                room = _MAX_OUTPUT - self._size
                kept = text[:max(room, 0)]
                if kept:
                    self._parts.append(kept)
                    self._size += len(kept)
                self._dropped += len(text) - len(kept)
                return len(text)

            def text(self):
                text = "".join(self._parts)
                if self._dropped:
                    text += "\n[%d more characters not shown]" % self._dropped
                return text


        def _clip(text):
            if len(text) <= _MAX_DETAILS:
                return text
            head = _MAX_DETAILS // 4
            tail = _MAX_DETAILS - head
            return text[:head] + "\n[... %d characters not shown ...]\n" % (len(text) - head - tail) + text[-tail:]


        def _format(exc):
            # Drop the worker's own frames at the top, so the traceback starts in the user's code.
            tb = exc.__traceback__
            while tb is not None and tb.tb_frame.f_code.co_filename == _WORKER_FILE:
                tb = tb.tb_next
            try:
                text = "".join(traceback.format_exception(type(exc), exc, tb))
            except BaseException:
                text = "%s (the exception could not be formatted)" % type(exc).__name__
            return text.rstrip("\n")


        def _where(exc):
            # Where user code was when the worker interrupted it: its frames only, no exception line.
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != _WORKER_FILE]
            return ("Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))).rstrip("\n")


        def _short_repr(value):
            try:
                text = repr(value)
            except BaseException:
                text = "<%s object with a failing __repr__>" % type(value).__name__
            return text if len(text) <= 200 else text[:197] + "..."


        def _on_sigxcpu(signum, frame):
            if _in_call[0]:
                raise _CPUTimeExceeded()


        def _set_cpu_limit(armed):
            if not _CPU_LIMIT:
                return
            hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
            soft = hard
            if armed:
                usage = resource.getrusage(resource.RUSAGE_SELF)
                soft = int(math.ceil(usage.ru_utime + usage.ru_stime)) + _CPU_LIMIT
                if hard != resource.RLIM_INFINITY:
                    soft = min(soft, hard)
            resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


        def _guarded(action):
            """Runs action() as user code: output captured, CPU limit armed. Returns (status, value)."""
            output = _Output()
            saved = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = output
            try:
                try:
                    _set_cpu_limit(True)
                    _in_call[0] = True
                    try:
                        return "ok", action()
                    finally:
                        _in_call[0] = False
                        _set_cpu_limit(False)
                except _Invalid as error:
                    status, details = "runtime_error", str(error)
                except _CPUTimeExceeded as error:
                    status = "runtime_error"
                    details = "grade exceeded the CPU time limit of %d s\n%s" % (_CPU_LIMIT, _where(error))
                except MemoryError as error:
                    status = "memory_limit"
                    limit = " of %s bytes" % format(_MEMORY_LIMIT, ",") if _MEMORY_LIMIT else ""
                    details = "grade exceeded the memory limit%s\n%s" % (limit, _format(error))
                except BaseException as error:
                    status, details = "runtime_error", _format(error)
                captured = output.text()
                if captured:
                    details += "\n\nCaptured output:\n" + captured
                return status, _clip(details)
            finally:
                sys.stdout, sys.stderr = saved


        def _check_arity(function):
            import inspect
            try:
                signature = inspect.signature(function)
            except (TypeError, ValueError):
                return
            try:
                signature.bind(None, None)
            except TypeError as error:
                raise _Invalid("grade%s must take exactly two arguments (sample, item): %s" % (signature, error))


        def _load(source):
            # Tracebacks and inspect read the source's lines from linecache under its file name.
            lines = (len(source), None, source.splitlines(True), _FILENAME)
            linecache.cache[_FILENAME] = lines

            def load():
                code = compile(source, _FILENAME, "exec", dont_inherit=True)
                module = types.ModuleType("grader")
                module.__file__ = _FILENAME
                exec(code, module.__dict__)
                function = module.__dict__.get("grade")
                if function is None:
                    raise _Invalid("the source does not define grade(sample, item)")
                if not callable(function):
                    raise _Invalid("grade is a %s, not a function" % type(function).__name__)
                _check_arity(function)
                return function

            status, value = _guarded(load)
            return status, value, lines


        def _score(result):
            if isinstance(result, numbers.Real):  # float, int, bool, numpy scalars, Fraction
                try:
                    value = float(result)
                except (OverflowError, ValueError, TypeError):
                    value = None
                if value is not None and math.isfinite(value):
                    return value
            if type(result).__name__ == "coroutine":
                result.close()  # an `async def grade` was called without awaiting; silence the warning
            raise _Invalid("grade returned %s, not a finite float" % _short_repr(result))


        def _handle(message):
            rid = message.get("id")
            for stale in message.get("evict") or ():
                _cache.pop(stale, None)
            sid = message.get("source_id")
            entry = _cache.get(sid)
            if entry is None:
                source = message.get("source")
                if not isinstance(source, str):
                    return {"id": rid, "status": "protocol_error", "details": "source %r is not cached here" % (sid,)}
                entry = _cache[sid] = _load(source)
            arguments = []
            for name in ("sample", "item"):
                try:
                    value = _loads(message[name])
                except (KeyError, TypeError, ValueError) as error:
                    return {"id": rid, "status": "bad_request", "details": "%sJSON is not valid JSON: %s" % (name, error)}
                if not isinstance(value, dict):
                    return {"id": rid, "status": "bad_request",
                            "details": "%sJSON is a JSON %s, not an object" % (name, type(value).__name__)}
                arguments.append(value)
            status, function, lines = entry
            if status != "ok":
                return {"id": rid, "status": status, "details": function}
            linecache.cache[_FILENAME] = lines
            status, value = _guarded(lambda: _score(function(*arguments)))
            if status == "ok":
                return {"id": rid, "status": "ok", "score": value}
            return {"id": rid, "status": status, "details": value}


        def _confine():
            # Under the sandbox, before any user code: file size limit (EFBIG rather than SIGXFSZ),
            # then, when bwrap ran as root, this worker's own uid with its process limit.
            if not _SANDBOX:
                return
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            if _SANDBOX.get("fsize"):
                resource.setrlimit(resource.RLIMIT_FSIZE, (_SANDBOX["fsize"], _SANDBOX["fsize"]))
            uid = _SANDBOX.get("uid")
            if uid is not None:
                if _SANDBOX.get("nproc"):
                    resource.setrlimit(resource.RLIMIT_NPROC, (_SANDBOX["nproc"], _SANDBOX["nproc"]))
                os.setgroups([])
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
                if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid):
                    raise SystemExit("the worker could not switch to uid %d" % uid)


        def _reap():
            # Every process a call started dies with the call: in the sandbox's PID namespace, kill(-1)
            # reaches every process this uid may signal except this one and the namespace's init.
            if not (_SANDBOX.get("reap") and os.getppid() == 1 and os.getpid() != 1):
                return
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            while True:
                try:
                    os.waitpid(-1, 0)
                except ChildProcessError:
                    return
                except InterruptedError:
                    continue


        def _send(fd, reply):
            # JSON escapes newlines, so one reply is one line. Lone surrogates (from printing undecodable
            # text) are not valid UTF-8, and as JSON escapes the runner's decoder rejects them: replace.
            data = memoryview((_dumps(reply, ensure_ascii=False) + "\n").encode("utf-8", "replace"))
            while data:
                data = data[_write(fd, data):]


        def _watch_parent(parent):
            # Exit when the runner's process goes away, even if user code is stuck in a loop.
            while True:
                time.sleep(1.0)
                if _getppid() != parent:
                    os._exit(0)


        def _main():
            _confine()
            worker_pid = _getpid()
            # The protocol keeps private duplicates of fds 0 and 1. User code sees /dev/null as stdin,
            # and its fd-level writes to stdout go to stderr, which the runner drains.
            requests = os.fdopen(os.dup(0), "rb")
            replies = os.dup(1)
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(2, 1)
            os.close(null)
            if _CONFIG.get("isolated") and sys.path and sys.path[0] == "":
                del sys.path[0]
            warnings = []
            if _MEMORY_LIMIT:
                try:
                    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
                    limit = _MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(_MEMORY_LIMIT, hard)
                    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
                except (ValueError, OSError) as error:
                    warnings.append("the memory limit could not be set: %s" % error)
            # Threads of the runner's process may block signals, and a spawned child inherits the mask:
            # unblock them all, or SIGXCPU (and a grader's own signal.alarm) would never arrive.
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            if _CPU_LIMIT:
                signal.signal(signal.SIGXCPU, _on_sigxcpu)
            threading.Thread(target=_watch_parent, args=(_getppid(),), name="parent-watch", daemon=True).start()
            _send(replies, {"status": "ready", "python": sys.version.split()[0], "warnings": warnings})
            while True:
                line = requests.readline()
                if not line:
                    return
                try:
                    reply = _handle(_loads(line))
                except MemoryError:
                    reply = {"id": None, "status": "memory_limit", "details": "the worker ran out of memory"}
                except BaseException:
                    reply = {"id": None, "status": "protocol_error", "details": _clip(traceback.format_exc())}
                if _getpid() != worker_pid:
                    _exit(0)  # a child forked by user code that returned from it: never a second worker
                _reap()
                _send(replies, reply)


        _main()
        """#
}
