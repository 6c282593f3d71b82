#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// `write(2)` until every byte is written: the one loop that spooled uploads
/// (``UploadWriter``) and `rftsim serve`'s state journal write files with.
public enum DescriptorWriter {
    /// Writes all of `bytes` to `descriptor`, resuming after short and interrupted writes.
    ///
    /// - Parameters:
    ///   - bytes: What to write.
    ///   - descriptor: An open file descriptor.
    /// - Returns: `nil` when everything was written, else the system's reason (`strerror`), for
    ///   the caller's error to name with its file.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var written = 0
        while written < bytes.count {
            let result = write(descriptor, base + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += result
        }
        return nil
    }
}
