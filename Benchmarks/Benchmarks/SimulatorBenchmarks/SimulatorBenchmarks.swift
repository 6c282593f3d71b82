import Benchmark
import Simulator

/// The trainer's hot loop on the reference configuration: 24 candidate answers per item,
/// 16 dense features, batch 16, G = 8 (128 sampled-and-scored answers per step), GRPO with SGD,
/// exact whole-table metrics every step.
///
/// One benchmark iteration is one training step (throughput = steps/s; ×128 for answers/s) or a
/// whole 1,000-step `Trainer.run()`. CI-style gates use instructions and mallocs only: a step must
/// allocate nothing (`mallocCountTotal` = 0).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .memoryLeaked],
        scalingFactor: .one,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    let table = ReferenceTable.make(items: 16)
    let configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.05, batchSize: 16, groupSize: 8, steps: 1_000, seed: 7)

    Benchmark("TrainingSession.step (24 answers × 16 features, B 16, G 8)") { benchmark in
        let session = try Trainer(table: table, configuration: configuration).makeSession()
        session.step()  // the first step fills the policy cache
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(session.step())
        }
    }

    // Issue 16's bandit, the one `scripts/simulate-vs-numpy` runs through the command line: 24
    // answers with one-hot features, the batch 16 copies of the prompt sharing one π, G = 8. The
    // in-process engine that `rftsim simulate` should stay within 1.5× of.
    Benchmark("TrainingSession.step, 24-answer bandit (B 16, G 8)") { benchmark in
        let rewards = (0..<24).map { (Double($0) / 23 * 10_000).rounded() / 10_000 }
        var bandit = TrainerConfiguration(algorithm: .grpo, learningRate: 0.1, batchSize: 16, groupSize: 8, steps: 1_000, seed: 7)
        bandit.trackedItem = 0
        let session = try Trainer(table: try .bandit(rewards: rewards, copies: 16), configuration: bandit).makeSession()
        session.step()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(session.step())
        }
    }

    // The token model (docs/DYNAMICS.md §6): every answer has a length, and GRPO weighs each
    // sampled answer by L̄/ℓ (per-sequence normalisation). Must allocate nothing and cost at most
    // 25 % more than the step above.
    Benchmark("TrainingSession.step with answer lengths (24 × 16, B 16, G 8)") { benchmark in
        var lengthTable = table
        try lengthTable.setAnswerTokens((0..<lengthTable.candidateCount).map { Double(200 + ($0 * 37) % 1_800) })
        var variant = configuration
        variant.dynamics.lengthNormalization = true
        let session = try Trainer(table: lengthTable, configuration: variant).makeSession()
        session.step()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(session.step())
        }
    }

    // A sweep's step (docs/SWEEPS.md): the step with answer lengths above, then its seconds from
    // the tokens it sampled (StepTokenCounter, TimingModel.timing(of:)), as sweeps and `rftsim
    // simulate` time every step. Must allocate nothing and cost at most 25 % more than the plain step.
    Benchmark("TrainingSession.step timed at its sampled tokens (24 × 16, B 16, G 8)") { benchmark in
        var lengthTable = table
        let texts = (0..<lengthTable.candidateCount).map { String(repeating: "token ", count: 1 + $0 % 40) }
        let lengths = TokenLengths(table: lengthTable, texts: texts)
        try lengthTable.setAnswerTokens(lengths.answerTokens(mean: 3330))
        var variant = configuration
        variant.dynamics.lengthNormalization = true
        let session = try Trainer(table: lengthTable, configuration: variant).makeSession()
        let timing = try TimingModel(workload: .init(
            batchSize: 16, samplesPerPrompt: 8, reasoningTokensPerSample: 3330, answerTokensPerSample: 46, validationItems: 0,
            evalSamples: 1, evalInterval: 1_000, graders: [.init(name: "judge", type: .scoreModel)]))
        let counter = StepTokenCounter(train: lengthTable, lengths: lengths, validation: nil, timing: timing)
        session.step()
        var seconds = 0.0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let metrics = session.step()
            seconds += timing.timing(of: counter.tokens(of: session, validated: false)).fullIteration
            blackHole(metrics)
        }
        blackHole(seconds)
    }

    // The harness's own allocations per sample (16 on Linux with the malloc interposer): subtract
    // them from the step benchmarks' `mallocCountTotal`.
    Benchmark("Harness baseline (empty loop)") { benchmark in
        var x = 0
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { x &+= i }
        blackHole(x)
    }

    for algorithm in [Algorithm.rloo, .drGRPO, .reinforce, .exact] {
        Benchmark("TrainingSession.step \(algorithm.rawValue) (24 × 16, B 16, G 8)") { benchmark in
            var variant = configuration
            variant.algorithm = algorithm
            let session = try Trainer(table: table, configuration: variant).makeSession()
            session.step()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(session.step())
            }
        }
    }

    // The same step as jobs run it (docs/DYNAMICS.md): four off-span columns and a format column
    // with κ = 10 and δ₀ = 0.25, at a learning rate whose steps leave the trust region; and with
    // transfer ρ = 0.5 (each training item's own ψ). Both must allocate nothing, like the plain step.
    let jobTable = ReferenceTable.withOffSpanColumns(items: 16)
    for (name, dynamics) in [("instability", TrainingDynamics.jobDefault),
                             ("instability and transfer 0.5", TrainingDynamics(transfer: 0.5, instability: 10, trustRegion: 0.25))] {
        Benchmark("TrainingSession.step with \(name) (24 × 16 + 5 off-span, B 16, G 8)") { benchmark in
            var variant = configuration
            variant.learningRate = 0.5
            variant.dynamics = dynamics
            let session = try Trainer(table: jobTable, configuration: variant).makeSession()
            session.step()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(session.step())
            }
        }
    }

    Benchmark(
        "Trainer.run, 1,000 steps (24 × 16, B 16, G 8)",
        configuration: .init(metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 1_000)
    ) { benchmark in
        let trainer = try Trainer(table: table, configuration: configuration)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(trainer.run())
        }
    }
}

/// A deterministic response table: `items` prompts × 24 candidates, 16 Gaussian-like features,
/// about 30% correct answers, priors and gold rewards from a fixed LCG.
enum ReferenceTable {
    static func make(items: Int, candidates: Int = 24, features: Int = 16) -> ResponseTable {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        func normalish() -> Double { (0..<4).reduce(0) { sum, _ in sum + uniform() } - 2 }
        let n = items * candidates
        return try! ResponseTable(
            featureCount: features,
            candidateCounts: [Int](repeating: candidates, count: items),
            rewards: (0..<n).map { _ in uniform() < 0.3 ? 1 : 0 },
            priorLogits: (0..<n).map { _ in normalish() },
            features: (0..<(n * features)).map { _ in normalish() },
            goldRewards: (0..<n).map { _ in uniform() }
        )
    }

    /// ``make(items:candidates:features:)`` with the columns of ``TrainingDynamics``'s
    /// instability after its features: four standard-normal-like directions and a format column
    /// marking about one answer in ten as malformed.
    static func withOffSpanColumns(items: Int, candidates: Int = 24, features: Int = 16) -> ResponseTable {
        let base = make(items: items, candidates: candidates, features: features)
        var state: UInt64 = 0x2545_f491_4f6c_dd1d
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let width = features + 5
        var rows: [Double] = []
        rows.reserveCapacity(base.candidateCount * width)
        for c in 0..<base.candidateCount {
            rows += base.features(ofCandidate: c)
            rows += (0..<4).map { _ in (0..<4).reduce(0) { sum, _ in sum + uniform() } - 2 }
            rows.append(uniform() < 0.1 ? 1 : 0)
        }
        var table = try! ResponseTable(
            featureCount: width, candidateCounts: (0..<base.itemCount).map { base.candidates(of: $0).count },
            rewards: base.rewards, priorLogits: base.priorLogits, features: rows, goldRewards: base.goldRewards)
        table.offSpan = .init(directions: features..<(features + 4), format: features + 4)
        return table
    }
}
