import Foundation
import Yams

/// Reads scenario YAML into a ``ScenarioValue`` tree and applies `--set key=value` overrides.
public enum ScenarioDocument {
    /// Parses a scenario file.
    ///
    /// - Throws: ``ScenarioError`` for a path that does not exist (for a folder without
    ///   `scenario.yaml`, `folder/scenario.yaml`), a folder, a file that cannot be read or is not
    ///   UTF-8, or text that is not YAML (with the line the YAML parser stopped at) or whose top
    ///   level is not a mapping.
    public static func load(path: String) throws -> ScenarioValue {
        try parse(try text(path), source: path)
    }

    /// The text of the scenario file at `path`, with errors that say what is there instead.
    static func text(_ path: String) throws(ScenarioError) -> String {
        let manager = FileManager.default
        func failure(_ source: String, _ message: String) -> ScenarioError {
            ScenarioError(location: ScenarioLocation(source: source, line: nil), key: "", message: message)
        }
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // A folder without scenario.yaml comes here as folder/scenario.yaml (`JobScenario.resolve`).
            throw failure(path, "no such file; give a scenario folder (with scenario.yaml) or a scenario YAML file")
        }
        guard !isDirectory.boolValue else {
            throw failure(path, "is a folder; give the scenario's YAML file, or a folder that holds scenario.yaml")
        }
        guard let data = manager.contents(atPath: path) else {
            throw failure(path, manager.isReadableFile(atPath: path) ? "cannot read the file" : "cannot read the file: no read permission")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure(path, "is not UTF-8 text; a scenario is a YAML file")
        }
        return text
    }

    /// Parses scenario text; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws -> ScenarioValue {
        let node: Node?
        do {
            node = try compose(text)
        } catch let error as YamlError {
            throw ScenarioError(location: ScenarioLocation(source: source, line: Self.line(of: error)), key: "", message: "not valid YAML: \(error)")
        }
        guard let node else { throw ScenarioError(location: ScenarioLocation(source: source, line: 1), key: "", message: "the scenario is empty") }
        let value = try convert(node, source: source, path: "")
        guard case .mapping = value else {
            throw ScenarioError(location: value.location, key: "", message: "the top level must be a mapping of keys, e.g. `trainer:` and `seed:`")
        }
        return value
    }

    /// Applies `key.path=value` overrides in order; the value is read as YAML (`0.2`, `rloo`,
    /// `[1, 0.5]`), and missing mappings on the path are created.
    ///
    /// - Throws: ``ScenarioError`` for an override without `=`, an empty key, or a path through
    ///   a value that is not a mapping.
    public static func applying(_ overrides: [String], to document: ScenarioValue) throws -> ScenarioValue {
        var document = document
        for override in overrides {
            let location = ScenarioLocation(source: "--set \(override)", line: nil)
            guard let equals = override.firstIndex(of: "=") else {
                throw ScenarioError(location: location, key: "", message: "write --set key.path=value, e.g. --set trainer.learning_rate=0.2")
            }
            let path = override[..<equals].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.isEmpty, path.allSatisfy({ !$0.isEmpty }) else {
                throw ScenarioError(location: location, key: String(override[..<equals]), message: "the key path has an empty part")
            }
            let valueText = String(override[override.index(after: equals)...])
            let node = (try? compose(valueText)) ?? nil
            let value = try node.map { try convert($0, source: location.source, path: path.joined(separator: "."), lines: false) } ?? .null(location)
            document = try set(value, at: path[...], in: document, location: location, walked: [])
        }
        return document
    }

    private static func set(_ value: ScenarioValue, at path: ArraySlice<String>, in node: ScenarioValue, location: ScenarioLocation, walked: [String]) throws -> ScenarioValue {
        guard let key = path.first else { return value }
        guard case .mapping(var members, let mappingLocation) = node else {
            throw ScenarioError(location: location, key: walked.joined(separator: "."), message: "is \(node.kindName), so it has no key \"\(key)\"")
        }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = try set(value, at: path.dropFirst(), in: members[index].value, location: location, walked: walked + [key])
        } else {
            let fresh = ScenarioValue.mapping([], location)
            members.append((key, try set(value, at: path.dropFirst(), in: fresh, location: location, walked: walked + [key])))
        }
        return .mapping(members, mappingLocation)
    }

    /// The YAML node tree of `text`, without Yams's defaults that a scenario never uses: `convert`
    /// keeps scalars as text and reads them itself, so no implicit tags are resolved (the default
    /// resolver compiles seven regular expressions, about 1 ms) and nothing is constructed, and the
    /// text is read as UTF-8 (the default encoding reads the whole environment to decide).
    private static func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
    }

    private static func convert(_ node: Node, source: String, path: String, lines: Bool = true) throws -> ScenarioValue {
        // An override's value has no line worth showing: it was typed on the command line.
        let location = ScenarioLocation(source: source, line: lines ? node.mark.map { $0.line } : nil)
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null(location) }
            return .scalar(scalar.string, location)
        case .mapping(let mapping):
            var members: [(key: String, value: ScenarioValue)] = []
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else {
                    throw ScenarioError(location: location, key: path, message: "keys must be plain words")
                }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if members.contains(where: { $0.key == key }) {
                    throw ScenarioError(location: ScenarioLocation(source: source, line: lines ? keyNode.mark?.line : nil), key: childPath, message: "is given twice")
                }
                members.append((key, try convert(valueNode, source: source, path: childPath, lines: lines)))
            }
            return .mapping(members, location)
        case .sequence(let sequence):
            return .sequence(try sequence.enumerated().map { try convert($1, source: source, path: "\(path)[\($0)]", lines: lines) }, location)
        case .alias:
            throw ScenarioError(location: location, key: path, message: "YAML aliases are not supported; write the value out")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
}
