public import Foundation
public import Graders

extension ScenarioReader {
    /// A scalar as text.
    public func text(_ key: String) throws(ScenarioError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let text, _) = value else { throw error(key, "must be text, got \(Self.show(value))") }
        return text
    }

    /// A name: letters, digits, `-` and `_`.
    public func word(_ key: String) throws(ScenarioError) -> String? {
        guard let text = try text(key) else { return nil }
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw error(key, "must be 1 to 64 letters, digits, '-' or '_', got \"\(text)\"")
        }
        return text
    }

    /// `true` or `false`.
    public func flag(_ key: String) throws(ScenarioError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let text, _) = value, let flag = Bool(text) else {
            throw error(key, "must be true or false, got \(Self.show(value))")
        }
        return flag
    }

    /// A path to an existing file, relative to `folder`.
    public func file(_ key: String, relativeTo folder: URL) throws(ScenarioError) -> URL? {
        guard let text = try text(key) else { return nil }
        let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : folder.appendingPathComponent(text)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw error(key, "names \(url.path), which is not a file")
        }
        return url
    }

    /// A grader: a path to its JSON file (relative to `folder`) or the grader inline.
    public func grader(_ key: String, relativeTo folder: URL) throws(ScenarioError) -> (grader: Grader?, json: JSONValue?) {
        guard let value = value(key) else { return (nil, nil) }
        let json: JSONValue, source: String
        switch value {
        case .scalar:
            guard let url = try file(key, relativeTo: folder) else { return (nil, nil) }
            do {
                json = try JSONValue(parsing: Data(contentsOf: url))
            } catch {
                throw self.error(key, "\(url.path) is not valid JSON: \(error)")
            }
            source = url.path
        case .mapping:
            json = value.json
            source = "the inline grader"
        default:
            throw error(key, "must be a path to a grader JSON file or the grader as a mapping, got \(Self.show(value))")
        }
        do {
            return (try Grader(json: json), json)
        } catch {
            throw self.error(key, "\(source): \(error.description)")
        }
    }
}
