import Foundation
import Graders
import Provider
import Simulator
import Testing
import TestSupport

@testable import Studies

@Suite("Job simulations: a job scenario on the stochastic trainer, as one run of a sweep")
struct JobSimulationTests {
    /// The sums scenario (40 + 8 sums, batch 4, validation every 2 steps), or `yaml`, as a simulation.
    static func simulation(yaml: String = ScenarioFixture.sumsYAML, steps: Int? = 7) throws -> JobSimulation {
        try JobSimulation(try JobScenario.load(path: try ScenarioFixture.sumsFolder(yaml, prefix: "job-simulation").path), steps: steps)
    }

    /// Steps `session` to its end; returns every step's metrics.
    static func steps(_ session: JobSimulationSession) -> [StepMetrics] {
        var metrics: [StepMetrics] = []
        while !session.isFinished { metrics.append(session.step()) }
        return metrics
    }

    @Test("A session with a run's seed is the sweep's run: valid rewards, hours and cost bit for bit")
    func sessionIsTheSweepsRun() async throws {
        var specification = try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder())
        specification.steps = 7
        let plan = try SweepPlan(specification)
        let runner = try #require(try await SweepPreparation(plan: plan).runners(for: [plan.cells[3]]).first)
        let record = runner.run(2)

        let simulation = try JobSimulation(plan.cells[3].scenario, steps: 7)
        let session = try simulation.session(try await simulation.buildResponses(engine: GraderEngine()), seed: record.seed)
        var rewards = [session.initialValidReward], costs = [try session.cost()], hours = [session.trainingSeconds / 3600]
        while !session.isFinished {
            let metrics = session.step()
            #expect(metrics.policyExpectedReward != nil)  // on by default, off in the sweep; the trajectory is the same
            guard let reward = metrics.validRewardMean else { continue }
            #expect(session.validReward == reward)
            rewards.append(reward)
            costs.append(try session.cost())
            hours.append(session.trainingSeconds / 3600)
        }
        #expect(rewards.map(\.bitPattern) == record.rewards.map(\.bitPattern))
        #expect(hours.map(\.bitPattern) == record.hours.map(\.bitPattern))
        #expect(costs.map(\.bitPattern) == record.costs.map(\.bitPattern))
        #expect(session.stepsCompleted == 7 && session.seed == record.seed)
    }

    @Test("The trainer has the provider's settings: the steps are Trainer.run()'s with the resolved hyperparameters")
    func trainerHasTheProvidersSettings() async throws {
        let simulation = try Self.simulation(steps: nil)
        let resolved = simulation.resolved
        #expect(resolved.batchSize == 4 && resolved.steps == 10 && simulation.steps == 10)  // n_epochs 1 × 40 items / 4
        let responses = try await simulation.buildResponses(engine: GraderEngine())
        var configuration = resolved.trainerConfiguration(algorithm: .grpo, seed: 5)
        #expect(simulation.configuration.dynamics == .jobDefault)  // jobs train with the default instability
        configuration.dynamics = .jobDefault
        let expected = try Trainer(table: responses.train.table, validation: responses.validation.table,
                                   configuration: configuration).run()
        let metrics = Self.steps(try simulation.session(responses))
        #expect(metrics.count == expected.metrics.count)
        #expect(zip(metrics, expected.metrics).allSatisfy { $0.isBitIdentical(to: $1) })
        #expect(try simulation.session(responses, seed: 6).step().isBitIdentical(to: expected.metrics[0]) == false)
    }

    @Test("Training time is the sum of the steps, each timed at the tokens it sampled; cost follows the price sheet")
    func timeAndCost() async throws {
        let simulation = try Self.simulation()
        let responses = try await simulation.buildResponses(engine: GraderEngine())
        let session = try simulation.session(responses)
        #expect(session.trainingSeconds == 0 && !simulation.billsGraderTokens)
        #expect(try session.cost() == 0)
        // Each candidate's tokens, counted here from TokenLengths as the provider's events count them.
        let timing = simulation.timing
        let train = TokenLengths(model: responses.train), valid = TokenLengths(model: responses.validation)
        let batch = simulation.resolved.batchSize * simulation.resolved.samplesPerPrompt
        var seconds = 0.0, differsFromTheBase = false
        while !session.isFinished {
            let metrics = session.step()
            var trainTokens = 0, validTokens = 0
            session.training.withLastSample { items, candidates in
                for (i, c) in candidates.enumerated() {
                    let flat = responses.train.table.candidates(of: items[i / (candidates.count / items.count)]).lowerBound + c
                    trainTokens += train.reasoningTokens(of: flat, mean: timing.workload.reasoningTokensPerSample) + train.outputTokens[flat]
                }
            }
            let validates = metrics.validRewardMean != nil
            if validates {
                session.training.withLastValidationSample { draws in
                    for (c, count) in draws.enumerated() {
                        validTokens += count * (valid.reasoningTokens(of: c, mean: timing.workload.validationReasoningTokensPerSample) + valid.outputTokens[c])
                    }
                }
            }
            let step = timing.timing(of: .init(trainingSamples: batch, trainingTokens: Double(trainTokens),
                                               validationSamples: validates ? 8 : 0, validationTokens: Double(validTokens)))
            seconds += step.fullIteration
            #expect(session.trainingSeconds == seconds, "step \(metrics.step)")
            if step != timing.timing(atStep: metrics.step) { differsFromTheBase = true }
        }
        #expect(differsFromTheBase, "the sampled lengths are not the base model's means")
        #expect(seconds > 0 && abs(seconds - timing.wallClockSeconds(forSteps: 7)) / seconds < 0.2)
        let charge = try simulation.scenario.priceSheet.trainingCharge(model: "o4-mini-2025-04-16", method: .reinforcement,
                                                                       trainingSeconds: seconds, trainedTokens: 0, dataSharing: false)
        #expect(try session.cost() == charge.amount)
        #expect(session.graderTokenCost == 0)
    }

    @Test("A model grader's tokens are billed as the sweep bills them")
    func modelGraderTokens() async throws {
        let yaml = ScenarioFixture.sumsYAML.replacingOccurrences(of: """
            grader:
              type: string_check
              name: exact
              input: "{{sample.output_text}}"
              reference: "{{item.answer}}"
              operation: eq
            """, with: """
            grader:
              type: score_model
              name: judge
              model: gpt-4o-2024-08-06
              input: [{role: user, content: "Reference: {{item.answer}}. Answer: {{sample.output_text}}"}]
            """)
        #expect(yaml != ScenarioFixture.sumsYAML)
        var specification = SweepSpecification(scenarioPath: try ScenarioFixture.sumsFolder(yaml, prefix: "judged").path, seeds: 1, steps: 4)
        specification.target = 0.5
        let plan = try SweepPlan(specification)
        let runner = try #require(try await SweepPreparation(plan: plan).runners(for: plan.cells).first)
        let record = runner.run(0)

        let simulation = try JobSimulation(plan.cells[0].scenario, steps: 4)
        #expect(simulation.billsGraderTokens)
        let session = try simulation.session(try await simulation.buildResponses(engine: GraderEngine()), seed: record.seed)
        _ = Self.steps(session)
        #expect(session.graderTokenCost > 0)
        #expect(try session.cost() == simulation.trainingCost(seconds: session.trainingSeconds) + session.graderTokenCost)
        #expect(try session.cost().bitPattern == record.costs.last?.bitPattern)
        #expect(session.validReward.bitPattern == record.rewards.last?.bitPattern)
    }

    @Test("scenarios/no-signal has no learning signal at any step")
    func noSignal() async throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/no-signal").path
        let simulation = try JobSimulation(try JobScenario.load(path: path), steps: 3)
        let session = try simulation.session(try await simulation.buildResponses(engine: GraderEngine()))
        #expect(!session.hadNoLearningSignal)  // no step yet
        _ = Self.steps(session)
        #expect(session.hadNoLearningSignal && session.validReward == 0)
        let learning = try Self.simulation(steps: 3)
        let other = try learning.session(try await learning.buildResponses(engine: GraderEngine()))
        _ = Self.steps(other)
        #expect(!other.hadNoLearningSignal)
    }

    @Test("Errors name the scenario file, the line and the key")
    func errors() throws {
        func line(of text: String, in yaml: String) -> Int {
            yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }! + 1
        }
        let large = ScenarioFixture.sumsYAML.replacingOccurrences(of: "batch_size: 4", with: "batch_size: 64")
        do {
            _ = try Self.simulation(yaml: large)
            Issue.record("expected a batch larger than the training set to be refused")
        } catch let error as ScenarioError {
            #expect(error.key == "hyperparameters.batch_size" && error.location.line == line(of: "batch_size", in: large))
            #expect(error.location.source.hasSuffix("/scenario.yaml"))
            #expect(error.message == "batch_size 64 is larger than the 40 training example(s); use at most 40 or \"auto\"")
        }
        let supervised = "name: sums\nmodel: gpt-4.1-nano-2025-04-14\nmethod: supervised\ndata:\n  training: train.jsonl\n"
        do {
            _ = try Self.simulation(yaml: supervised)
            Issue.record("expected a supervised job to be refused")
        } catch let error as ScenarioError {
            #expect(error.key == "method" && error.location.line == 3)
            #expect(error.message == "is supervised; the stochastic trainer simulates reinforcement jobs (method: reinforcement). "
                + "`rftsim run` simulates supervised jobs through the provider")
        }
        #expect(throws: ScenarioError.self) { _ = try Self.simulation(steps: 0) }
    }
}
