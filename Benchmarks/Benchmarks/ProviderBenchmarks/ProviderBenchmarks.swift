import Benchmark
import Foundation
import Graders
import Provider

/// The provider without HTTP: what `GET /v1/fine_tuning/jobs/{id}` costs inside the actor (read
/// the job at the clock and write its JSON), what creating an RFT job costs (validate the files,
/// simulate the whole training), and how much memory 10,000 finished jobs hold.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    Benchmark("GET job: Provider.job(id:) + JSON text (RFT job, running)") { benchmark in
        let (provider, jobID) = try await ProviderWorkload.runningJob()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await provider.job(id: jobID, as: ProviderWorkload.caller).jsonText)
        }
    }

    Benchmark("GET job: Provider.job(id:) + JSONEncoder (for comparison)") { benchmark in
        let (provider, jobID) = try await ProviderWorkload.runningJob()
        let encoder = JSONEncoder()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try encoder.encode(try await provider.job(id: jobID, as: ProviderWorkload.caller)))
        }
    }

    Benchmark("createJob: RFT, 20 + 5 lines, auto hyperparameters (50 steps), instant clock",
              configuration: .init(maxDuration: .seconds(5), maxIterations: 2_000)) { benchmark in
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let (training, validation) = try await ProviderWorkload.upload(to: provider)
        _ = try await provider.createJob(ProviderWorkload.job(training: training, validation: validation), as: ProviderWorkload.caller)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await provider.createJob(ProviderWorkload.job(training: training, validation: validation), as: ProviderWorkload.caller))
        }
    }

    Benchmark("createRun: eval run of 1,000 jsonl rows, string_check + text_similarity (fuzzy_match), instant clock",
              configuration: .init(maxDuration: .seconds(10), maxIterations: 200)) { benchmark in
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let eval = try await provider.createEval(EvalWorkload.eval, as: ProviderWorkload.caller)
        let run = EvalWorkload.run(rows: 1_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let created = try await provider.createRun(evalID: eval.id, run, as: ProviderWorkload.caller)
            blackHole(try await provider.evalRun(evalID: eval.id, runID: created.id, as: ProviderWorkload.caller))
        }
    }

    Benchmark("10,000 finished RFT jobs held (peak resident memory)",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(600), maxIterations: 1)) { benchmark in
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let (training, validation) = try await ProviderWorkload.upload(to: provider)
        for _ in 0..<10_000 {
            blackHole(try await provider.createJob(ProviderWorkload.job(training: training, validation: validation), as: ProviderWorkload.caller))
        }
        blackHole(try await provider.listJobs(limit: 100, as: ProviderWorkload.caller))
    }
}

/// The load-test workload: 20 training and 5 validation arithmetic questions, a string_check grader.
enum ProviderWorkload {
    static let caller = Caller(apiKey: "sk-benchmark")

    static func lines(_ range: Range<Int>) -> Data {
        Data(range.map { i in
            #"{"messages":[{"role":"user","content":"What is \#(i) + \#(i)? Answer with the number only."}],"answer":"\#(2 * i)"}"#
        }.joined(separator: "\n").utf8)
    }

    static func upload(to provider: Provider) async throws -> (String, String) {
        let training = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune", content: lines(0..<20), as: caller)
        let validation = try await provider.uploadFile(filename: "valid.jsonl", purpose: "fine-tune", content: lines(20..<25), as: caller)
        return (training.id, validation.id)
    }

    static func job(training: String, validation: String) -> JSONValue {
        ["model": "o4-mini", "training_file": .string(training), "validation_file": .string(validation),
         "method": ["type": "reinforcement", "reinforcement": ["grader": [
            "type": "string_check", "name": "exact", "operation": "eq",
            "input": "{{sample.output_text}}", "reference": "{{item.answer}}"]]]]
    }

    /// A provider on a virtual clock with one job in `running`.
    static func runningJob() async throws -> (Provider, String) {
        let provider = Provider()
        let (training, validation) = try await upload(to: provider)
        let job = try await provider.createJob(job(training: training, validation: validation), as: caller)
        try await provider.advanceClock(seconds: 200)
        return (provider, job.id)
    }
}

/// The eval-run workload: arithmetic rows whose given samples are right every other row, graded by
/// an exact string_check and a fuzzy_match text_similarity.
enum EvalWorkload {
    static let eval: JSONValue = [
        "name": "benchmark",
        "data_source_config": ["type": "custom", "item_schema": ["type": "object", "properties": ["answer": ["type": "string"]]]],
        "testing_criteria": [
            ["type": "string_check", "name": "exact", "operation": "eq", "input": "{{sample.output_text}}", "reference": "{{item.answer}}"],
            ["type": "text_similarity", "name": "close", "evaluation_metric": "fuzzy_match", "pass_threshold": 0.8,
             "input": "{{sample.output_text}}", "reference": "{{item.answer}}"],
        ],
    ]

    static func run(rows: Int) -> JSONValue {
        let content: [JSONValue] = (0..<rows).map { i in
            ["item": ["question": .string("What is \(i) + \(i)?"), "answer": .string("The answer is \(2 * i).")],
             "sample": ["output_text": .string(i.isMultiple(of: 2) ? "The answer is \(2 * i)." : "It is \(2 * i + 1).")]]
        }
        return ["data_source": ["type": "jsonl", "source": ["type": "file_content", "content": .array(content)]]]
    }
}
