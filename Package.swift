// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Settings every target of ours compiles with.
var swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// CI (.ci/run) sets RFTSIM_WARNINGS_AS_ERRORS=1: our targets then fail on any warning, while the
// dependencies build as usual (`swift build -Xswiftc -warnings-as-errors` would apply to them too).
// A flag here rather than always on, so a new toolchain's new warning does not stop a user's build.
if ProcessInfo.processInfo.environment["RFTSIM_WARNINGS_AS_ERRORS"] == "1" {
    swiftSettings.append(.unsafeFlags(["-warnings-as-errors"]))
}

let package = Package(
    name: "RFTSim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rftsim", targets: ["rftsim"]),
        .library(name: "Stochastics", targets: ["Stochastics"]),
        .library(name: "Graders", targets: ["Graders"]),
        .library(name: "Simulator", targets: ["Simulator"]),
        .library(name: "Provider", targets: ["Provider"]),
        .library(name: "MockServer", targets: ["MockServer"]),
        .library(name: "Studies", targets: ["Studies"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
    ],
    targets: [
        // MARK: - C libraries

        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),

        // MARK: - Libraries

        .target(
            name: "Stochastics",
            dependencies: ["CGSL"],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Graders",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Simulator",
            dependencies: ["Stochastics", "Graders"],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Provider",
            dependencies: ["Simulator", "Graders", "Stochastics"],
            resources: [.process("Resources")],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "MockServer",
            dependencies: [
                "Provider",
                "Graders",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Studies",
            dependencies: [
                "Simulator",
                "Provider",
                "Graders",
                "Stochastics",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executable

        .executableTarget(
            name: "rftsim",
            dependencies: [
                "Stochastics",
                "Graders",
                "Simulator",
                "Studies",
                "Provider",
                "MockServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: [
                // The toolchain links executables with -export-dynamic, which puts all of our and our
                // dependencies' ~90,000 symbols in the dynamic symbol table; nothing looks them up, and
                // the runtime's dladdr at start-up scans them all (about 1 ms of every command).
                .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))
            ]
        ),

        // MARK: - Tests

        // Fixtures shared by test targets (scenario folders in temporary directories); not a product.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "StochasticsTests",
            dependencies: ["Stochastics", "CGSL"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GradersTests",
            dependencies: ["Graders"],
            exclude: ["Reference"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["Simulator", "Graders"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProviderTests",
            dependencies: ["Provider", "Graders", "Simulator"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MockServerTests",
            dependencies: [
                "MockServer",
                "Provider",
                "Graders",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Python", "Corpus"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StudiesTests",
            dependencies: ["Studies", "Provider", "Graders", "Simulator", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "rftsimTests",
            dependencies: ["rftsim", "Provider", "Studies", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
