public import Foundation
internal import Simulator
internal import Stochastics
internal import Yams

extension Calibration {
    /// The calibrated scenario's YAML.
    ///
    /// The scenario as given (after `--set` overrides) with the fitted keys set
    /// (`trainer.base_learning_rate`, `prior.success_rate`, `timing.*`), the `calibration:`
    /// record, and its file paths rewritten relative to `folder`, where it will be written.
    /// Comments of the original are not kept.
    ///
    /// - Parameter folder: The folder the calibrated scenario will be written in.
    /// - Returns: The YAML text, with a comment header saying what was fitted.
    /// - Throws: ``CalibrationError`` (`scenario`) when the YAML cannot be emitted.
    public func scenarioText(in folder: URL) throws(CalibrationError) -> String {
        var document = scenario.document
        let source = URL(fileURLWithPath: scenario.path).deletingLastPathComponent()
        func set(_ path: [String], _ value: ScenarioValue) {
            document = Self.setting(value, at: path[...], in: document)
        }
        func scalar(_ number: Double) -> ScenarioValue { .scalar(Self.format(number), Self.written) }
        // Paths relative to the new file's folder.
        for key in [["data", "training"], ["data", "validation"], ["grader"], ["gold_grader"]] {
            var value: ScenarioValue? = document
            for part in key { value = value?[part] }
            guard case .scalar(let text, _)? = value else { continue }
            let absolute = text.hasPrefix("/") ? URL(fileURLWithPath: text) : source.appendingPathComponent(text)
            set(key, .scalar(Self.relativePath(absolute.standardizedFileURL.path, from: folder.standardizedFileURL.path), Self.written))
        }
        for line in parameterLines {
            set(line.key.split(separator: ".").map(String.init), scalar(line.fitted))
        }
        if let timing {
            for (kind, seconds) in timing.graderLatencies.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                set(["timing", "grader_latency_seconds", kind.rawValue], scalar(seconds))
            }
        }
        let p = record.parameters.count
        let parameters = ScenarioValue.sequence(record.parameters.map { parameter in
            .mapping([("key", .scalar(parameter.key, Self.written)), ("estimate", scalar(parameter.estimate)),
                      ("scale", .scalar(parameter.scale.rawValue, Self.written))], Self.written)
        }, Self.written)
        let covariance = ScenarioValue.sequence((0..<p).map { i in
            .sequence((0..<p).map { j in scalar(record.covariance[i * p + j]) }, Self.written)
        }, Self.written)
        let pilotPath = Self.relativePath(URL(fileURLWithPath: pilot.path).standardizedFileURL.path, from: folder.standardizedFileURL.path)
        set(["calibration"], .mapping([("pilot", .scalar(pilotPath, Self.written)), ("parameters", parameters), ("covariance", covariance)],
                                      Self.written))
        let yaml: String
        do {
            yaml = try Yams.serialize(node: Self.node(document), width: -1, allowUnicode: true)
        } catch {
            throw CalibrationError(.scenario, "the calibrated scenario cannot be written as YAML: \(error)")
        }
        let keys = parameterLines.map(\.key).joined(separator: ", ")
        return "# Calibrated by `rftsim calibrate` from \(scenario.path) to the pilot \(pilotPath) (docs/CALIBRATION.md).\n"
            + "# Fitted: \(keys). `calibration:` records the fit's covariance for `rftsim sweep --parameter-uncertainty`.\n"
            + yaml
    }

    /// Writes the calibrated scenario to `path` (a `.yaml`/`.yml` file, or a folder that gets
    /// `scenario.yaml`) after checking that it loads as a scenario; nothing is left behind when
    /// that fails.
    ///
    /// - Returns: The file written.
    /// - Throws: ``CalibrationError`` (`scenario`) when the file cannot be written or does not load.
    @discardableResult
    public func writeScenario(to path: String) throws(CalibrationError) -> URL {
        let target = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path).appendingPathComponent("scenario.yaml")
        let folder = target.deletingLastPathComponent()
        let manager = FileManager.default
        let createdFolder = !manager.fileExists(atPath: folder.path)
        let staging = folder.appendingPathComponent(".\(target.lastPathComponent).calibrating")
        do {
            let text = try scenarioText(in: folder)
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: staging)
            do {
                _ = try JobScenario(try ScenarioDocument.parse(text, source: target.path), path: staging.path)
            } catch {
                throw CalibrationError(.scenario, "the calibrated scenario does not load (\(error)); nothing was written")
            }
            if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
            try manager.moveItem(at: staging, to: target)
            return target
        } catch {
            try? manager.removeItem(at: staging)
            if createdFolder { try? manager.removeItem(at: folder) }
            if let error = error as? CalibrationError { throw error }
            throw CalibrationError(.scenario, "cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    static let written = ScenarioLocation(source: "rftsim calibrate", line: nil)

    /// A number as the scenario writes it: integers without a fraction, others with up to 17
    /// significant digits (the shortest text that reads back as the same double).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func setting(_ value: ScenarioValue, at path: ArraySlice<String>, in node: ScenarioValue) -> ScenarioValue {
        guard let key = path.first else { return value }
        var members: [(key: String, value: ScenarioValue)] = []
        var location = written
        if case .mapping(let existing, let at) = node { (members, location) = (existing, at) }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = setting(value, at: path.dropFirst(), in: members[index].value)
        } else {
            members.append((key, setting(value, at: path.dropFirst(), in: .mapping([], written))))
        }
        return .mapping(members, location)
    }

    static func node(_ value: ScenarioValue) -> Node {
        switch value {
        case .scalar(let text, _):
            // Text the reader would take for null, or empty text, must be quoted.
            let quoted = text.isEmpty || ["~", "null", "Null", "NULL"].contains(text)
            return .scalar(.init(text, .implicit, quoted ? .doubleQuoted : .any))
        case .mapping(let members, _):
            return .mapping(.init(members.map { (Node.scalar(.init($0.key)), node($0.value)) }))
        case .sequence(let elements, _):
            return .sequence(.init(elements.map(node)))
        case .null:
            return .scalar(.init("null", .implicit, .plain))
        }
    }

    /// `path` relative to the folder `base` (both absolute, standardised); `path` itself when
    /// they share no folder but the root.
    static func relativePath(_ path: String, from base: String) -> String {
        let target = path.split(separator: "/").map(String.init), origin = base.split(separator: "/").map(String.init)
        var common = 0
        while common < min(target.count, origin.count), target[common] == origin[common] { common += 1 }
        if common == 0 { return path }
        let up = Array(repeating: "..", count: origin.count - common)
        let parts = up + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
