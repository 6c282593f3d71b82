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

    // The harness's own allocations per sample: subtract them from the benchmarks' mallocCountTotal.
    Benchmark("Harness baseline (empty loop)") { benchmark in
        var x = 0
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { x &+= i }
        blackHole(x)
    }

    // Shortest round-trip text of 17-digit values, as `rftsim simulate` writes its metrics: ours,
    // and the standard library's Double.write(to:) into a byte sink, for comparison.
    let values: [Double] = {
        let stream = RandomStream(seed: 42)
        return (0..<4_096).map { _ in stream.uniform() }
    }()

    Benchmark("ShortestDecimal.write, uniform [0, 1)") { benchmark in
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: ShortestDecimal.maximumLength)
        defer { bytes.deallocate() }
        var total = 0
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            total &+= ShortestDecimal.write(values[iteration & 4_095], to: bytes)
        }
        blackHole(total)
    }

    Benchmark("Double.write(to:) into bytes, uniform [0, 1)") { benchmark in
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        defer { bytes.deallocate() }
        var sink = ByteSink(bytes: bytes, capacity: 64)
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            values[iteration & 4_095].write(to: &sink)
        }
        blackHole(sink.count)
    }
}

/// A text stream that copies what it is given into fixed memory, its ASCII entry point being the
/// standard library's allocation-free path for numbers.
private struct ByteSink: TextOutputStream {
    let bytes: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private(set) var count = 0

    init(bytes: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.bytes = bytes
        self.capacity = capacity
    }

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { _writeASCII($0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.update(from: buffer.baseAddress!, count: min(buffer.count, capacity))
        count &+= buffer.count
    }
}
