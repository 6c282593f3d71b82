public import Foundation
internal import Provider
internal import Simulator
internal import Stochastics

extension Calibration {
    /// One fitted parameter as the report shows it.
    public struct ParameterLine: Sendable, Hashable {
        /// The scenario key.
        public var key: String
        /// The scenario's value before calibration.
        public var before: Double
        /// The fitted value.
        public var fitted: Double
        /// Its standard error (NaN when the fit cannot estimate it).
        public var standardError: Double
    }

    /// The fitted parameters with their values before and their standard errors.
    public var parameterLines: [ParameterLine] {
        var lines: [ParameterLine] = []
        if let reward {
            lines.append(.init(key: "trainer.base_learning_rate", before: scenario.simulation.baseLearningRate,
                               fitted: reward.learningRate, standardError: reward.learningRateError))
            lines.append(.init(key: "prior.success_rate", before: scenario.simulation.prior.successRate,
                               fitted: reward.successRate, standardError: reward.successRateError))
        }
        if let timing {
            let before = scenario.simulation.timing
            for estimate in timing.estimates {
                let value: Double = switch estimate.key {
                case "timing.sampling_tokens_per_second": before.aggregateDecodeTokensPerSecond
                case "timing.training_tokens_per_second": before.trainingTokensPerSecond
                case "timing.eval_overhead_seconds": before.evalOverheadSeconds
                default: before.iterationOverheadSeconds
                }
                lines.append(.init(key: estimate.key, before: value, fitted: estimate.value, standardError: estimate.standardError))
            }
        }
        return lines
    }

    /// One step of the pilot's reward curve beside the calibrated model's.
    public struct CurvePoint: Sendable, Hashable {
        public var step: Int
        public var pilotTrain: Double
        public var modelTrain: Double?
        public var pilotValid: Double?
        public var modelValid: Double?
        /// The uncalibrated scenario's model, for comparison.
        public var uncalibratedTrain: Double?
        public var uncalibratedValid: Double?
    }

    /// The pilot's curves and the calibrated simulation's (empty without a reward fit).
    public var curve: [CurvePoint] {
        guard let reward else { return [] }
        return pilot.steps.map { step in
            CurvePoint(step: step.step, pilotTrain: step.trainReward, modelTrain: reward.fitted.train[step.step],
                       pilotValid: step.validReward, modelValid: step.validReward == nil ? nil : reward.fitted.valid[step.step],
                       uncalibratedTrain: reward.uncalibrated.train[step.step],
                       uncalibratedValid: step.validReward == nil ? nil : reward.uncalibrated.valid[step.step])
        }
    }

    /// Root mean square of the reward residuals at the fit (nil without a reward fit).
    public var rewardRootMeanSquare: Double? { reward?.rootMeanSquare }

    /// The report as text: the parameters, the curves side by side, the timing per step, warnings.
    public var text: String {
        var out = "Calibrated \(scenario.path)\n  to \(pilot.path) (\(pilot.source == .events ? "metrics events" : "results CSV"), "
            + "\(pilot.steps.count) steps, \(pilot.validationSteps.count) validations)\n\n"
        func number(_ value: Double) -> String {
            guard value.isFinite else { return "n/a" }
            let magnitude = abs(value)
            if magnitude >= 1000 { return NumberText.fixed(value, decimals: 0) }
            if magnitude >= 10 { return NumberText.fixed(value, decimals: 2) }
            if magnitude >= 0.01 || value == 0 { return NumberText.fixed(value, decimals: 4) }
            return String(format: "%.3e", value)
        }
        func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
            let gap = String(repeating: " ", count: max(0, width - text.count))
            return right ? gap + text : text + gap
        }
        out += pad("parameter", 36, right: false) + pad("before", 12) + pad("fitted", 12) + pad("± s.e.", 12) + pad("change", 9) + "\n"
        for line in parameterLines {
            let change = line.before != 0 ? NumberText.fixed(100 * (line.fitted / line.before - 1), decimals: 1) + " %" : ""
            out += pad(line.key, 36, right: false) + pad(number(line.before), 12) + pad(number(line.fitted), 12)
                + pad(number(line.standardError), 12) + pad(change, 9) + "\n"
        }
        if let timing, !timing.graderLatencies.isEmpty {
            let latencies = timing.graderLatencies.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue) \(number($0.value)) s" }.joined(separator: ", ")
            out += "grader latency per call, as the pilot measured it: \(latencies)\n"
        }
        if let reward {
            out += "\nReward curve: the pilot's means and the calibrated model's expected reward (mean of \(seeds) seeds; "
                + "before: the scenario as given); rms residual \(NumberText.fixed(reward.rootMeanSquare, decimals: 4))\n"
            out += pad("step", 6) + pad("train", 9) + pad("model", 9) + pad("before", 9) + pad("valid", 9) + pad("model", 9) + pad("before", 9) + "\n"
            let points = curve
            let stride = max(1, points.count / 25)
            for (index, point) in points.enumerated() where index % stride == 0 || index == points.count - 1 || point.pilotValid != nil {
                func cell(_ value: Double?) -> String { value.map { NumberText.fixed($0, decimals: 3) } ?? "-" }
                out += pad(String(point.step), 6) + pad(cell(point.pilotTrain), 9) + pad(cell(point.modelTrain), 9)
                    + pad(cell(point.uncalibratedTrain), 9) + pad(cell(point.pilotValid), 9) + pad(cell(point.modelValid), 9)
                    + pad(cell(point.uncalibratedValid), 9) + "\n"
            }
        }
        if let timing {
            out += "\nStep seconds, pilot / calibrated model:\n"
            out += pad("step", 6) + pad("sampling", 20) + pad("training", 20) + pad("eval", 20) + pad("full iteration", 20) + "\n"
            let rows = timing.steps
            let stride = max(1, rows.count / 10)
            for (index, row) in rows.enumerated() where index % stride == 0 || index == rows.count - 1 {
                func pair(_ a: Double, _ b: Double) -> String { "\(NumberText.fixed(a, decimals: 2)) / \(NumberText.fixed(b, decimals: 2))" }
                out += pad(String(row.step), 6) + pad(pair(row.pilot.sampling, row.model.sampling), 20)
                    + pad(pair(row.pilot.training, row.model.training), 20) + pad(pair(row.pilot.eval, row.model.eval), 20)
                    + pad(pair(row.pilot.fullIteration, row.model.fullIteration), 20) + "\n"
            }
        }
        if !warnings.isEmpty {
            out += "\nWarnings:\n" + warnings.map { "  - \($0)\n" }.joined()
        }
        return out
    }

    /// The report as JSON (sorted keys; a value the fit cannot estimate is `null`):
    /// `{"scenario", "pilot", "source", "seeds", "parameters": [{"key", "before", "fitted", "standard_error"}],
    /// "covariance": {"keys", "scales", "matrix"}, "reward_curve": [{"step", "pilot_train", "model_train", …}],
    /// "reward_rms", "timing_steps": [{"step", "pilot": {…}, "model": {…}}], "grader_latency_seconds", "warnings"}`.
    public var json: Data {
        func value(_ number: Double?) -> Any { number.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        func seconds(_ s: PilotRecord.StepSeconds) -> [String: Any] {
            ["sampling": s.sampling, "training": s.training, "eval": s.eval, "full_iteration": s.fullIteration]
        }
        let object: [String: Any] = [
            "scenario": scenario.path, "pilot": pilot.path, "source": pilot.source.rawValue, "seeds": seeds,
            "parameters": parameterLines.map { ["key": $0.key, "before": value($0.before), "fitted": value($0.fitted),
                                                "standard_error": value($0.standardError)] as [String: Any] },
            "covariance": ["keys": record.parameters.map(\.key), "scales": record.parameters.map(\.scale.rawValue),
                           "matrix": record.covariance.map(value)] as [String: Any],
            "reward_curve": curve.map { ["step": $0.step, "pilot_train": $0.pilotTrain, "model_train": value($0.modelTrain),
                                         "pilot_valid": value($0.pilotValid), "model_valid": value($0.modelValid),
                                         "uncalibrated_train": value($0.uncalibratedTrain),
                                         "uncalibrated_valid": value($0.uncalibratedValid)] as [String: Any] },
            "reward_rms": value(rewardRootMeanSquare),
            "timing_steps": (timing?.steps ?? []).map { ["step": $0.step, "pilot": seconds($0.pilot), "model": seconds($0.model)] as [String: Any] },
            "grader_latency_seconds": Dictionary(uniqueKeysWithValues: (timing?.graderLatencies ?? [:]).map { ($0.key.rawValue, $0.value) }),
            "warnings": warnings,
        ]
        // Every leaf is a string, a finite number, an array, a dictionary or null.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
