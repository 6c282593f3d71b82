public import Foundation
internal import Graders
internal import Provider
internal import Simulator

extension CostEstimate: Encodable {
    /// The estimate as JSON (snake_case keys; every key present, `null` when it does not apply):
    ///
    /// ```json
    /// {"model": "o4-mini-2025-04-16", "method": "reinforcement", "training_file": "train.jsonl", "validation_file": "valid.jsonl",
    ///  "scenario": null, "scenario_pricing": null, "hyperparameters": {"n_epochs": 2, "batch_size": 64, …},
    ///  "workload": {"training_examples": 640, "validation_examples": 20, "steps": 20, "samples_per_prompt": 8,
    ///               "training_file_tokens": 0, "trained_tokens": 0, "training_seconds": 14652.4, "training_hours": 4.07,
    ///               "validations": 20, "step_timing": {…}, "grader_calls": [{"grader": "judge", "model": "gpt-4o-2024-08-06", …}]},
    ///  "lines": [{"price_sheet": "launch-2025", "data_sharing": false, "training": {Charge}, "grader_tokens": [{Charge}],
    ///             "grader_tokens_amount": 35.14, "total": 442.35, "undiscounted_total": 442.35, "inference_discount": 0}, …]}
    /// ```
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(model, forKey: .model)
        try container.encode(method, forKey: .method)
        try container.encode(trainingFile, forKey: .trainingFile)
        try container.encode(validationFile, forKey: .validationFile)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(scenarioPricing.map { PricingJSON(sheet: $0.sheet, dataSharing: $0.dataSharing) }, forKey: .scenarioPricing)
        try container.encode(workload.hyperparameters.platformHyperparameters, forKey: .hyperparameters)
        try container.encode(WorkloadJSON(workload), forKey: .workload)
        try container.encode(lines.map(LineJSON.init), forKey: .lines)
        if let volume = inferenceVolume {
            try container.encode(["requests": volume.requests, "input_tokens_per_request": volume.inputTokensPerRequest,
                                  "output_tokens_per_request": volume.outputTokensPerRequest], forKey: .inferenceVolume)
        }
    }

    /// ``encode(to:)`` as pretty-printed JSON text with sorted keys.
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every member is a number, string, bool or null (non-finite numbers cannot arise): encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    private enum Keys: String, CodingKey {
        case model, method, scenario, hyperparameters, workload, lines
        case trainingFile = "training_file"
        case validationFile = "validation_file"
        case scenarioPricing = "scenario_pricing"
        case inferenceVolume = "inference_volume"
    }

    private struct PricingJSON: Encodable {
        let sheet: String
        let dataSharing: Bool

        enum CodingKeys: String, CodingKey {
            case sheet = "price_sheet"
            case dataSharing = "data_sharing"
        }
    }

    private struct WorkloadJSON: Encodable {
        let workload: CostWorkload
        init(_ workload: CostWorkload) { self.workload = workload }

        enum Keys: String, CodingKey {
            case steps, validations
            case trainingExamples = "training_examples"
            case validationExamples = "validation_examples"
            case samplesPerPrompt = "samples_per_prompt"
            case trainingFileTokens = "training_file_tokens"
            case trainedTokens = "trained_tokens"
            case trainingSeconds = "training_seconds"
            case trainingHours = "training_hours"
            case stepTiming = "step_timing"
            case graderCalls = "grader_calls"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(workload.hyperparameters.trainingExamples, forKey: .trainingExamples)
            try container.encode(workload.hyperparameters.validationExamples, forKey: .validationExamples)
            try container.encode(workload.steps, forKey: .steps)
            try container.encode(workload.hyperparameters.samplesPerPrompt, forKey: .samplesPerPrompt)
            try container.encode(workload.trainingFileTokens, forKey: .trainingFileTokens)
            try container.encode(workload.trainedTokens, forKey: .trainedTokens)
            try container.encode(workload.trainingSeconds, forKey: .trainingSeconds)
            try container.encode(workload.trainingHours, forKey: .trainingHours)
            try container.encode(workload.validations, forKey: .validations)
            try container.encode(workload.stepTiming, forKey: .stepTiming)
            try container.encode(workload.graderCalls, forKey: .graderCalls)
        }
    }

    private struct LineJSON: Encodable {
        let sheet: String
        let dataSharing: Bool
        let training: Charge
        let graderTokens: [Charge]
        let graderTokensAmount, total, undiscountedTotal, inferenceDiscount: Double
        let inference: Charge?
        let totalWithInference: Double?

        init(_ line: CostLine) {
            sheet = line.sheet
            dataSharing = line.dataSharing
            training = line.training
            graderTokens = line.graderTokens
            graderTokensAmount = line.graderTokenAmount
            total = line.total
            undiscountedTotal = line.undiscountedTotal
            inferenceDiscount = line.inferenceDiscount
            inference = line.inference
            totalWithInference = line.inference == nil ? nil : line.totalWithInference
        }

        enum CodingKeys: String, CodingKey {
            case training, total
            case sheet = "price_sheet"
            case dataSharing = "data_sharing"
            case graderTokens = "grader_tokens"
            case graderTokensAmount = "grader_tokens_amount"
            case undiscountedTotal = "undiscounted_total"
            case inferenceDiscount = "inference_discount"
            case inference
            case totalWithInference = "total_with_inference"
        }
    }
}
