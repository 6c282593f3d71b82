import ArgumentParser
import Provider
import Testing

@testable import rftsim

struct ServeCommandTests {
    @Test func parsesItsOptions() throws {
        let command = try #require(try RFTSim.parseAsRoot(["serve", "--port", "0", "--clock", "scaled:3600", "--price-sheet", "current-2026"]) as? RFTSim.Serve)
        #expect(command.port == 0 && command.host == "127.0.0.1")
        #expect(try command.clockMode() == .scaled(3600))
        #expect(command.priceSheet == "current-2026")
    }

    @Test(arguments: [
        (["serve", "--clock", "fast"], "--clock must be virtual, instant or scaled:FACTOR with FACTOR a number in (0, 1e9] (e.g. scaled:3600), got 'fast'."),
        (["serve", "--port", "70000"], "--port must be between 0 and 65535 (0 picks a free port), got 70000."),
        (["serve", "--price-sheet", "2019"], "--price-sheet must be one of launch-2025, current-2026, got '2019'."),
    ])
    func rejectsBadValuesWithAClearMessage(arguments: [String], message: String) {
        do {
            _ = try RFTSim.parseAsRoot(arguments)
            Issue.record("expected \(arguments) to be rejected")
        } catch {
            #expect(RFTSim.message(for: error) == message)
        }
    }
}
