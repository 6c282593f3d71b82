import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A disk file's bytes as a sequence of `ByteBuffer`s of at most ``chunkSize`` bytes, read as they
/// are asked for: a download of a large upload (`GET /v1/files/{id}/content`) and the replay of a
/// journaled upload stream it instead of loading it.
///
/// The file is opened when the sequence is made (so a file deleted afterwards still reads whole)
/// and closed when its iterator ends or goes.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// Bytes per chunk.
    static let chunkSize = 256 << 10

    private let handle: Handle
    /// The file's size when it was opened.
    let byteCount: Int

    /// Opens `url`, or `nil` when it cannot be opened.
    init?(url: URL) {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            close(descriptor)
            return nil
        }
        handle = Handle(descriptor: descriptor)
        byteCount = Int(end)
    }

    func makeAsyncIterator() -> Iterator { Iterator(handle: handle) }

    /// Reads the next chunk; the sequence is meant to be iterated once.
    struct Iterator: AsyncIteratorProtocol {
        let handle: Handle

        mutating func next() async throws -> ByteBuffer? {
            try handle.read(FileChunks.chunkSize)
        }
    }

    /// The open file, closed at its end or when the last reference goes.
    final class Handle: @unchecked Sendable {
        private let lock = NSLock()
        private var descriptor: Int32

        init(descriptor: Int32) { self.descriptor = descriptor }

        func read(_ count: Int) throws -> ByteBuffer? {
            lock.lock()
            defer { lock.unlock() }
            guard descriptor >= 0 else { return nil }
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            let descriptor = descriptor
            let result = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
                try readSome(descriptor, into: pointer, count: count)
            }
            if result == 0 {
                close(self.descriptor)
                self.descriptor = -1
                return nil
            }
            return buffer
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }
    }
}

/// `read(2)` of up to `count` bytes, retried on `EINTR`.
private func readSome(_ descriptor: Int32, into pointer: UnsafeMutableRawBufferPointer, count: Int) throws -> Int {
    while true {
        let got = read(descriptor, pointer.baseAddress, min(count, pointer.count))
        if got >= 0 { return got }
        if errno != EINTR { throw FileChunksError(message: "cannot read an upload's file: \(String(cString: strerror(errno)))") }
    }
}

/// A file being streamed could not be read.
struct FileChunksError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
