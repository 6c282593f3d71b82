import Foundation
import Simulator
import TestSupport
import Testing

@testable import Studies
@testable import rftsim

/// `rftsim simulate`'s writer: the bytes are each line's `SimulationLine.jsonText()` in order,
/// however many times its ring of slots wraps, and a failure stops it without a hang.
struct LineWriterTests {
    static func temporaryFile(_ name: String) -> String {
        ScenarioFixture.temporaryFolder("line-writer-\(name)").path
    }

    /// The tests' ring: small, so that a few hundred lines wrap it.
    static let slotCount = 4
    /// Lines enough to wrap the ring three times and end in a partly filled slot.
    static let lineCount = 3 * slotCount * LineRing.linesPerSlot + 17

    static func metrics(_ step: Int, entropy: Double? = nil) -> StepMetrics {
        StepMetrics(
            step: step, epoch: Double(step) / 7, trainRewardMean: 1 / Double(step + 2), rewardStd: 0.25, fracRewardZeroStd: 0,
            entropy: entropy ?? Double(step).squareRoot(), kl: 1e-7 * Double(step), policyExpectedReward: step.isMultiple(of: 3) ? nil : 0.5)
    }

    @Test("A bandit's lines, probabilities included, over several turns of the ring")
    func banditLinesInOrder() throws {
        let rewards = (0..<5).map { Double($0) / 4 }
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.5, batchSize: 4, groupSize: 4, steps: Self.lineCount, seed: 3)
        configuration.trackedItem = 0
        let session = try Trainer(table: try ResponseTable.bandit(rewards: rewards, copies: 4), configuration: configuration).makeSession()
        let path = Self.temporaryFile("bandit")
        let writer = try LineWriter(path: path, policyCount: try #require(session.trackedProbabilityCount), slotCount: Self.slotCount)
        var expected = ""
        for _ in 0..<Self.lineCount {
            let step = session.step()
            try writer.write(step, policyOf: session)
            expected += try SimulationLine(metrics: step, policy: session.trackedProbabilities).jsonText() + "\n"
        }
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    @Test("A job's lines, with training seconds and cost, over several turns of the ring")
    func jobLinesInOrder() throws {
        let path = Self.temporaryFile("job")
        let writer = try LineWriter(path: path, slotCount: Self.slotCount)
        var expected = ""
        for step in 1...Self.lineCount {
            let metrics = Self.metrics(step)
            let seconds = step.isMultiple(of: 5) ? nil : 36.5 * Double(step)
            try writer.write(metrics, trainingSeconds: seconds, cost: 0.01 * Double(step))
            expected += try SimulationLine(metrics: metrics, trainingSeconds: seconds, cost: 0.01 * Double(step)).jsonText() + "\n"
        }
        try writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    @Test("A non-finite value in the last lines fails close() with its key; the lines before it are written")
    func nonFiniteValueAtTheEnd() throws {
        let path = Self.temporaryFile("nan-end")
        let writer = try LineWriter(path: path, slotCount: Self.slotCount)
        var expected = ""
        for step in 1...5 {
            try writer.write(Self.metrics(step))
            expected += try SimulationLine(metrics: Self.metrics(step)).jsonText() + "\n"
        }
        try writer.write(Self.metrics(6, entropy: .nan))
        #expect(throws: SimulationLine.NonFiniteValue(key: "entropy")) { try writer.close() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    @Test("A non-finite value early fails a later write, and the trainer's side never waits on the stopped writer")
    func nonFiniteValueEarly() throws {
        let path = Self.temporaryFile("nan-early")
        var failure: (any Error)?
        do {
            let writer = try LineWriter(path: path, slotCount: Self.slotCount)
            try writer.write(Self.metrics(1, entropy: .infinity))
            // Far more lines than the ring holds: without the failed writer passing over slots,
            // this would wait for room for ever.
            for step in 2...(20 * Self.slotCount * LineRing.linesPerSlot) { try writer.write(Self.metrics(step)) }
            try writer.close()
        } catch {
            failure = error
        }
        #expect(failure as? SimulationLine.NonFiniteValue == SimulationLine.NonFiniteValue(key: "entropy"))
    }

    @Test("The ring's slots fill about 1 MiB, from 4 to 32 of them")
    func slotCounts() {
        #expect(LineRing.slotCount(policyCount: 0) == 32)
        #expect(LineRing.slotCount(policyCount: 24) == 32)
        let wide = LineRing.slotCount(policyCount: 100)
        #expect(wide > 4 && wide < 32)
        let lineBytes = MemoryLayout<LineRing.PendingLine>.stride + 100 * MemoryLayout<Double>.stride
        #expect(wide * LineRing.linesPerSlot * lineBytes <= LineRing.ringBytes)
        #expect(LineRing.slotCount(policyCount: 100_000) == 4)
    }

    @Test("A writer dropped without close() stops its thread")
    func droppedWriter() throws {
        let path = Self.temporaryFile("dropped")
        weak var ring: LineRing?
        do {
            let writer = try LineWriter(path: path, slotCount: Self.slotCount)
            ring = writer.ring
            for step in 1...(2 * LineRing.linesPerSlot + 3) { try writer.write(Self.metrics(step)) }
        }
        // The writing thread holds the ring until it has stopped.
        let deadline = Date().addingTimeInterval(10)
        while ring != nil && Date() < deadline { usleep(1_000) }
        #expect(ring == nil)
    }
}
