internal import Foundation

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Where a stored file's bytes are: in memory (small files, results CSVs, in-process uploads), or
/// in a file on disk that this object owns (uploads streamed by `rftsim serve`).
///
/// A reference, so that every copy of a ``StoredFile`` (the store's, a job planning's) shares
/// it: the disk file is removed when the last copy goes (the file is deleted, or the provider
/// reset, and no planning still reads it).
final class FileContent: Sendable {
    enum Storage: Sendable {
        case memory(Data)
        case disk(URL)
    }

    let storage: Storage

    init(_ storage: Storage) { self.storage = storage }

    /// The bytes; a disk file's are mapped, not read.
    ///
    /// Its pages are loaded as they are read and can be dropped again by the kernel. `nil` when
    /// the disk file can no longer be read (removed from under the server, say): not as no
    /// bytes, which would read as an empty dataset.
    var data: Data? {
        switch storage {
        case .memory(let data): data
        case .disk(let url): try? Data(contentsOf: url, options: .alwaysMapped)
        }
    }

    /// The disk file holding the bytes, if they are on disk.
    var location: URL? {
        if case .disk(let url) = storage { return url }
        return nil
    }

    deinit {
        if case .disk(let url) = storage { unlink(url.path) }
    }
}

/// Counts the lines holding a byte other than space, tab or `\r`, over bytes given in pieces.
struct NonBlankLineCounter: Sendable {
    private var count = 0
    private var blank = true

    /// Reads the next piece.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if !blank { count += 1 }
                blank = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: blank = false
            }
        }
    }

    /// The lines so far, the last one counted even without its newline.
    var total: Int { blank ? count : count + 1 }
}
