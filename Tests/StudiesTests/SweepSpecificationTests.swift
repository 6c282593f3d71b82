import Foundation
import Testing

@testable import Studies

@Suite("Sweep options: --vary, --shard, --seeds")
struct SweepSpecificationTests {
    @Test("A shard is INDEX/COUNT with 0 ≤ INDEX < COUNT", arguments: [
        ("3/2", "--shard 3/2: the index must be from 0 to 1 (0-based); shards are 0/2 and 1/2"),
        ("1/1", "--shard 1/1: the index must be from 0 to 0 (0-based); the only shard is 0/1"),
        ("0/0", "--shard 0/0: the shard count must be at least 1"),
        ("a/b", "--shard 'a/b': write INDEX/COUNT with whole numbers, e.g. --shard 0/4 (INDEX from 0 to COUNT-1)"),
        ("2", "--shard '2': write INDEX/COUNT with whole numbers, e.g. --shard 0/4 (INDEX from 0 to COUNT-1)"),
    ])
    func badShards(text: String, message: String) {
        #expect(throws: SweepError(.invalidSpecification, message)) { try SweepShard(parsing: text) }
    }

    @Test("Cell k belongs to shard k mod COUNT")
    func shardMembership() throws {
        let shard = try SweepShard(parsing: "1/3")
        #expect((0..<9).filter { shard.contains(cellIndex: $0) } == [1, 4, 7])
        #expect(SweepShard.whole.description == "0/1" && SweepShard.whole.isWhole)
    }

    @Test("--vary reads lists and ranges")
    func variations() throws {
        let list = try SweepVariation(parsing: "hyperparameters.batch_size=8, 16,32")
        #expect(list.key == "hyperparameters.batch_size" && list.domain == .values(["8", "16", "32"]))
        #expect(list.canonicalText == "hyperparameters.batch_size=8,16,32")
        let range = try SweepVariation(parsing: "hyperparameters.learning_rate_multiplier=0.1..10:log")
        #expect(range.domain == .range(low: 0.1, high: 10, logarithmic: true, integer: false))
        #expect(try SweepVariation(parsing: "hyperparameters.batch_size=4..32").domain == .range(low: 4, high: 32, logarithmic: false, integer: true))
        // A value that merely contains "..", such as a relative path, is a value.
        #expect(try SweepVariation(parsing: "data.training=../other/train.jsonl").domain == .values(["../other/train.jsonl"]))
    }

    @Test("Malformed --vary options are refused with what to write", arguments: [
        ("batch_size", "--vary 'batch_size': write key=value1,value2,… e.g. --vary hyperparameters.batch_size=8,16,32"),
        ("prior..success_rate=1", "--vary 'prior..success_rate=1': the key 'prior..success_rate' has an empty part; write a dotted path such as trainer.algorithm"),
        ("seed=1,,2", "--vary seed=1,,2: a value is empty; list values separated by commas, e.g. --vary seed=1,2,4"),
        ("seed=1,2,1", "--vary seed: the value '1' is listed twice"),
        ("prior.success_rate=0.5..0.1", "--vary prior.success_rate=0.5..0.1: the range is empty; write low..high with low < high"),
        ("prior.success_rate=0..1:log", "--vary prior.success_rate=0..1:log: a :log range needs low > 0"),
        ("prior.success_rate=0..x", "--vary prior.success_rate=0..x: a range is two finite numbers, low..high (e.g. 0.1..2 or 0.01..1:log)"),
    ])
    func badVariations(text: String, message: String) {
        #expect(throws: SweepError(.invalidSpecification, message)) { try SweepVariation(parsing: text) }
    }

    @Test("Seeds 0, a key varied twice and a range without --random are refused")
    func badSpecifications() throws {
        let zero = SweepSpecification(scenarioPath: "x", seeds: 0)
        #expect(throws: SweepError(.invalidSpecification, "--seeds 0: a sweep needs at least 1 seed per cell (e.g. --seeds 16)")) {
            try zero.validate()
        }
        let twice = SweepSpecification(scenarioPath: "x", variations: [try SweepVariation(parsing: "seed=1,2"), try SweepVariation(parsing: "seed=3")], seeds: 1)
        #expect(throws: SweepError(.invalidSpecification, "--vary seed is given twice; list all its values in one --vary")) { try twice.validate() }
        let range = SweepSpecification(scenarioPath: "x", variations: [try SweepVariation(parsing: "prior.success_rate=0.1..0.9")], seeds: 1)
        #expect(throws: SweepError(.invalidSpecification, "--vary prior.success_rate=0.1..0.9: a range is drawn from, so it needs --random N; for a grid list the values (--vary prior.success_rate=a,b,c)")) {
            try range.validate()
        }
    }
}
