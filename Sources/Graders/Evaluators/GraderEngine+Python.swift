extension GraderEngine {
    /// Runs the user's `grade(sample, item)` in the python worker of ``isolationKey``.
    func gradePython(_ grader: PythonGrader, item: JSONValue, sample: Sample, metadata: GraderResult.Metadata) async -> GraderResult {
        var metadata = metadata
        do {
            switch try await python.grade(
                source: grader.source, sampleJSON: sample.namespace.jsonText, itemJSON: item.jsonText, isolationKey: isolationKey) {
            case .score(let value):
                return GraderResult(reward: value, metadata: metadata)
            case .runtimeError(let details):
                metadata.errors.pythonGraderRuntimeError = true
                metadata.errors.pythonGraderRuntimeErrorDetails = details
            case .serverError(let type, let details):
                metadata.errors.pythonGraderServerError = true
                // The platform has no details field for server errors: the type carries them.
                metadata.errors.pythonGraderServerErrorType = "\(type): \(details)"
            }
        } catch let error as PythonGraderRunnerError where error.code == .sandboxUnavailable {
            metadata.errors.pythonGraderServerError = true
            metadata.errors.pythonGraderServerErrorType = "sandbox_unavailable: \(error)"
        } catch {
            metadata.errors.pythonGraderServerError = true
            metadata.errors.pythonGraderServerErrorType = "python_unavailable: \(error)"
        }
        return GraderResult(reward: 0, metadata: metadata)
    }
}
