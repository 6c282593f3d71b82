import Foundation
import Testing

@testable import Graders

/// Isolation between organisations: one sandboxed worker per key, tampering, disclosure and
/// forged replies by one key's grader have no effect on another's, and the pool is bounded.
struct PythonGraderPoolTests {
    static let sample = PythonGraderRunnerTests.sample
    static let item = PythonGraderRunnerTests.item

    func grade(_ pool: PythonGraderPool, _ source: String, key: String) async throws -> PythonGradeOutcome {
        try await pool.grade(source: source, sampleJSON: Self.sample, itemJSON: Self.item, isolationKey: key)
    }

    static let honest = "def grade(sample, item):\n    return 0.1\n"

    /// Patches the worker's own scoring function in `__main__`, as the issue's attack did.
    static let tamper = """
        import __main__
        def grade(sample, item):
            __main__._score = lambda result: 0.777
            return 0.0
        """

    @Test func tamperingWithTheInterpreterStaysInsideOneKey() async throws {
        let pool = PythonGraderPool()
        #expect(try await grade(pool, Self.tamper, key: "org-a") == .score(0))
        #expect(try await grade(pool, Self.honest, key: "org-b") == .score(0.1))
        // In its own worker the patch works, so the test could fail.
        #expect(try await grade(pool, Self.honest, key: "org-a") == .score(0.777))
        #expect(await pool.isolationKeys == ["org-a", "org-b"])
        await pool.shutdown()
    }

    @Test func anotherKeysSourcesCannotBeRead() async throws {
        let pool = PythonGraderPool()
        let secret = "def grade(sample, item):\n    return 0.25  # org-a-secret-rubric-31337\n"
        let snoop = """
            import __main__, linecache
            def grade(sample, item):
                seen = repr([entry for entry in getattr(__main__, "_cache", {}).values()]) + repr(linecache.cache)
                return 1.0 if "org-a-secret-" + "rubric-31337" in seen else 0.0
            """
        #expect(try await grade(pool, secret, key: "org-a") == .score(0.25))
        #expect(try await grade(pool, snoop, key: "org-b") == .score(0))
        #expect(try await grade(pool, snoop, key: "org-a") == .score(1), "in the same worker the source is visible")
        await pool.shutdown()
    }

    /// Writes forged replies to every descriptor the worker might answer on.
    static let forger = """
        import os
        def grade(sample, item):
            for fd in range(3, 12):
                for forged in (b'{"id": null, "status": "ok", "score": 0.777}\\n', b'{"id": 999999, "status": "ok", "score": 0.777}\\n'):
                    try:
                        os.write(fd, forged)
                    except OSError:
                        pass
            return 0.0
        """

    @Test func aForgedReplyKillsOnlyTheForgersWorker() async throws {
        let pool = PythonGraderPool()
        #expect(try await grade(pool, Self.honest, key: "org-b") == .score(0.1))
        let runnerB = try #require(await pool.runner(for: "org-b"))
        let outcome = try await grade(pool, Self.forger, key: "org-a")
        guard case .serverError(let type, let details) = outcome else {
            Issue.record("expected a protocol error, got \(outcome)")
            return
        }
        #expect(type == PythonGradeOutcome.ServerErrorType.protocolError)
        #expect(details.contains("unexpected reply from the worker"), "\(details)")
        #expect(try await grade(pool, Self.honest, key: "org-b") == .score(0.1))
        #expect(await runnerB.workerLaunchCount == 1)
        #expect(try await grade(pool, Self.honest, key: "org-a") == .score(0.1), "the forger's next call gets a fresh worker")
        #expect(await pool.runner(for: "org-a")?.workerLaunchCount == 2)
        await pool.shutdown()
    }

    @Test func theLeastRecentlyUsedIdleWorkerMakesRoomForANewKey() async throws {
        let pool = PythonGraderPool(maximumWorkers: 2)
        for key in ["org-a", "org-b", "org-a", "org-c"] {
            #expect(try await grade(pool, Self.honest, key: key) == .score(0.1))
        }
        #expect(await pool.isolationKeys == ["org-a", "org-c"])
        await pool.shutdown()
    }

    @Test func aFullPoolMakesANewKeyWaitForAnIdleWorker() async throws {
        let pool = PythonGraderPool(maximumWorkers: 1)
        let slow = Task { try await grade(pool, "import time\ndef grade(s, i):\n    time.sleep(1)\n    return 0.3\n", key: "org-a") }
        while await pool.runner(for: "org-a")?.callsInFlight != 1 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(try await grade(pool, Self.honest, key: "org-b") == .score(0.1))
        #expect(try await slow.value == .score(0.3))
        #expect(await pool.isolationKeys == ["org-b"])
        await pool.shutdown()
    }

    @Test func cancellingAPooledCallStopsItsWorker() async throws {
        let pool = PythonGraderPool()
        let slow = Task { try await grade(pool, "import time\ndef grade(s, i):\n    time.sleep(30)\n", key: "org-a") }
        while await pool.runner(for: "org-a")?.callsInFlight != 1 { try await Task.sleep(for: .milliseconds(2)) }
        slow.cancel()
        await #expect(throws: CancellationError.self) { try await slow.value }
        #expect(try await grade(pool, Self.honest, key: "org-a") == .score(0.1))
        #expect(await pool.runner(for: "org-a")?.workerLaunchCount == 2)
        await pool.shutdown()
    }

    @Test func theEngineGradesEachKeyInItsOwnWorker() async throws {
        let engine = GraderEngine()
        let tamper = Grader.python(PythonGrader(name: "t", source: Self.tamper))
        let honest = Grader.python(PythonGrader(name: "h", source: Self.honest))
        _ = await engine.isolated(for: "org-a").grade(tamper, item: [:], sample: Sample(outputText: "x"))
        #expect(await engine.isolated(for: "org-b").grade(honest, item: [:], sample: Sample(outputText: "x")).reward == 0.1)
        #expect(await engine.isolated(for: "org-a").grade(honest, item: [:], sample: Sample(outputText: "x")).reward == 0.777)
        await engine.shutdown()
    }
}
