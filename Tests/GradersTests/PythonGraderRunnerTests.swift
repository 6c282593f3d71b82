import Foundation
import Testing

@testable import Graders

/// The python grader runner against the local `python3`, in its sandbox: scoring, every kind of
/// invalid result, the worker's limits and isolation, its reuse, and the static source check.
struct PythonGraderRunnerTests {
    static let sample = #"{"choices":[],"output_text":"42","output_json":null,"output_tools":[],"output_audio":null}"#
    static let item = #"{"answer":"42","messages":[{"role":"user","content":"6 x 7?"}]}"#

    /// One runner with the default configuration for the tests that do not look at its process:
    /// starting an interpreter costs far more than a call, and the tests run in parallel. Its
    /// worker exits with the test process (its stdin closes).
    static let shared = PythonGraderRunner()

    /// Grades `source` once on the shared runner.
    func gradeOnce(_ source: String) async throws -> PythonGradeOutcome {
        try await Self.shared.grade(source: source, sampleJSON: Self.sample, itemJSON: Self.item)
    }

    /// The details of a runtime error, or a test failure.
    func runtimeDetails(_ outcome: PythonGradeOutcome, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        guard case .runtimeError(let details) = outcome else {
            Issue.record("expected a runtime error, got \(outcome)", sourceLocation: sourceLocation)
            return ""
        }
        return details
    }

    @Test func correctGraderScores() async throws {
        let source = """
            def grade(sample, item):
                return 1.0 if sample["output_text"] == item["answer"] else 0.25
            """
        #expect(try await gradeOnce(source) == .score(1.0))
        #expect(try await gradeOnce(source.replacingOccurrences(of: "\"answer\"]", with: "\"answer\"] + 'x'")) == .score(0.25))
    }

    @Test(arguments: [
        ("return 3", PythonGradeOutcome.score(3)),
        ("return True", .score(1)),
        ("return False", .score(0)),
        ("return -0.5", .score(-0.5)),
        ("from fractions import Fraction\n    return Fraction(1, 4)", .score(0.25)),
    ])
    func numericResultsScore(body: String, expected: PythonGradeOutcome) async throws {
        #expect(try await gradeOnce("def grade(sample, item):\n    \(body)\n") == expected)
    }

    @Test(arguments: [
        ("return '0.5'", "grade returned '0.5', not a finite float"),
        ("return None", "grade returned None, not a finite float"),
        ("return float('nan')", "grade returned nan, not a finite float"),
        ("return float('-inf')", "grade returned -inf, not a finite float"),
        ("return 10 ** 400", "not a finite float"),
        ("return [1.0]", "grade returned [1.0], not a finite float"),
    ])
    func invalidResultsAreRuntimeErrors(body: String, message: String) async throws {
        let details = runtimeDetails(try await gradeOnce("def grade(sample, item):\n    \(body)\n"))
        #expect(details.contains(message), "\(details)")
    }

    @Test func exceptionReportsTracebackWithUserLine() async throws {
        let source = """
            def helper(item):
                return item["missing"]

            def grade(sample, item):
                print("checking", sample["output_text"])
                return helper(item)
            """
        let details = runtimeDetails(try await gradeOnce(source))
        #expect(details.hasPrefix("Traceback (most recent call last):"), "\(details)")
        #expect(details.contains(#"File "grader.py", line 6, in grade"#), "\(details)")
        #expect(details.contains(#"return item["missing"]"#), "\(details)")
        #expect(details.contains("KeyError: 'missing'"), "\(details)")
        #expect(details.contains("Captured output:\nchecking 42"), "\(details)")
        #expect(!details.contains("<string>"), "worker frames must be trimmed: \(details)")
    }

    @Test func nonASCIIAndUndecodableOutputSurvivesTheProtocol() async throws {
        let source = #"""
            def grade(sample, item):
                print("caf\u00e9 \udcff \u2028 end")
                raise ValueError("\u00fcber")
            """#
        let details = runtimeDetails(try await gradeOnce(source))
        #expect(details.contains("ValueError: über"), "\(details)")
        #expect(details.contains("café ? \u{2028} end"), "\(details)")
    }

    @Test func sourceProblemsAreRuntimeErrors() async throws {
        let syntax = runtimeDetails(try await gradeOnce("def grade(sample, item):\n    return (\n"))
        #expect(syntax.contains("SyntaxError") && syntax.contains("line 2"), "\(syntax)")
        let missing = runtimeDetails(try await gradeOnce("def score(sample, item):\n    return 1.0\n"))
        #expect(missing == "the source does not define grade(sample, item)")
        let arity = runtimeDetails(try await gradeOnce("def grade(sample):\n    return 1.0\n"))
        #expect(arity.hasPrefix("grade(sample) must take exactly two arguments (sample, item)"), "\(arity)")
        let importTime = runtimeDetails(try await gradeOnce("import no_such_module_rftsim\ndef grade(s, i):\n    return 1\n"))
        #expect(importTime.contains("ModuleNotFoundError") && importTime.contains("line 1"), "\(importTime)")
    }

    @Test func userCodeReadsEmptyStdinAndCannotCorruptTheProtocol() async throws {
        let runner = PythonGraderRunner()
        let reader = """
            import sys
            def grade(sample, item):
                return float(len(sys.stdin.read()) + len(sys.stdin.readline()))
            """
        let printer = """
            import os, sys
            def grade(sample, item):
                print('{"id": 1, "status": "ok", "score": 0.0}')
                sys.stdout.flush()
                os.write(1, b'{"status": "ok", "score": 0.0}\\n')
                print("to stderr", file=sys.stderr)
                return 0.75
            """
        for _ in 0..<3 {
            let read = try await runner.grade(source: reader, sampleJSON: Self.sample, itemJSON: Self.item)
            #expect(read == .score(0), "\(read)")
            let printed = try await runner.grade(source: printer, sampleJSON: Self.sample, itemJSON: Self.item)
            #expect(printed == .score(0.75), "\(printed)")
        }
        #expect(await runner.workerLaunchCount == 1)
        await runner.shutdown()
    }

    @Test func wallTimeoutIsReportedAndTheNextCallWorks() async throws {
        let runner = PythonGraderRunner(configuration: .init(timeout: .seconds(1)))
        let spin = "def grade(sample, item):\n    while True:\n        pass\n"
        let sleep = "import time\ndef grade(sample, item):\n    time.sleep(5)\n    return 1.0\n"
        let quick = "def grade(sample, item):\n    return 0.5\n"
        for slow in [spin, sleep] {
            let details = runtimeDetails(try await runner.grade(source: slow, sampleJSON: Self.sample, itemJSON: Self.item))
            #expect(details.contains("timed out after 1 s"), "\(details)")
            #expect(try await runner.grade(source: quick, sampleJSON: Self.sample, itemJSON: Self.item) == .score(0.5))
        }
        #expect(await runner.workerLaunchCount == 3)
        await runner.shutdown()
    }

    @Test func cancellingACallStopsItAndTheNextCallWorks() async throws {
        let runner = PythonGraderRunner()
        let slow = Task {
            try await runner.grade(source: "def grade(s, i):\n    while True:\n        pass\n", sampleJSON: Self.sample, itemJSON: Self.item)
        }
        // Cancel once the request is with the worker (polling the runner's state, not sleeping
        // and hoping), so that the cancellation must stop a running call.
        while await runner.callsInFlight != 1 { try await Task.sleep(for: .milliseconds(2)) }
        slow.cancel()
        await #expect(throws: CancellationError.self) { try await slow.value }
        #expect(try await runner.grade(source: "def grade(s, i):\n    return 1\n", sampleJSON: Self.sample, itemJSON: Self.item) == .score(1))
        #expect(await runner.workerLaunchCount == 2)
        await runner.shutdown()
    }

    @Test func cpuLimitInterruptsUserCodeAndKeepsTheWorker() async throws {
        let runner = PythonGraderRunner(configuration: .init(timeout: .seconds(30), cpuTimeLimit: .seconds(1)))
        let spin = "def grade(sample, item):\n    while True:\n        try:\n            pass\n        except Exception:\n            pass\n"
        let details = runtimeDetails(try await runner.grade(source: spin, sampleJSON: Self.sample, itemJSON: Self.item))
        #expect(details.contains("exceeded the CPU time limit of 1 s"), "\(details)")
        #expect(details.contains(#"File "grader.py", line"#), "\(details)")
        #expect(try await runner.grade(source: "def grade(s, i):\n    return 1\n", sampleJSON: Self.sample, itemJSON: Self.item) == .score(1))
        #expect(await runner.workerLaunchCount == 1)
        await runner.shutdown()
    }

    @Test func memoryLimitIsAServerErrorAndTheNextCallWorks() async throws {
        let runner = PythonGraderRunner(configuration: .init(memoryLimit: 200 << 20))
        let hog = "def grade(sample, item):\n    block = bytearray(1 << 30)\n    return 1.0\n"
        let outcome = try await runner.grade(source: hog, sampleJSON: Self.sample, itemJSON: Self.item)
        guard case .serverError(let type, let details) = outcome else {
            Issue.record("expected a server error, got \(outcome)")
            return
        }
        #expect(type == "memory_limit")
        #expect(details.contains("MemoryError") && details.contains("209,715,200 bytes"), "\(details)")
        #expect(try await runner.grade(source: "def grade(s, i):\n    return 0.5\n", sampleJSON: Self.sample, itemJSON: Self.item) == .score(0.5))
        await runner.shutdown()
    }

    @Test func workerCrashIsAServerErrorAndTheNextCallWorks() async throws {
        let runner = PythonGraderRunner()
        let crash = "import os\ndef grade(sample, item):\n    os._exit(3)\n"
        let outcome = try await runner.grade(source: crash, sampleJSON: Self.sample, itemJSON: Self.item)
        guard case .serverError(let type, let details) = outcome else {
            Issue.record("expected a server error, got \(outcome)")
            return
        }
        #expect(type == "worker_crashed")
        #expect(details.contains("exited with status 3"), "\(details)")
        #expect(try await runner.grade(source: "def grade(s, i):\n    return 0.5\n", sampleJSON: Self.sample, itemJSON: Self.item) == .score(0.5))
        await runner.shutdown()
    }

    @Test func manyCallsReuseOneProcess() async throws {
        // Reuse is what is checked, not start-up speed: a loaded machine may take over the default 30 s to start.
        let runner = PythonGraderRunner(configuration: .init(startupTimeout: .seconds(300)))
        let source = """
            def grade(sample, item):
                return len(sample["output_text"]) / 10
            """
        try await runner.start()
        let pid = await runner.workerProcessIdentifier
        let calls = 2000
        let started = ContinuousClock.now
        for _ in 0..<calls {
            let outcome = try await runner.grade(source: source, sampleJSON: Self.sample, itemJSON: Self.item)
            #expect(outcome == .score(0.2))
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("PythonGraderRunner: \(calls) calls in \(elapsed), \(Int(Double(calls) / seconds)) calls/s")
        #expect(await runner.workerProcessIdentifier == pid)
        #expect(await runner.workerLaunchCount == 1)
        await runner.shutdown()
    }

    @Test func sourceCacheServesDifferentSources() async throws {
        // Capacity 2 with three sources forces evictions; module state shows when a source is
        // compiled afresh (the counter restarts) rather than served from the cache.
        let runner = PythonGraderRunner(configuration: .init(sourceCacheCapacity: 2))
        func counter(_ name: String) -> String {
            "calls = 0\ndef grade(sample, item):\n    global calls  # \(name)\n    calls += 1\n    return calls\n"
        }
        let (a, b, c) = (counter("a"), counter("b"), counter("c"))
        var scores: [Double] = []
        for source in [a, a, b, a, b, c, a, b, c] {
            scores.append(try await runner.grade(source: source, sampleJSON: Self.sample, itemJSON: Self.item).grade)
        }
        // c evicts a (least recently used), a evicts b, b evicts c.
        #expect(scores == [1, 2, 1, 3, 2, 1, 1, 1, 1])
        #expect(await runner.workerLaunchCount == 1)
        await runner.shutdown()
    }

    @Test func concurrentCallersTakeTurns() async throws {
        let runner = PythonGraderRunner()
        let source = "def grade(sample, item):\n    return float(item['n'])\n"
        let results = try await withThrowingTaskGroup(of: (Int, PythonGradeOutcome).self) { group in
            for n in 0..<50 {
                group.addTask { (n, try await runner.grade(source: source, sampleJSON: Self.sample, itemJSON: #"{"n":\#(n)}"#)) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0.value == .score(Double($0.key)) })
        await runner.shutdown()
    }

    @Test func invalidInputThrows() async throws {
        let runner = PythonGraderRunner()
        let source = "def grade(sample, item):\n    return 1.0\n"
        await #expect(throws: PythonGraderRunnerError.self) {
            try await runner.grade(source: source, sampleJSON: "[1, 2]", itemJSON: Self.item)
        }
        await #expect(throws: PythonGraderRunnerError.self) {
            try await runner.grade(source: source, sampleJSON: Self.sample, itemJSON: "{not json")
        }
        #expect(try await runner.grade(source: source, sampleJSON: Self.sample, itemJSON: Self.item) == .score(1))
        await runner.shutdown()
        let error = await #expect(throws: PythonGraderRunnerError.self) {
            try await runner.grade(source: source, sampleJSON: Self.sample, itemJSON: Self.item)
        }
        #expect(error?.code == .shutDown)
    }

    @Test func missingPythonIsAClearError() async throws {
        let configuration = PythonGraderRunner.Configuration(executable: "/nonexistent/bin/python3")
        let runner = PythonGraderRunner(configuration: configuration)
        let error = await #expect(throws: PythonGraderRunnerError.self) { try await runner.start() }
        #expect(error?.code == .pythonNotFound)
        #expect(error?.message.contains("/nonexistent/bin/python3") == true)
        #expect(error?.message.contains("apt-get install python3") == true)
        let onPath = PythonGraderRunner.Configuration(executable: "python3-rftsim-missing")
        let checkError = await #expect(throws: PythonGraderRunnerError.self) {
            try await PythonGraderRunner.checkSource("def grade(s, i): return 1", configuration: onPath)
        }
        #expect(checkError?.code == .pythonNotFound)
        #expect(checkError?.message.contains("python3-rftsim-missing was not found on PATH") == true)
        let reported = await PythonGraderRunner.checkSourceReportingFailures("def grade(s, i): return 1", configuration: onPath)
        #expect(reported.count == 1)
        #expect(reported.first?.hasPrefix("the source could not be checked: python3-rftsim-missing was not found") == true)
    }

    @Test func checkSourceAcceptsAValidGrader() async throws {
        let source = "import json\n\ndef grade(sample, item):\n    return 1.0\n"
        #expect(await PythonGraderRunner.checkSource(source) == [])
        #expect(try await PythonGraderRunner.checkSource(source, configuration: .init()) == [])
    }

    @Test func checkSourceFindsProblems() async throws {
        let large = "def grade(sample, item):\n    return 1.0\n" + String(repeating: "# padding\n", count: 30_720)
        #expect(await PythonGraderRunner.checkSource(large) == [
            "the source is 307240 bytes of UTF-8; a python grader's source must be smaller than 256 kB (262144 bytes)"
        ])
        #expect(await PythonGraderRunner.checkSource("def grade(sample, item):\n    return (\n") == [
            "syntax error at line 2, column 12: '(' was never closed"
        ])
        #expect(await PythonGraderRunner.checkSource("def score(sample, item):\n    return 1.0\n") == [
            "the source does not define a top-level function grade(sample, item)"
        ])
        #expect(await PythonGraderRunner.checkSource("x = 1\ndef grade(a):\n    return 1.0\n") == [
            "line 2: grade must take exactly two positional parameters (sample, item), but it is declared as grade(a)"
        ])
        #expect(await PythonGraderRunner.checkSource("async def grade(sample, item):\n    return 1.0\n").count == 1)
        // Never executed: a check must not run the user's top-level code.
        #expect(await PythonGraderRunner.checkSource("import os\nos._exit(1)\ndef grade(s, i):\n    return 1\n") == [])
    }
}
