import Foundation
import Graders

/// Reading the files `rftsim` commands take, with errors that name the file and line.
enum GraderFile {
    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// A grader definition file.
    static func load(_ path: String) throws -> Grader {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: try read(path))
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("\(path) is not valid JSON: \(error)")
        }
        do {
            return try Grader(json: json)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }

    /// The rows of a JSONL file; blank lines are skipped.
    static func rows(_ path: String) throws -> [GradeRow] {
        let text = String(decoding: try read(path), as: UTF8.self)
        var rows: [GradeRow] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                rows.append(try GradeRow(line: String(line), number: index + 1))
            } catch {
                throw CommandFailure("\(path) \(error)")
            }
        }
        return rows
    }
}

/// Where results go: a file, or stdout.
final class OutputSink {
    private let handle: FileHandle
    private let isFile: Bool

    init(path: String?) throws {
        guard let path else {
            handle = .standardOutput
            isFile = false
            return
        }
        // open(2) rather than FileManager.createFile, which replaces the path atomically: that
        // would turn /dev/null or a named pipe into a regular file.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno))); check that its folder exists and is writable")
        }
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        isFile = true
    }

    func write(_ data: Data) throws {
        try handle.write(contentsOf: data)
    }

    func close() throws {
        if isFile { try handle.close() }
    }
}

/// A failure at run time, printed as `Error: <message>` with exit status 1.
struct CommandFailure: Error, Equatable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
