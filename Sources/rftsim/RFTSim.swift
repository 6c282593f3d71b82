import ArgumentParser

/// The `rftsim` command: the entry point to RFTSim's simulator, provider and studies.
@main
struct RFTSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rftsim",
        abstract: "Offline, deterministic reinforcement fine-tuning: a mock provider and a stochastic trainer.",
        version: "0.1.0",
        subcommands: [Run.self, Simulate.self, Grade.self, Demo.self, Serve.self, Validate.self, Cost.self, Sweep.self, Merge.self, Calibrate.self]
    )
}
