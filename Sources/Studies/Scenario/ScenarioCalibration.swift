internal import Foundation
internal import Simulator

/// A scenario's `calibration:` record (docs/CALIBRATION.md), written by `rftsim calibrate`: which
/// keys were fitted to a pilot job, their estimates and the fit's covariance, so a sweep can draw
/// the parameters per run (`rftsim sweep --parameter-uncertainty`).
///
/// Each parameter lives on a scale on which the fit is unconstrained and the covariance is
/// given: `log` for rates and the learning rate, `logit` for the prior success rate, `linear`
/// for overheads (a draw below 0 is taken as 0).
public struct ScenarioCalibration: Sendable, Hashable {
    /// The scale a parameter's covariance is on.
    public enum Scale: String, Sendable, Hashable, CaseIterable {
        /// ln(value); the value is > 0.
        case log
        /// ln(value / (1 − value)); the value is in (0, 1).
        case logit
        /// The value itself.
        case linear

        /// The value on this scale.
        public func transform(_ value: Double) -> Double {
            switch self {
            case .log: Foundation.log(value)
            case .logit: Foundation.log(value / (1 - value))
            case .linear: value
            }
        }

        /// The value whose transform is `scaled`.
        public func inverse(_ scaled: Double) -> Double {
            switch self {
            case .log: exp(scaled)
            case .logit: 1 / (1 + exp(-scaled))
            case .linear: scaled
            }
        }

        /// Whether `value` can be transformed.
        func admits(_ value: Double) -> Bool {
            switch self {
            case .log: value > 0 && value.isFinite
            case .logit: value > 0 && value < 1
            case .linear: value.isFinite
            }
        }
    }

    /// One fitted scenario key.
    public struct Parameter: Sendable, Hashable {
        /// The dotted scenario key (`trainer.base_learning_rate`).
        public var key: String
        /// The fitted value (as the key holds it).
        public var estimate: Double
        /// The scale of the covariance.
        public var scale: Scale

        /// Creates a parameter.
        public init(key: String, estimate: Double, scale: Scale) {
            self.key = key
            self.estimate = estimate
            self.scale = scale
        }
    }

    /// The keys a calibration may set, with their scales.
    public static let calibratableKeys: [(key: String, scale: Scale)] = [
        ("trainer.base_learning_rate", .log), ("prior.success_rate", .logit),
        ("timing.sampling_tokens_per_second", .log), ("timing.training_tokens_per_second", .log),
        ("timing.eval_overhead_seconds", .linear), ("timing.iteration_overhead_seconds", .linear),
    ]

    /// The pilot file the parameters were fitted to, as written.
    public var pilot: String
    /// The fitted parameters.
    public var parameters: [Parameter]
    /// Their covariance on their scales, p × p row-major.
    public var covariance: [Double]

    /// Creates a record.
    public init(pilot: String, parameters: [Parameter], covariance: [Double]) {
        self.pilot = pilot
        self.parameters = parameters
        self.covariance = covariance
    }

    /// The parameters' values on their scales (the mean of the draws of `rftsim sweep --parameter-uncertainty`).
    public var scaledEstimates: [Double] { parameters.map { $0.scale.transform($0.estimate) } }

    /// Reads `calibration:`.
    static func read(_ reader: ScenarioReader?) throws(ScenarioError) -> ScenarioCalibration? {
        guard let reader else { return nil }
        try reader.rejectUnknownKeys(["pilot", "parameters", "covariance"])
        let pilot = try reader.text("pilot") ?? ""
        guard case .sequence(let entries, _)? = reader.value("parameters"), !entries.isEmpty else {
            throw reader.error("parameters", "must be a non-empty list of {key, estimate, scale}")
        }
        var parameters: [Parameter] = []
        for (index, entry) in entries.enumerated() {
            let item = try ScenarioReader(entry, path: reader.keyPath("parameters[\(index)]"))
            try item.rejectUnknownKeys(["key", "estimate", "scale"])
            let allowed = calibratableKeys.map(\.key)
            guard let key = try item.text("key"), allowed.contains(key) else {
                throw item.error("key", "must be one of \(allowed.joined(separator: ", "))")
            }
            guard !parameters.contains(where: { $0.key == key }) else { throw item.error("key", "\(key) is listed twice") }
            guard let scale = try item.choice("scale", as: Scale.self) else {
                throw item.error("scale", "is required: one of \(Scale.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let estimate = try item.number("estimate") else { throw item.error("estimate", "is required: the fitted value") }
            guard scale.admits(estimate) else {
                throw item.error("estimate", "must be a value the \(scale.rawValue) scale admits (log: > 0, logit: in (0, 1)), got \(estimate)")
            }
            parameters.append(Parameter(key: key, estimate: estimate, scale: scale))
        }
        let p = parameters.count
        guard case .sequence(let rows, _)? = reader.value("covariance"), rows.count == p else {
            throw reader.error("covariance", "must be a list of \(p) rows of \(p) numbers (the fit's covariance on the parameters' scales)")
        }
        var covariance: [Double] = []
        for (index, row) in rows.enumerated() {
            let at = ScenarioError(location: row.location, key: reader.keyPath("covariance[\(index)]"),
                                   message: "must be a list of \(p) finite numbers")
            guard case .sequence(let cells, _) = row, cells.count == p else { throw at }
            for cell in cells {
                guard case .scalar(let text, _) = cell, let value = Double(text), value.isFinite else { throw at }
                covariance.append(value)
            }
        }
        for i in 0..<p {
            guard covariance[i * p + i] >= 0 else {
                throw reader.error("covariance", "has a negative variance on the diagonal (row \(i + 1)); a covariance is positive semi-definite")
            }
            for j in 0..<i where abs(covariance[i * p + j] - covariance[j * p + i]) > 1e-9 * max(1, abs(covariance[i * p + j])) {
                throw reader.error("covariance", "is not symmetric: row \(i + 1) column \(j + 1) differs from row \(j + 1) column \(i + 1)")
            }
        }
        return ScenarioCalibration(pilot: pilot, parameters: parameters, covariance: covariance)
    }
}
