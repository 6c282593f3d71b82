import Testing

@testable import Graders

/// The python grader through the engine: outcomes become the platform's result fields.
struct PythonGraderEngineTests {
    private func grade(_ source: String, sample: String = "42") async throws -> GraderResult {
        let engine = GraderEngine()
        let grader = Grader.python(PythonGrader(name: "py", source: source))
        let result = await engine.grade(grader, item: ["answer": "42"], sample: Sample(outputText: sample))
        await engine.shutdown()
        return result
    }

    @Test func aGradeFunctionScoresTheSampleAgainstTheItem() async throws {
        let result = try await grade("""
            def grade(sample, item):
                return 1.0 if sample["output_text"] == item["answer"] else 0.25
            """)
        #expect(result.reward == 1)
        #expect(!result.metadata.errors.any)
        #expect(result.metadata.type == "python" && result.metadata.name == "py")
    }

    @Test func anExceptionIsARuntimeErrorWithItsTraceback() async throws {
        let result = try await grade("""
            def grade(sample, item):
                return item["missing"]
            """)
        #expect(result.reward == 0)
        #expect(result.metadata.errors.pythonGraderRuntimeError)
        #expect(result.metadata.errors.pythonGraderRuntimeErrorDetails?.contains("KeyError: 'missing'") == true)
    }

    @Test func aNonFloatIsARuntimeError() async throws {
        let result = try await grade("def grade(sample, item):\n    return 'high'\n")
        #expect(result.reward == 0 && result.metadata.errors.pythonGraderRuntimeError)
    }

    @Test func theValidatorChecksTheSourceWithoutRunningIt() async throws {
        let problems = await GraderValidator.validate(.python(PythonGrader(name: "p", source: "def grade(sample):\n    return 1\n")), checkPythonSources: true)
        #expect(problems.count == 1)
        #expect(problems.first?.path == "source")
    }
}
