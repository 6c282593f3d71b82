import Benchmark
import Foundation
import Studies

/// One cell of a sweep over `scenarios/security-compliance` as `rftsim sweep` runs it: 32 seeds ×
/// 300 steps (batch 16, 8 samples per prompt, validation every 5 steps over the 20 validation
/// items), then the cell's result and summary row (with its learning-curve fit).
///
/// One iteration is the whole cell (9,600 training steps); the answer space is built once, before
/// the measurement, as a sweep builds it once per distinct answer space. The sweep's 200-cell
/// case is this × 200 over `--jobs` workers (docs/SWEEPS.md has the measured times).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios/security-compliance").path

    Benchmark("Sweep cell: security-compliance, 32 seeds × 300 steps") { benchmark async throws in
        let plan = try SweepPlan(SweepSpecification(scenarioPath: scenario, seeds: 32, steps: 300))
        guard let runner = try await SweepPreparation(plan: plan).runners(for: plan.cells).first else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let result = runner.result((0..<32).map { runner.run($0) })
            blackHole(SweepSummary(manifest: plan.manifest, cells: [result]).rows)
        }
    }

    // `rftsim run scenarios/security-compliance` without process start-up: load the scenario, run the
    // job through the in-process provider (upload, validate, train, checkpoints, bill), render the
    // report and write the output folder with its figures.
    Benchmark("Scenario run: security-compliance through the provider, report and files written") { benchmark async throws in
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-bench-run-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let result = try await ScenarioRunner(scenario: try JobScenario.load(path: scenario)).run()
            try RunOutput.write(result, report: result.report, to: out)
        }
    }

    Benchmark("Sweep run: security-compliance, 1 seed × 300 steps") { benchmark async throws in
        let plan = try SweepPlan(SweepSpecification(scenarioPath: scenario, seeds: 1, steps: 300))
        guard let runner = try await SweepPreparation(plan: plan).runners(for: plan.cells).first else { return }
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            blackHole(runner.run(index))
        }
    }
}
