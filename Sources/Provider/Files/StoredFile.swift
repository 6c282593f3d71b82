internal import Foundation

/// A file the provider holds: its metadata, its bytes and who uploaded it.
struct StoredFile: Sendable {
    var object: FileObject
    var content: Data
    /// The API key that uploaded it (visibility under key isolation).
    var ownerKey: String
    /// How many lines have something other than white space: an upper bound on the examples a
    /// dataset validation finds, counted once at upload so a job's work bound is cheap to check.
    let nonBlankLines: Int

    init(object: FileObject, content: Data, ownerKey: String) {
        self.object = object
        self.content = content
        self.ownerKey = ownerKey
        nonBlankLines = Self.countNonBlankLines(content)
    }

    /// Lines (separated by `\n`) holding a byte other than space, tab or `\r`.
    static func countNonBlankLines(_ data: Data) -> Int {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
            var count = 0, blank = true
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\n"):
                    if !blank { count += 1 }
                    blank = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
                default: blank = false
                }
            }
            return blank ? count : count + 1
        }
    }
}
