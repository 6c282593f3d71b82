import ArgumentParser
import Testing

@testable import rftsim

struct DemoCommandTests {
    @Test func parsesItsOptions() throws {
        let command = try #require(try RFTSim.parseAsRoot(["demo", "--seed", "7", "--steps", "30"]) as? RFTSim.Demo)
        #expect(command.seed == 7)
        #expect(command.steps == 30)
        #expect(command.samples == 64)
    }

    @Test(arguments: [
        (["demo", "--steps", "3"], "--steps must be at least 4 to fit three parameters, got 3."),
        (["demo", "--ceiling", "1.2"], "--ceiling must be in [0, 1], got 1.2."),
        (["demo", "--start", "0.9", "--ceiling", "0.5"], "--start must be in [0, --ceiling], got 0.9."),
        (["demo", "--rate", "0"], "--rate must be a positive number, got 0.0."),
    ])
    func rejectsBadValuesWithAClearMessage(arguments: [String], message: String) {
        do {
            _ = try RFTSim.parseAsRoot(arguments)
            Issue.record("expected \(arguments) to be rejected")
        } catch {
            #expect(RFTSim.message(for: error) == message)
        }
    }

    @Test func reportIsDeterministicAndComparesFitWithTruth() throws {
        let command = try #require(try RFTSim.parseAsRoot(["demo"]) as? RFTSim.Demo)
        let first = try command.report()
        #expect(first == (try command.report()))
        #expect(first.contains("ODE (rk8pd) vs closed form: largest error"))
        #expect(first.contains("a       0.85000"))
        #expect(first.contains("95% Clopper–Pearson"))
    }
}
