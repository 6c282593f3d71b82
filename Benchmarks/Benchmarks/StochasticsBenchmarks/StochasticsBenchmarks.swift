import Benchmark
import Stochastics

/// Throughput and allocations of the random streams the trainer draws from.
///
/// Each benchmark's unit of work is 1,000 draws (`scalingFactor: .kilo`), so throughput in the
/// report is thousands of draws per second. CI-style gates use instructions and mallocs only.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal, .memoryLeaked],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    for generator in RandomStream.Generator.allCases {
        Benchmark("RandomStream.uniform (\(generator.rawValue))") { benchmark in
            let stream = RandomStream(seed: 42, generator: generator)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(stream.uniform())
            }
        }
    }

    Benchmark("RandomStream.gaussian") { benchmark in
        let stream = RandomStream(seed: 42)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(stream.gaussian())
        }
    }

    Benchmark("RandomStream.index(weights:) over 16 answers") { benchmark in
        let stream = RandomStream(seed: 42)
        let weights = (1...16).map { Double($0) }
        weights.withUnsafeBufferPointer { buffer in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(stream.index(weights: buffer))
            }
        }
    }

    Benchmark("RandomStream.reseed per (step, item) then 8 draws") { benchmark in
        let root = StreamKey(seed: 42)
        let stream = RandomStream(key: root)
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            stream.reseed(root.child("sample", .index(UInt64(iteration))))
            for _ in 0..<8 { blackHole(stream.nextRaw()) }
        }
    }

    Benchmark("RandomStream.child (allocating a stream)") { benchmark in
        let parent = RandomStream(seed: 42)
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            blackHole(parent.child(.index(UInt64(iteration))).nextRaw())
        }
    }
}
