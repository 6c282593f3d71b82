// swift-tools-version: 6.1
import PackageDescription

// A package of its own, so that building or testing RFTSim never compiles the benchmark tooling.
let package = Package(
    name: "RFTSimBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so the product reference below holds whatever the clone's folder is called.
        .package(name: "RFTSim", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "StochasticsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Stochastics", package: "RFTSim"),
            ],
            path: "Benchmarks/StochasticsBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "GradersBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Graders", package: "RFTSim"),
            ],
            path: "Benchmarks/GradersBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "SimulatorBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Simulator", package: "RFTSim"),
            ],
            path: "Benchmarks/SimulatorBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "ProviderBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Provider", package: "RFTSim"),
                .product(name: "Graders", package: "RFTSim"),
            ],
            path: "Benchmarks/ProviderBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "StudiesBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Studies", package: "RFTSim"),
            ],
            path: "Benchmarks/StudiesBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
