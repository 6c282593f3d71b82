import Stochastics
import Testing

struct StatisticsTests {
    @Test func meanAndStandardDeviationUseTheBesselDenominator() {
        let values = [4.1, 5.3, 4.8, 6.0, 5.5, 4.9, 5.2, 4.4, 5.8, 5.0]
        #expect(abs(Statistics.mean(values)! - 5.1) < 1e-12)
        #expect(abs(Statistics.standardDeviation(values)! - 0.590668171555645) < 1e-12)  // numpy std(ddof=1)
    }

    @Test func tooSmallSamplesHaveNoStatistic() {
        #expect(Statistics.mean([]) == nil)
        #expect(Statistics.standardDeviation([1]) == nil)
        #expect(Statistics.quantile(0.5, of: []) == nil)
        #expect(Statistics.quantile(1.5, of: [1, 2]) == nil)
        #expect(Statistics.quantile(0.5, of: [1, .nan]) == nil)
    }

    @Test func quantilesMatchNumpysDefault() {
        // numpy.quantile(data, p), linear interpolation (Hyndman–Fan type 7).
        let data = [2.5, 0.5, 9.0, 4.0, 7.25, 1.0, 3.0, 8.0, 6.5, 5.0, 10.0]
        let expected = [0.5, 1.0, 2.75, 5.0, 9.0, 10.0]
        let actual = Statistics.quantiles([0, 0.1, 0.25, 0.5, 0.9, 1], of: data)!
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 1e-12) }
        #expect(Statistics.median([3, 1, 2, 10]) == 2.5)
    }

    @Test func studentTIntervalUsesTheTableQuantile() throws {
        // t(0.975, 9) = 2.262 (any t table); mean 5.1, s = 0.590668…, n = 10.
        let values = [4.1, 5.3, 4.8, 6.0, 5.5, 4.9, 5.2, 4.4, 5.8, 5.0]
        let interval = try ConfidenceInterval.studentT(meanOf: values)
        #expect(abs(interval.halfWidth / (0.590668171555645 / 10.0.squareRoot()) - 2.262157162798205) < 1e-9)
        #expect(abs(interval.lower - 4.6774614443406035) < 1e-9)
        #expect(abs(interval.upper - 5.522538555659396) < 1e-9)
        // t(0.995, 29) = 2.756 from the table: a 99% interval of 30 values.
        let thirty = (0..<30).map { Double($0 % 2) }
        let wide = try ConfidenceInterval.studentT(meanOf: thirty, level: 0.99)
        let se = Statistics.standardDeviation(thirty)! / 30.0.squareRoot()
        #expect(abs(wide.halfWidth / se - 2.756385903670605) < 1e-9)
    }

    // Published Clopper–Pearson 95% intervals (e.g. Newcombe 1998, Table I; scipy beta.ppf agrees).
    @Test(arguments: [
        (5, 20, 0.08657146910143461, 0.49104587170795744),
        (0, 10, 0.0, 0.3084971078187607),
        (10, 10, 0.6915028921812392, 1.0),
        (7, 50, 0.05819170034037209, 0.2673960024970084),
    ])
    func clopperPearsonMatchesPublishedValues(successes: Int, trials: Int, lower: Double, upper: Double) throws {
        let interval = try ConfidenceInterval.clopperPearson(successes: successes, trials: trials)
        #expect(abs(interval.lower - lower) < 1e-9)
        #expect(abs(interval.upper - upper) < 1e-9)
        #expect(interval.estimate == Double(successes) / Double(trials))
    }

    @Test func intervalsRejectImpossibleInputs() {
        #expect(throws: StochasticsError.self) { try ConfidenceInterval.studentT(meanOf: [1]) }
        #expect(throws: StochasticsError.self) { try ConfidenceInterval.studentT(meanOf: [1, 2], level: 1) }
        #expect(throws: StochasticsError.self) { try ConfidenceInterval.studentT(meanOf: [1, .infinity]) }
        #expect(throws: StochasticsError.self) { try ConfidenceInterval.clopperPearson(successes: 3, trials: 2) }
        #expect(throws: StochasticsError.self) { try ConfidenceInterval.clopperPearson(successes: 0, trials: 0) }
        #expect(throws: StochasticsError.self) { try ConfidenceInterval.clopperPearson(successes: 1, trials: 2, level: 0) }
    }

    @Test func errorsSayWhatWasWrong() {
        do {
            _ = try ConfidenceInterval.clopperPearson(successes: 3, trials: 2)
            Issue.record("expected an error")
        } catch let error as StochasticsError {
            #expect(error.code == .invalidArgument)
            #expect(error.description.contains("3 of 2"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
