import Foundation
import Graders
import Testing

@testable import Simulator

/// Transfer, instability, the capability ceiling, pass@k, sampled validation and reasoning
/// effort (docs/DYNAMICS.md), on small response models built in the test.
struct TrainingDynamicsTests {
    /// A facet answer space (verdict right/near/opposite × explanation right/generic) over
    /// `items` compliance items, graded by a multi grader.
    static func model(items: Int = 24, offSpan: Int = 0, unsolvable: Double = 0, effort: ReasoningEffort = .medium,
                      seed: UInt64 = 5) async throws -> ResponseModel {
        var builder = ResponseModelBuilder(
            dataset: ResponseModelTests.dataset(items: items), grader: try ResponseModelTests.grader(ResponseModelTests.multi),
            answerSpace: .facets(try FacetSpace(
                facets: [
                    .init("verdict", values: [.init("right", text: "{{item.compliant}}"), .init("wrong", text: "maybe")]),
                    .init("explanation", values: [.init("right", text: "{{item.explanation}}"),
                                                  .init("generic", text: "It depends on the policy.")]),
                ],
                template: #"{"compliant": "{{facet.verdict}}", "explanation": "{{facet.explanation}}"}"#)),
            seed: seed)
        builder.responseFormat = ResponseModelTests.responseFormat
        builder.prior = BasePrior(successRate: 0.3, difficultyConcentration: 4, formatErrorRate: 0,
                                  unsolvableShare: unsolvable, reasoningEffort: effort)
        builder.offSpanDirections = offSpan
        return try await builder.build()
    }

    static func session(_ model: ResponseModel, trainItems: Int, dynamics: TrainingDynamics, learningRate: Double = 0.1,
                        steps: Int = 40, seed: UInt64 = 3) throws -> TrainingSession {
        let train = try model.table.selecting(items: Array(0..<trainItems))
        let valid = try model.table.selecting(items: Array(trainItems..<model.table.itemCount))
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: learningRate, batchSize: 4, groupSize: 8, steps: steps, seed: seed)
        configuration.evalInterval = 5
        configuration.dynamics = dynamics
        return try Trainer(table: train, validation: valid, configuration: configuration).makeSession()
    }

    // MARK: - Off-span columns and instability

    @Test func offSpanColumnsAreNamedAndTheFormatColumnMarksMalformedAnswers() async throws {
        let model = try await Self.model(offSpan: 4)
        let offSpan = try #require(model.table.offSpan)
        #expect(offSpan.directions.count == 4)
        #expect(model.featureNames.suffix(5) == ["off_span[0]", "off_span[1]", "off_span[2]", "off_span[3]", "off_span.format"])
        let valid = try #require(model.featureIndex("valid_format"))
        for c in 0..<model.table.candidateCount {
            let row = model.table.features(ofCandidate: c)
            #expect(row[row.startIndex + offSpan.format] == 1 - row[row.startIndex + valid])
        }
        // Without instability the columns are never learned.
        let session = try Self.session(model, trainItems: 16, dynamics: .neutral, learningRate: 1)
        TestSupport.advance(session, steps: 40)
        for column in offSpan.directions { #expect(session.parameters[column] == 0) }
        #expect(session.parameters[offSpan.format] == 0)
    }

    @Test func theOffSpanPartGrowsWithTheSquareOfTheStep() async throws {
        let model = try await Self.model(offSpan: 4)
        let offSpan = try #require(model.table.offSpan)
        func offSpanLength(learningRate: Double) throws -> Double {
            let session = try Self.session(model, trainItems: 16, dynamics: TrainingDynamics(instability: 1), learningRate: learningRate, steps: 1)
            session.step()
            return offSpan.directions.reduce(0) { $0 + session.parameters[$1] * session.parameters[$1] }.squareRoot()
        }
        let small = try offSpanLength(learningRate: 0.1), large = try offSpanLength(learningRate: 0.4)
        #expect(small > 0)
        // The same first batch and direction: 4× the step, 16× the off-span size.
        #expect(abs(large / small - 16) < 1e-6)
    }

    @Test func largeStepsCollapseTheValidRewardWhileSmallOnesDoNot() async throws {
        let model = try await Self.model(items: 32, offSpan: 4)
        func finalValid(learningRate: Double, seed: UInt64) throws -> (start: Double, end: Double) {
            let session = try Self.session(model, trainItems: 24, dynamics: .jobDefault, learningRate: learningRate, steps: 40, seed: seed)
            let start = Policy(unchecked: session.validationTable!, parameters: session.parameters).expectedReward()
            let end = try #require(TestSupport.advance(session, steps: 40)?.validPolicyExpectedReward)
            return (start, end)
        }
        let seeds: [UInt64] = Array(1...8)
        let gentle = try seeds.map { try finalValid(learningRate: 0.2, seed: $0) }
        let violent = try seeds.map { try finalValid(learningRate: 6.4, seed: $0) }
        #expect(gentle.allSatisfy { $0.end > $0.start + 0.1 })
        let gentleMean: Double = gentle.map(\.end).reduce(0, +) / 8
        let violentMean: Double = violent.map(\.end).reduce(0, +) / 8
        #expect(violentMean < gentleMean - 0.1)
    }

    // MARK: - Transfer

    @Test func withoutTransferValidationItemsNeverMoveAndTrainingItemsStillLearn() async throws {
        let model = try await Self.model()
        let session = try Self.session(model, trainItems: 16, dynamics: TrainingDynamics(transfer: 0))
        let validBefore = Policy(unchecked: session.validationTable!, parameters: session.parameters).expectedReward()
        let trainBefore = Policy(unchecked: session.table, parameters: session.parameters).expectedReward()
        let last = try #require(TestSupport.advance(session, steps: 40))
        #expect(session.parameters.allSatisfy { $0 == 0 })  // θ is shared; only the items' own ψ moved
        #expect(last.validPolicyExpectedReward == validBefore)
        #expect(try #require(last.policyExpectedReward) > trainBefore + 0.1)
    }

    @Test func fullTransferIsThePlainFeatureModelBitForBit() async throws {
        let model = try await Self.model(offSpan: 4)
        let plain = try Self.session(model, trainItems: 16, dynamics: .neutral)
        let explicit = try Self.session(model, trainItems: 16, dynamics: TrainingDynamics(transfer: 1, instability: 0, formatDrift: 3))
        for _ in 0..<40 { #expect(plain.step().isBitIdentical(to: explicit.step())) }
    }

    @Test func dynamicsOutOfRangeAreRefusedByName() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0], copies: 4)
        for (dynamics, field) in [(TrainingDynamics(transfer: 1.5), "dynamics.transfer"), (TrainingDynamics(transfer: -0.1), "dynamics.transfer"),
                                  (TrainingDynamics(instability: -1), "dynamics.instability"), (TrainingDynamics(formatDrift: .nan), "dynamics.formatDrift")] {
            var configuration = TrainerConfiguration(batchSize: 2)
            configuration.dynamics = dynamics
            #expect { try Trainer(table: table, configuration: configuration) } throws: { ($0 as? SimulatorError)?.field == field }
        }
        var exact = TrainerConfiguration(algorithm: .exact, batchSize: 2)
        exact.dynamics = TrainingDynamics(transfer: 0.5)
        #expect { try Trainer(table: table, configuration: exact) } throws: { ($0 as? SimulatorError)?.field == "dynamics" }
    }

    // MARK: - Capability ceiling

    @Test func unsolvableItemsAreExactlyTheirShareOfAnyRun() {
        for share in [0.2, 0.25, 0.5, 0.37] {
            let prior = BasePrior(unsolvableShare: share)
            let flags = (0..<200).map { prior.isUnsolvable(item: $0, seed: 9) }
            for start in [0, 13, 80] {
                for length in [10, 20, 40] {
                    let count = flags[start..<(start + length)].filter { $0 }.count
                    let expected = Double(length) * share
                    #expect(Double(count) >= expected.rounded(.down) && Double(count) <= expected.rounded(.up))
                }
            }
        }
        #expect(!(0..<50).contains { BasePrior().isUnsolvable(item: $0, seed: 9) })
    }

    @Test func unsolvableItemsHaveTheirCorrectAnswersOutOfReach() async throws {
        let model = try await Self.model(items: 40, unsolvable: 0.5)
        let policy = try Policy(table: model.table)
        let unsolvable = (0..<40).filter { BasePrior(unsolvableShare: 0.5).isUnsolvable(item: $0, seed: 5) }
        #expect(unsolvable.count == 20)
        let success = policy.successProbabilities()
        for item in 0..<40 { #expect((success[item] < 1e-9) == unsolvable.contains(item)) }
        #expect(abs(policy.passAtK([256])[0] - 0.5) < 0.02)
    }

    // MARK: - pass@k

    @Test func passAtKIsTheMeanOverItemsOfOneMinusTheMissProbability() throws {
        // Two items: correct mass 0.5 and 0.1 (logits chosen so).
        let table = try ResponseTable(featureCount: 1, items: [
            .init(candidates: [.init(reward: 1, priorLogit: 0, features: [0]), .init(reward: 0, priorLogit: 0, features: [0])]),
            .init(candidates: [.init(reward: 1, priorLogit: log(1.0 / 9), features: [0]), .init(reward: 0, priorLogit: 0, features: [0])]),
        ])
        let values = try Policy(table: table).passAtK([1, 2, 8, 256])
        let expected = [1, 2, 8, 256].map { k in ((1 - pow(0.5, Double(k))) + (1 - pow(0.9, Double(k)))) / 2 }
        for (value, wanted) in zip(values, expected) { #expect(abs(value - wanted) < 1e-12) }
    }

    // MARK: - Sampled validation

    @Test func theSampledValidRewardNarrowsAroundTheExactOneAsOneOverRootN() async throws {
        let model = try await Self.model(items: 40)
        func spread(samples: Int) throws -> Double {
            var errors: [Double] = []
            for seed in UInt64(1)...200 {
                let train = try model.table.selecting(items: Array(0..<20))
                let valid = try model.table.selecting(items: Array(20..<40))
                var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0, batchSize: 4, groupSize: 8, steps: 1, seed: seed)
                configuration.evalSamples = samples
                let metrics = try Trainer(table: train, validation: valid, configuration: configuration).makeSession().step(forceValidation: true)
                errors.append(try #require(metrics.validRewardMean) - (try #require(metrics.validPolicyExpectedReward)))
            }
            return (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
        }
        let one = try spread(samples: 1), four = try spread(samples: 4), sixteen = try spread(samples: 16)
        // σ·√n is the same for every n (within the noise of 200 seeds).
        #expect(abs(four * 2 / one - 1) < 0.2)
        #expect(abs(sixteen * 4 / one - 1) < 0.2)
    }

    // MARK: - Reasoning effort

    @Test func higherReasoningEffortGivesAStrongerBaseModel() async throws {
        var rewards: [Double] = []
        for effort in [ReasoningEffort.low, .medium, .high] {
            let model = try await Self.model(items: 40, effort: effort)
            rewards.append(try Policy(table: model.table).passAtK([1])[0])
        }
        #expect(rewards[0] < rewards[1] - 0.05)
        #expect(rewards[1] < rewards[2] - 0.03)
        #expect(ReasoningEffort.default.successLogitShift == 0)
    }
}
