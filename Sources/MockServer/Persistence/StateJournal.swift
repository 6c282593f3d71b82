public import Foundation
import Hummingbird
import Provider

/// The requests that changed a server's state, in order, on disk (`rftsim serve --state DIR`).
///
/// The provider is deterministic: the same requests at the same clock readings rebuild the same
/// files, jobs, events, checkpoints and bills. So persistence is an append-only journal of the
/// requests that succeeded and changed something (uploads, jobs and their actions, permissions,
/// the control API's clock, outcomes, organisation, price sheet and resets; not faults, which are
/// an HTTP concern, nor reads), each with the clock reading it arrived at. A request's entry is
/// written and `fsync`ed before its answer is sent, so an acknowledged change survives SIGKILL;
/// a line torn by a crash is dropped at the next start. A reset starts the journal over.
public final class StateJournal: @unchecked Sendable {
    /// One journaled request.
    public struct Entry: Codable, Sendable, Equatable {
        /// `POST`, `PUT`, `DELETE`.
        public var method: String
        /// The path with its query.
        public var path: String
        /// The bearer key, if the request had one.
        public var key: String?
        /// The request's `Content-Type`, if any.
        public var contentType: String?
        /// The body, base64 (empty when it is in ``bodyFile``).
        public var body: String
        /// The file under the journal's directory holding the body (`bodies/…`), for uploads,
        /// which are streamed to disk rather than held in memory; `nil` when the body is inline.
        public var bodyFile: String?
        /// The provider's clock reading when the request arrived.
        public var now: Double

        enum CodingKeys: String, CodingKey {
            case method, path, key, body, now
            case contentType = "content_type"
            case bodyFile = "body_file"
        }
    }

    /// The journal file, `DIR/journal.jsonl`.
    public let url: URL
    /// Where upload bodies are kept, `DIR/bodies` (an entry names its file in ``Entry/bodyFile``).
    public let bodiesDirectory: URL
    private let lock = NSLock()
    private var descriptor: Int32

    /// Opens (creating if needed) the journal in `directory`.
    ///
    /// - Throws: ``StateJournalError`` when the directory or file cannot be created or opened.
    public init(directory: String) throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StateJournalError(message: "cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        url = folder.appendingPathComponent("journal.jsonl")
        bodiesDirectory = folder.appendingPathComponent("bodies", isDirectory: true)
        descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateJournalError(message: "cannot open \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// The entries on disk, oldest first.
    ///
    /// A last line torn by a crash (not valid JSON) is cut off the file and left out; a bad line
    /// before the last is an error.
    ///
    /// - Throws: ``StateJournalError`` naming the line.
    public func entries() throws -> [Entry] {
        lock.lock()
        defer { lock.unlock() }
        let data = (try? Data(contentsOf: url)) ?? Data()
        var entries: [Entry] = [], offset = 0, lineNumber = 0
        let decoder = JSONDecoder()
        while offset < data.count {
            lineNumber += 1
            let end = data[offset...].firstIndex(of: UInt8(ascii: "\n"))
            let line = data[offset..<(end ?? data.count)]
            if let end, let entry = try? decoder.decode(Entry.self, from: line) {
                entries.append(entry)
                offset = end + 1
                continue
            }
            guard end == nil || data[(end! + 1)...].allSatisfy({ $0 == UInt8(ascii: "\n") }) else {
                throw StateJournalError(message: "\(url.path), line \(lineNumber): not a journal entry; the journal is damaged")
            }
            // A torn tail: an acknowledged write always ends with its newline and fsync.
            guard ftruncate(descriptor, off_t(offset)) == 0 else {
                throw StateJournalError(message: "cannot cut the torn tail of \(url.path): \(String(cString: strerror(errno)))")
            }
            break
        }
        return entries
    }

    /// Appends `entry` and waits until it is on disk.
    ///
    /// - Throws: ``StateJournalError`` when the write or `fsync` fails.
    func append(_ entry: Entry) throws {
        let line = try Self.line(entry)
        lock.lock()
        defer { lock.unlock() }
        try Self.writeAll(line, to: descriptor, path: url.path)
        guard fsync(descriptor) == 0 else {
            throw StateJournalError(message: "cannot fsync \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces the journal with `entry` alone (after a reset), atomically.
    ///
    /// - Throws: ``StateJournalError`` when the new file cannot be written or renamed.
    func restart(with entry: Entry?) throws {
        let line = try entry.map(Self.line) ?? Data()
        lock.lock()
        defer { lock.unlock() }
        let temporary = url.path + ".new"
        let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw StateJournalError(message: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        defer { close(file) }
        try Self.writeAll(line, to: file, path: temporary)
        guard fsync(file) == 0, rename(temporary, url.path) == 0 else {
            throw StateJournalError(message: "cannot replace \(url.path): \(String(cString: strerror(errno)))")
        }
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
        close(descriptor)
        descriptor = open(url.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw StateJournalError(message: "cannot reopen \(url.path): \(String(cString: strerror(errno)))") }
        // The bodies of the entries replaced go with them (a restarting entry has its body inline).
        let kept = entry?.bodyFile.map { URL(fileURLWithPath: $0, relativeTo: url.deletingLastPathComponent()).lastPathComponent }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: bodiesDirectory.path)) ?? [] where name != kept {
            unlink(bodiesDirectory.appendingPathComponent(name).path)
        }
    }

    /// The file of an entry's body, if it is in one.
    func bodyURL(of entry: Entry) -> URL? {
        entry.bodyFile.map { url.deletingLastPathComponent().appendingPathComponent($0) }
    }

    /// Writes a request body to a new file under ``bodiesDirectory`` as it arrives, and `fsync`s
    /// it, so the entry naming it can be appended once the request has succeeded.
    ///
    /// - Parameters:
    ///   - body: The request body, streamed.
    ///   - limit: The largest body accepted.
    /// - Returns: The file's name relative to the journal's directory (`bodies/…`) and its URL.
    /// - Throws: 413 over `limit` (nothing is left on disk); ``StateJournalError`` when the disk
    ///   refuses the write.
    func spool(_ body: RequestBody, limit: Int) async throws -> (name: String, url: URL) {
        do {
            try FileManager.default.createDirectory(at: bodiesDirectory, withIntermediateDirectories: true)
        } catch {
            throw StateJournalError(message: "cannot create \(bodiesDirectory.path): \(error.localizedDescription)")
        }
        let name = "bodies/" + UUID().uuidString.lowercased() + ".body"
        let file = url.deletingLastPathComponent().appendingPathComponent(name)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StateJournalError(message: "cannot create \(file.path): \(String(cString: strerror(errno)))") }
        var finished = false
        defer {
            close(descriptor)
            if !finished { unlink(file.path) }
        }
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            guard received <= limit else {
                throw JSONBody.tooLarge(limit: limit, what: "uploads (the file limit plus multipart framing)")
            }
            try chunk.withUnsafeReadableBytes { bytes in
                try Self.writeAll(bytes, to: descriptor, path: file.path)
            }
        }
        guard fsync(descriptor) == 0 else { throw StateJournalError(message: "cannot fsync \(file.path): \(String(cString: strerror(errno)))") }
        finished = true
        return (name, file)
    }

    /// The journal's bytes (`GET /_rftsim/state?format=journal`): one entry per line, every body
    /// inline (base64), so the export stands alone.
    ///
    /// - Throws: ``StateJournalError`` when the file or a body file cannot be read.
    func contents() throws -> Data {
        lock.lock()
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            lock.unlock()
            throw StateJournalError(message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        lock.unlock()
        guard data.range(of: Data(#""body_file""#.utf8)) != nil else { return data }
        var output = Data()
        for var entry in try Self.entries(in: data) {
            if let file = bodyURL(of: entry) {
                do {
                    entry.body = try Data(contentsOf: file).base64EncodedString()
                } catch {
                    throw StateJournalError(message: "cannot read the journaled body \(file.path): \(error.localizedDescription)")
                }
                entry.bodyFile = nil
            }
            output.append(try Self.line(entry))
        }
        return output
    }

    /// Replaces the journal with `entries`, atomically (`POST /_rftsim/state`).
    ///
    /// - Throws: ``StateJournalError`` when the new file cannot be written.
    func replace(with entries: [Entry]) throws {
        guard let first = entries.first else {
            try restart(with: nil)
            return
        }
        try restart(with: first)
        for entry in entries.dropFirst() { try append(entry) }
    }

    /// Decodes journal text: one entry per non-empty line.
    ///
    /// - Throws: ``StateJournalError`` naming the first line that is not an entry.
    static func entries(in data: Data) throws -> [Entry] {
        let decoder = JSONDecoder()
        var entries: [Entry] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            do {
                entries.append(try decoder.decode(Entry.self, from: Data(line)))
            } catch {
                throw StateJournalError(message: "line \(index + 1) is not a journal entry {\"method\", \"path\", \"body\", \"now\", …}: \(error)")
            }
        }
        return entries
    }

    private static func line(_ entry: Entry) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(entry)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            try writeAll(bytes, to: descriptor, path: path)
        }
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
        if let reason = DescriptorWriter.writeAll(bytes, to: descriptor) {
            throw StateJournalError(message: "cannot write \(path): \(reason)")
        }
    }
}

/// The journal could not be read or written; the message names the file and the cause.
public struct StateJournalError: Error, CustomStringConvertible, Sendable {
    /// What failed, with the path.
    public var message: String
    public var description: String { message }
}
