import ArgumentParser
import Foundation
import Testing

@testable import rftsim

struct SimulateCommandTests {
    @Test func writesOneLinePerStepWithThePolicy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-simulate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let scenario = folder.appendingPathComponent("bandit.yaml").path
        try """
            bandit:
              rewards: [1.0, 0.9, 0.1]
              initial_policy: [0.01, 0.05, 0.94]
            trainer:
              algorithm: rloo
              learning_rate: 0.1
              samples_per_prompt: 8
              batch_size: 4
              steps: 30
            seed: 7
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("metrics.jsonl").path
        let command = try #require(try RFTSim.parseAsRoot(["simulate", scenario, "--set", "trainer.steps=20", "--metrics", output]) as? RFTSim.Simulate)
        try command.run()
        let first = try String(contentsOfFile: output, encoding: .utf8)
        let lines = first.split(separator: "\n")
        #expect(lines.count == 20)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["step", "train_reward_mean", "policy_expected_reward", "entropy", "policy", "frac_reward_zero_std"] {
            #expect(line[key] != nil, "missing \(key)")
        }
        #expect((line["policy"] as? [Double])?.count == 3)
        try command.run()
        #expect(try String(contentsOfFile: output, encoding: .utf8) == first)  // bit-identical rerun
    }

    @Test func theCommittedBanditScenarioRuns() throws {
        let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/bandit-plateau.yaml").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("plateau-\(UUID().uuidString).jsonl").path
        let command = try #require(try RFTSim.parseAsRoot(["simulate", scenario, "--set", "trainer.steps=50", "--metrics", output]) as? RFTSim.Simulate)
        try command.run()
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 50)
    }
}

struct OutputSinkTests {
    @Test func writingThroughALinkKeepsTheLink() throws {
        // A path is written in place, not replaced: replacing it would turn /dev/null or a named
        // pipe into a regular file. A symbolic link shows the difference without touching /dev.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("target.jsonl").path
        let link = folder.appendingPathComponent("link.jsonl").path
        try "old content that is longer\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let sink = try OutputSink(path: link)
        try sink.write(Data("new\n".utf8))
        try sink.close()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: CommandFailure.self) { try OutputSink(path: "/nonexistent-rftsim/out.jsonl") }
    }
}
