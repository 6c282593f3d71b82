import Dispatch
import Foundation
import Studies
import Synchronization

/// `rftsim simulate`'s JSON lines (``SimulationLine/appendJSON(to:)``), to a file or stdout,
/// formatted and written on a second thread while the trainer takes the next steps.
///
/// Formatting a line (shortest round-trip text for a step's numbers, and a bandit's policy) costs
/// about as much as the step itself, so the two run side by side: lines go over in batches to one
/// serial queue, which appends them to a 64 KiB block and writes whole blocks. The bytes are the
/// same as writing line by line, in order, whatever the thread timing. At most a few batches wait,
/// so memory stays bounded however many steps run.
final class LineWriter: @unchecked Sendable {
    // @unchecked: `sink`, `buffer` are touched only on `queue`; `pending` only by the caller's
    // thread; `failure` is behind its mutex.
    private let sink: OutputSink
    private let queue = DispatchQueue(label: "rftsim.simulate.lines")
    /// Batches handed to `queue` and not yet written.
    private let inFlight = DispatchSemaphore(value: LineWriter.batchesInFlight)
    private let failure = Mutex<(any Error)?>(nil)
    private var pending: [SimulationLine] = []
    private var buffer: [UInt8] = []

    private static let blockSize = 1 << 16
    private static let batchSize = 256
    private static let batchesInFlight = 4

    /// Opens `path` (`-` for stdout).
    init(path: String) throws {
        sink = try OutputSink(path: path == "-" ? nil : path)
        buffer.reserveCapacity(Self.blockSize + 4096)
        pending.reserveCapacity(Self.batchSize)
    }

    /// Queues a line.
    ///
    /// - Throws: the first error the writing thread met (a non-finite value, a failed write).
    func write(_ line: SimulationLine) throws {
        pending.append(line)
        if pending.count == Self.batchSize { try submit() }
    }

    /// Writes what is queued, waits for it, and closes the file.
    ///
    /// - Throws: the first error met while formatting or writing.
    func close() throws {
        try submit()
        try queue.sync {
            try throwFailure()
            try flush()
            try sink.close()
        }
    }

    private func submit() throws {
        try throwFailure()
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        pending.reserveCapacity(Self.batchSize)
        inFlight.wait()
        queue.async { [self] in
            defer { inFlight.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                for line in batch {
                    try line.appendJSON(to: &buffer)
                    buffer.append(UInt8(ascii: "\n"))
                    if buffer.count >= Self.blockSize { try flush() }
                }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }

    private func throwFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
