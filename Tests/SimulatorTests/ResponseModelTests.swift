import Foundation
import Graders
import Testing

@testable import Simulator

struct ResponseModelTests {
    // MARK: - Fixtures

    static let verdicts = ["yes", "no", "needs review"]
    static let subjects = ["customer data", "vendor invoices", "employee records", "payment tokens", "support tickets", "audit logs"]
    static let policies = ["retention", "privacy", "access control", "encryption", "disclosure"]

    /// Compliance items: `question`, `compliant` and a distinct `explanation`.
    static func dataset(items: Int = 12) -> [JSONValue] {
        (0..<items).map { i in
            let subject = subjects[i % subjects.count], policy = policies[(i / subjects.count) % policies.count]
            return ["question": .string("May we share \(subject) under rule \(i)?"),
                    "compliant": .string(verdicts[(i * 7 + i / 3) % 3]),
                    "explanation": .string("The \(policy) policy section \(i + 1) governs \(subject) sharing with partners.")]
        }
    }

    static func grader(_ json: String) throws -> Grader { try Grader(json: JSONValue(parsing: json)) }

    static let multi = #"""
        {"type":"multi","name":"compliance","calculate_output":"0.5 * compliant + 0.5 * explanation","graders":{
          "compliant":{"type":"string_check","name":"compliant","input":"{{sample.output_json.compliant}}","reference":"{{item.compliant}}","operation":"eq"},
          "explanation":{"type":"text_similarity","name":"explanation","input":"{{sample.output_json.explanation}}","reference":"{{item.explanation}}","evaluation_metric":"fuzzy_match"}}}
        """#

    static let responseFormat: JSONValue = ["type": "json_schema", "json_schema": ["name": "verdict", "schema": [
        "type": "object", "required": ["compliant", "explanation"],
        "properties": ["compliant": ["type": "string", "enum": ["yes", "no", "needs review"]], "explanation": ["type": "string"]],
    ]]]

    static func inferredBuilder(items: Int = 12, seed: UInt64 = 7) throws -> ResponseModelBuilder {
        var builder = ResponseModelBuilder(dataset: dataset(items: items), grader: try grader(multi), seed: seed)
        builder.responseFormat = responseFormat
        return builder
    }

    static func softmax(_ logits: ArraySlice<Double>) -> [Double] {
        let top = logits.max()!
        let e = logits.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    // MARK: - Inference

    @Test func inferenceScoresTheOwnReferenceOneAndDistractorsLower() async throws {
        let model = try await Self.inferredBuilder().build()
        let table = model.table
        var distractorRewards: [Double] = []
        #expect(model.candidates.count == table.candidateCount)
        #expect(model.report.gradedCount == table.candidateCount)  // each (item, text) once
        for item in 0..<table.itemCount {
            let answers = model.candidates(of: item)
            #expect(Set(answers.map(\.text)).count == answers.count)
            let reference = try #require(answers.first { $0.kind == .reference })
            #expect(reference.result.reward == 1)
            #expect(reference.result.subRewards == ["compliant": 1, "explanation": 1])
            #expect(try JSONValue(parsing: reference.text)["compliant"] == Self.dataset()[item]["compliant"])
            let distractors = answers.filter { if case .distractor = $0.kind { true } else { false } }
            #expect(distractors.count == 3)
            #expect(distractors.allSatisfy { $0.result.reward < 1 })
            distractorRewards += distractors.map(\.result.reward)
            let malformed = try #require(answers.first { $0.kind == .malformedJSON })
            #expect(malformed.result.metadata.errors.sampleParseError && malformed.result.reward == 0)
            #expect(answers.contains { $0.kind == .empty && $0.result.metadata.errors.sampleParseError })
            #expect(answers.contains { $0.kind == .perturbed(.caseChanged) && $0.result.subRewards["compliant"] == 0 })
            #expect(answers.contains { $0.kind == .schemaJSON })
            for candidate in answers { #expect(table.rewards[model.candidates.firstIndex(of: candidate)!] == candidate.result.reward) }
        }
        #expect(distractorRewards.reduce(0, +) / Double(distractorRewards.count) < 0.75)
        #expect(model.report.erroredShare > 0 && model.report.erroredShare < 0.5)
        #expect(model.report.errorsByFlag["sample_parse_error"] == model.report.erroredCount)
        #expect(model.candidates.map(\.kind.description).contains("perturbed:typo"))
    }

    @Test func featuresAreSharedColumnsAcrossItems() async throws {
        var builder = try Self.inferredBuilder()
        let model = try await builder.build()
        #expect(model.featureNames == ["agrees_with_reference.compliant", "agrees_with_reference.explanation"] + ResponseFeatures.inferredColumns)
        #expect(model.table.featureCount == model.featureNames.count)
        let referenceRows = model.candidates.indices.filter { model.candidates[$0].kind == .reference }.map { Array(model.table.features(ofCandidate: $0)) }
        #expect(referenceRows.count == model.table.itemCount && Set(referenceRows).count == 1)
        #expect(referenceRows[0] == [1, 1, 1, 0, 0, 0, 0, 0, 0])
        let distractor = try #require(model.featureIndex("distractor")), valid = try #require(model.featureIndex("valid_format"))
        for (c, candidate) in model.candidates.enumerated() {
            let row = model.table.features(ofCandidate: c)
            let isDistractor = if case .distractor = candidate.kind { true } else { false }
            #expect((row[row.startIndex + distractor] == 1) == isDistractor)
            #expect((row[row.startIndex + valid] == 0) == (candidate.kind == .empty || candidate.kind == .malformedJSON))
        }
        builder.memorization = true
        let memorizing = try await builder.build()
        #expect(memorizing.table.featureCount == model.featureNames.count + model.table.candidateCount)
        #expect(memorizing.featureNames.last == "memorize[11,\(model.table.candidates(of: 11).count - 1)]")
        #expect(memorizing.table.features(ofCandidate: 5)[5 * memorizing.table.featureCount + 9 + 5] == 1)
    }

    // MARK: - Facets

    @Test func facetsProduceEveryCombinationWithCorrectScores() async throws {
        let space = try FacetSpace(facets: [
            Facet("compliant", values: ["yes", "no", "needs review"]),
            Facet("explanation", values: [FacetValue("right policy", text: "{{item.explanation}}"), "It depends on the policy."]),
        ], template: #"{"compliant": "{{facet.compliant}}", "explanation": "{{facet.explanation}}"}"#)
        let builder = ResponseModelBuilder(dataset: Self.dataset(), grader: try Self.grader(Self.multi), answerSpace: .facets(space))
        let model = try await builder.build()
        #expect(model.table.candidateOffsets == Array(stride(from: 0, through: 72, by: 6)))
        #expect(model.featureNames == ["facet.compliant=yes", "facet.compliant=no", "facet.compliant=needs review",
                                       "facet.explanation=right policy", "facet.explanation=It depends on the policy.", "valid_format", "empty"])
        for candidate in model.candidates {
            guard case .facets(let choices) = candidate.kind else { Issue.record("not a facet kind"); continue }
            let item = Self.dataset()[candidate.item]
            let rightVerdict = item["compliant"]?.stringValue == choices[0].value
            #expect(candidate.result.subRewards["compliant"] == (rightVerdict ? 1 : 0))
            if choices[1].value == "right policy" { #expect(candidate.result.reward == (rightVerdict ? 1 : 0.5)) }
            else { #expect(candidate.result.reward < (rightVerdict ? 1 : 0.5)) }
        }
        #expect(model.candidates[0].kind.description == "facets:compliant=yes,explanation=right policy")

        let many = Facet("a", values: (0..<17).map { FacetValue("v\($0)", text: "\($0)") })
        #expect(throws: SimulatorError.self) { try FacetSpace(facets: [many, Facet("b", values: many.values)], template: "{{facet.a}}") }
        do {
            _ = try FacetSpace(facets: [many, Facet("b", values: many.values)], template: "{{facet.a}}")
        } catch { #expect(error.field == "answerSpace.facets" && error.code == .tooLarge) }
        do {
            _ = try FacetSpace(facets: [Facet("a", values: ["x"])], template: "{{facet.b}}")
            Issue.record("unknown facet accepted")
        } catch { #expect(error.field == "answerSpace.template") }
    }

    // MARK: - Prior

    @Test func priorMatchesTheSuccessAndFormatErrorRatesOnAverage() async throws {
        let grader = try Self.grader(#"{"type":"string_check","name":"v","input":"{{sample.output_text}}","reference":"{{item.compliant}}","operation":"eq"}"#)
        var builder = ResponseModelBuilder(dataset: Self.dataset(items: 300), grader: grader, seed: 3)
        builder.prior = BasePrior(successRate: 0.3, difficultyConcentration: 4, formatErrorRate: 0.05)
        let model = try await builder.build()
        let valid = try #require(model.featureIndex("valid_format"))
        var correctMass = 0.0
        for item in 0..<model.table.itemCount {
            let range = model.table.candidates(of: item)
            let pi = Self.softmax(model.table.priorLogits[range])
            let best = model.table.rewards[range].max()!
            let correct = (0..<range.count).filter { model.table.rewards[range.lowerBound + $0] == best }.map { pi[$0] }.reduce(0, +)
            let invalid = (0..<range.count).filter { model.table.features[(range.lowerBound + $0) * model.table.featureCount + valid] == 0 }
                .map { pi[$0] }.reduce(0, +)
            #expect(abs(invalid - 0.05) < 1e-9)
            #expect(abs(correct - 0.95 * model.itemSuccessProbabilities[item]) < 1e-9)
            correctMass += correct
        }
        // π(correct) = 0.95·p, p ~ Beta with mean 0.3/0.95 and κ = 4: sd 0.95·√(m(1−m)/5) ≈ 0.20.
        #expect(abs(correctMass / 300 - 0.3) < 3 * 0.2 / 300.0.squareRoot())
    }

    // MARK: - Determinism, gold, errors

    @Test func sameSeedIsBitIdenticalAndAnotherSeedPicksOtherDistractors() async throws {
        let a = try await Self.inferredBuilder(seed: 11).build(), b = try await Self.inferredBuilder(seed: 11).build()
        let c = try await Self.inferredBuilder(seed: 12).build()
        #expect(a.table == b.table && a.candidates == b.candidates)
        #expect(a.table.priorLogits.map(\.bitPattern) == b.table.priorLogits.map(\.bitPattern))
        #expect(a.table.rewards.map(\.bitPattern) == b.table.rewards.map(\.bitPattern))
        let distractors = { (m: ResponseModel) in m.candidates.filter { if case .distractor = $0.kind { true } else { false } }.map(\.text) }
        #expect(distractors(a) != distractors(c))
        #expect(a.table.priorLogits != c.table.priorLogits)
    }

    @Test func goldGraderRewardsLandInGoldRewards() async throws {
        var builder = try Self.inferredBuilder()
        builder.goldGrader = try Self.grader(#"{"type":"string_check","name":"g","input":"{{sample.output_json.compliant}}","reference":"{{item.compliant}}","operation":"eq"}"#)
        let model = try await builder.build()
        let gold = try #require(model.table.goldRewards)
        #expect(gold == model.candidates.map { $0.goldResult!.reward })
        #expect(gold != model.table.rewards)
        #expect(model.report.goldGradedCount == model.table.candidateCount)
    }

    @Test func errorsNameTheField() async throws {
        func field(_ builder: ResponseModelBuilder) async -> (String?, String) {
            do { _ = try await builder.build(); return (nil, "") } catch { return (error.field, error.message) }
        }
        var builder = try Self.inferredBuilder()
        builder.dataset = []
        #expect(await field(builder).0 == "dataset")
        builder = try Self.inferredBuilder()
        builder.prior.successRate = 1.5
        #expect(await field(builder).0 == "prior.successRate")
        builder.prior = BasePrior(successRate: 0.3, formatErrorRate: -0.1)
        #expect(await field(builder).0 == "prior.formatErrorRate")
        builder.prior = BasePrior(successRate: 0.9, formatErrorRate: 0.2)
        #expect(await field(builder).0 == "prior.formatErrorRate")
        builder.prior = BasePrior()
        builder.grader = try Self.grader(#"{"type":"string_check","name":"v","input":"{{sample.output_text}}","reference":"yes","operation":"eq"}"#)
        builder.responseFormat = nil
        let (name, message) = await field(builder)
        #expect(name == "grader" && message.contains("cannot be inferred") && message.contains("facets"))
        builder.grader = try Self.grader(Self.multi)
        builder.dataset[1] = ["question": "q"]
        #expect(await field(builder).0 == "dataset[1]")
    }

    @Test func aGraderThatAlwaysErrorsDoesNotCrash() async throws {
        let grader = try Self.grader(#"""
            {"type":"multi","name":"m","calculate_output":"a / 0","graders":{
              "a":{"type":"string_check","name":"a","input":"{{sample.output_text}}","reference":"{{item.compliant}}","operation":"eq"}}}
            """#)
        let model = try await ResponseModelBuilder(dataset: Self.dataset(items: 4), grader: grader).build()
        #expect(model.report.graderErroredOnEveryAnswer && model.report.erroredShare == 1)
        #expect(model.table.rewards.allSatisfy { $0 == 0 })
        #expect(model.report.warnings.first?.contains("every answer") == true)
        #expect(model.table.priorLogits.allSatisfy { $0.isFinite })
    }

    @Test func aModelGraderIsAwaitedAndItsPromptNamesTheReference() async throws {
        let grader = try Self.grader(#"""
            {"type":"score_model","name":"judge","model":"gpt-4o-2024-08-06","input":[
              {"role":"user","content":"Question: {{item.question}} Reference: {{item.reference_answer}} Answer: {{sample.output_text}}"}]}
            """#)
        let items: [JSONValue] = (0..<5).map { ["question": .string("Q\($0)?"), "reference_answer": .string("answer number \($0) is \($0 * 3) apples")] }
        let model = try await ResponseModelBuilder(dataset: items, grader: grader).build()
        #expect(model.featureNames.first == "agrees_with_reference")
        for item in 0..<5 {
            let reference = try #require(model.candidates(of: item).first { $0.kind == .reference })
            #expect(reference.text == items[item]["reference_answer"]?.stringValue)
            #expect(reference.result.reward == 1 && reference.result.metadata.type == "score_model")
        }
    }

    // MARK: - End to end

    @Test func grpoOnTheInferredTableLearnsAndGeneralises() async throws {
        let model = try await Self.inferredBuilder(items: 40).build()
        let train = try model.table.selecting(items: Array(0..<30)), validation = try model.table.selecting(items: Array(30..<40))
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.3, batchSize: 4, groupSize: 8, steps: 300, seed: 1)
        configuration.policyMetricsInterval = 50
        let run = try Trainer(table: train, validation: validation, configuration: configuration).run()
        let before = try Policy(table: validation).expectedReward()
        let last = try #require(run.metrics.last)
        #expect(last.policyExpectedReward! > run.initialPolicyExpectedReward + 0.2)
        #expect(last.validPolicyExpectedReward! > before + 0.2)
        let agrees = try #require(model.featureIndex("agrees_with_reference.compliant"))
        #expect(run.finalParameters[agrees] > 0)
    }
}
