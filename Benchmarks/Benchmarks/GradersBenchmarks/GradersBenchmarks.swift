import Benchmark
import Graders

/// Grader throughput through the public API (`GraderEngine.gradeLocally`: template rendering,
/// tokenizing and scoring), on pairs of about 30 words like the issue's targets. Throughput is
/// in evaluations per second; memory metrics show it stays flat.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    let engine = GraderEngine()
    let pairs = BenchmarkPairs.make(count: 64, words: 30)

    // The harness's own allocations per sample under this configuration: subtract them from the
    // graders' `mallocCountTotal` (scripts/benchmark-gate does).
    Benchmark("Harness baseline (empty loop)") { benchmark in
        var x = 0
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { x &+= i }
        blackHole(x)
    }

    Benchmark("string_check eq, score only") { benchmark in
        let grader = try Grader(json: JSONValue(parsing: #"{"type":"string_check","name":"c","input":"{{sample.output_text}}","reference":"{{item.answer}}","operation":"eq"}"#))
        guard case .stringCheck(let check) = grader else { return }
        let context = TemplateContext(item: ["answer": "Paris"], sample: Sample(outputText: "Paris"))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try check.score(context))
        }
    }

    Benchmark("string_check eq, graders/run result") { benchmark in
        let grader = try Grader(json: JSONValue(parsing: #"{"type":"string_check","name":"c","input":"{{sample.output_text}}","reference":"{{item.answer}}","operation":"eq"}"#))
        let item: JSONValue = ["answer": "Paris"]
        let sample = Sample(outputText: "Paris")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(engine.gradeLocally(grader, item: item, sample: sample))
        }
    }

    for metric in ["fuzzy_match", "bleu", "gleu", "meteor", "rouge_1", "rouge_l", "cosine"] {
        Benchmark("text_similarity \(metric), 30 words") { benchmark in
            let grader = try Grader(json: JSONValue(parsing: #"{"type":"text_similarity","name":"t","input":"{{sample.output_text}}","reference":"{{item.reference}}","evaluation_metric":"\#(metric)"}"#))
            let prepared = pairs.map { (item: JSONValue.object(["reference": .string($0.reference)]), sample: Sample(outputText: $0.input)) }
            _ = engine.gradeLocally(grader, item: prepared[0].item, sample: prepared[0].sample)  // loads WordNet for meteor
            benchmark.startMeasurement()
            for index in benchmark.scaledIterations {
                let pair = prepared[index % prepared.count]
                blackHole(engine.gradeLocally(grader, item: pair.item, sample: pair.sample))
            }
        }
    }
}

/// Deterministic ~30-word sentence pairs: a reference and a perturbed copy.
enum BenchmarkPairs {
    static let vocabulary = """
        the a cat cats dog sat sitting run running big large small house home quick fast brown fox jumps over lazy \
        policy compliant review employee password data access grant deny manager approve request security happy \
        car automobile buy purchase answer reply correct wrong is are was be has have on in at of to for with and
        """.split(separator: " ").map(String.init)

    static func make(count: Int, words: Int) -> [(input: String, reference: String)] {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in
            let reference = (0..<words).map { _ in vocabulary[next(vocabulary.count)] }
            var input = reference
            for _ in 0..<(words / 5) { input[next(words)] = vocabulary[next(vocabulary.count)] }
            return (input.joined(separator: " "), reference.joined(separator: " "))
        }
    }
}
