import Foundation

extension PythonGraderRunner {
    /// The platform's limit on a python grader's source: it must be smaller than 256 kB, taken
    /// here as 256 × 1024 bytes of UTF-8.
    public static let sourceSizeLimit = 256 * 1024

    /// The problems the platform's grader validation would find in `source`, without running it;
    /// a failure to check becomes a problem too.
    ///
    /// This is ``checkSource(_:configuration:)`` with the default configuration, for validators
    /// that only collect problems: when the check itself cannot run (no `python3`, say), the
    /// result holds the size problem, if any, and a sentence that says why the rest could not be
    /// checked and how to fix that.
    ///
    /// ```swift
    /// let problems = await PythonGraderRunner.checkSource("def grade(a):\n    return 1\n")
    /// // ["line 1: grade must take exactly two positional parameters (sample, item), but it is declared as grade(a)"]
    /// ```
    ///
    /// - Parameter source: the grader's `source` field.
    /// - Returns: one sentence per problem; empty when the source is acceptable.
    public static func checkSource(_ source: String) async -> [String] {
        await checkSourceReportingFailures(source, configuration: Configuration())
    }

    /// ``checkSource(_:)`` with a configuration, for tests.
    static func checkSourceReportingFailures(_ source: String, configuration: Configuration) async -> [String] {
        do {
            return try await checkSource(source, configuration: configuration)
        } catch {
            let reason = (error as? PythonGraderRunnerError)?.message ?? "\(error)"
            return [sizeProblem(source), "the source could not be checked: \(reason)"].compactMap { $0 }
        }
    }

    /// The problems the platform's grader validation would find in `source`, without running it.
    ///
    /// The size is checked here. Everything else is checked by a short-lived `python3` process
    /// that parses and compiles the source (see ``sourceCheckScript``): syntax errors (with line
    /// and column), no top-level `grade`, `async def grade`, and a `grade` without exactly two
    /// positional parameters. The syntax accepted is that of the local interpreter's version.
    ///
    /// This is stricter than grading, which only needs `grade(sample, item)` to be callable:
    /// `def grade(sample, item, extra=None)` grades but is a problem here.
    ///
    /// - Parameters:
    ///   - source: the grader's `source` field.
    ///   - configuration: the interpreter and environment to use; its limits do not apply.
    /// - Returns: one sentence per problem; empty when the source is acceptable.
    /// - Throws: ``PythonGraderRunnerError`` with code `pythonNotFound` when there is no
    ///   interpreter, `sourceCheckFailed` when the checker fails; `CancellationError`.
    public static func checkSource(_ source: String, configuration: Configuration) async throws -> [String] {
        let problems = [sizeProblem(source)].compactMap { $0 }
        let environment = configuration.processEnvironment
        let executable = try PythonExecutable.locate(configuration.executable, environment: environment)
        let checker: PythonWorkerProcess
        do {
            checker = try PythonWorkerProcess(
                executable: executable, arguments: configuration.interpreterOptions + ["-c", sourceCheckScript],
                environment: environment)
        } catch {
            throw PythonGraderRunnerError(
                .sourceCheckFailed, "Could not start \(executable.path) to check a python grader's source.", cause: error)
        }
        defer { checker.terminate() }
        let reply = await checker.exchange(PythonWorkerProtocol.checkRequest(source: source), timeout: configuration.startupTimeout)
        if case .line(let line) = reply, let checked = try? PythonWorkerProtocol.decodeCheck(line) {
            return problems + checked
        }
        if reply == .cancelled { throw CancellationError() }
        let stderr = checker.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        throw PythonGraderRunnerError(
            .sourceCheckFailed,
            "\(executable.path) did not check the source (\(reply == .timedOut ? "no answer in time" : "it exited"))"
                + (stderr.isEmpty ? "." : ": \(stderr)"))
    }

    private static func sizeProblem(_ source: String) -> String? {
        let size = source.utf8.count
        guard size >= sourceSizeLimit else { return nil }
        return "the source is \(size) bytes of UTF-8; a python grader's source must be smaller than 256 kB (\(sourceSizeLimit) bytes)"
    }

    /// The Python program that checks a source without running it, run as
    /// `python3 -u [-s] -c <script>`.
    ///
    /// It reads one line `{"source": "…"}` and writes one line `{"problems": […]}`: a syntax
    /// error (from `ast.parse` and `compile`, with line and column), no top-level binding of
    /// `grade`, an `async def grade`, or a `def`/`lambda` `grade` without exactly two positional
    /// parameters (no `*args`, no keyword-only parameter without a default). A `grade` bound
    /// another way (import, assignment of a call, class) passes: only running it could tell.
    /// Top-level means the module's statements, including those nested in `if`, `try`, `with`,
    /// `for` and `while` blocks; the last binding wins, as in Python.
    static let sourceCheckScript = #"""
        import ast, json, sys


        def _statements(body):
            # Module-level statements, including those inside if/try/with/for/while blocks
            # (but not inside function or class bodies, whose bindings are not the module's).
            for node in body:
                yield node
                for field in ("body", "orelse", "finalbody"):
                    inner = getattr(node, field, None)
                    if isinstance(inner, list) and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        yield from _statements(inner)
                for handler in getattr(node, "handlers", None) or ():
                    yield from _statements(handler.body)


        def _binds_grade(node):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                return node.name == "grade"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                return any((alias.asname or alias.name.split(".")[0]) == "grade" for alias in node.names)
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                targets = [node.target]
            return any(isinstance(t, ast.Name) and t.id == "grade" for t in targets)


        def _signature(arguments):
            try:
                return "grade(%s)" % ast.unparse(arguments)
            except Exception:  # ast.unparse needs Python 3.9
                return "grade(%s)" % ", ".join(a.arg for a in arguments.posonlyargs + arguments.args)


        def _arity_problem(node, arguments):
            positional = len(arguments.posonlyargs) + len(arguments.args)
            required_keywords = [a.arg for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is None]
            if positional == 2 and arguments.vararg is None and not required_keywords:
                return None
            return "line %d: grade must take exactly two positional parameters (sample, item), but it is declared as %s" % (
                node.lineno, _signature(arguments))


        def problems(source):
            try:
                tree = ast.parse(source, filename="grader.py")
                compile(tree, "grader.py", "exec", dont_inherit=True)  # symbol-table errors: `return` outside a function, ...
            except SyntaxError as error:
                where = "line %s" % error.lineno if error.lineno else "an unknown line"
                if error.lineno and error.offset:
                    where += ", column %s" % error.offset
                return ["syntax error at %s: %s" % (where, error.msg)]
            except (ValueError, RecursionError, MemoryError) as error:
                return ["the source cannot be parsed: %s" % (error or type(error).__name__)]
            binding = None
            for node in _statements(tree.body):
                if _binds_grade(node):
                    binding = node
            if binding is None:
                return ["the source does not define a top-level function grade(sample, item)"]
            if isinstance(binding, ast.AsyncFunctionDef):
                return ["line %d: grade must be a plain function, not `async def`: the grader calls it without awaiting"
                        % binding.lineno]
            if isinstance(binding, ast.FunctionDef):
                return [p for p in [_arity_problem(binding, binding.args)] if p]
            if isinstance(binding, ast.Assign) and isinstance(binding.value, ast.Lambda):
                return [p for p in [_arity_problem(binding, binding.value.args)] if p]
            return []  # bound some other way (import, assignment, class): only running it can tell


        request = json.loads(sys.stdin.buffer.readline())
        sys.stdout.write(json.dumps({"problems": problems(request["source"])}) + "\n")
        """#
}
