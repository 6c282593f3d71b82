import Dispatch
import Foundation
import Simulator
import Studies
import Synchronization

/// `rftsim simulate`'s JSON lines (``SimulationLine/writeJSON(metrics:policy:trainingSeconds:cost:into:)``),
/// to a file or stdout, formatted and written on a second thread while the trainer takes the next
/// steps.
///
/// Formatting a line (shortest round-trip text for a step's numbers, and a bandit's policy) costs
/// about as much as the step itself, so the two run side by side: lines go over in batches of 256
/// to one serial queue, which writes them into a 64 KiB block and writes whole blocks. A batch
/// keeps its lines' answer probabilities in one buffer, so the trainer's thread allocates nothing
/// a line. The bytes are the same as writing line by line, in order, whatever the thread timing.
/// At most a few batches wait, so memory stays bounded however many steps run.
final class LineWriter: @unchecked Sendable {
    // @unchecked: `sink` and `block` are touched only on `queue`; `batch` only by the caller's
    // thread; `failure` is behind its mutex.
    private let sink: OutputSink
    private let queue = DispatchQueue(label: "rftsim.simulate.lines")
    /// Batches handed to `queue` and not yet written.
    private let inFlight = DispatchSemaphore(value: LineWriter.batchesInFlight)
    private let failure = Mutex<(any Error)?>(nil)
    // Each touched by one thread only (above), so without run-time exclusivity checks.
    @exclusivity(unchecked) private var batch = Batch()
    @exclusivity(unchecked) private var block: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var blockCount = 0
    @exclusivity(unchecked) private var blockCapacity: Int

    private static let blockSize = 1 << 16
    private static let batchSize = 256
    private static let batchesInFlight = 4

    /// A line waiting to be formatted, as parts.
    private struct PendingLine: Sendable {
        var metrics: StepMetrics
        var trainingSeconds: Double?
        var cost: Double?
        /// Where its answer probabilities are in the batch's `policies`, if it has any.
        var policy: Range<Int>?
    }

    /// Lines waiting to be formatted, their answer probabilities one after the other in one buffer.
    private struct Batch: Sendable {
        var lines: [PendingLine] = []
        var policies: [Double] = []

        init() {}

        init(reserving count: Int, policyValues: Int = 0) {
            lines.reserveCapacity(count)
            policies.reserveCapacity(policyValues)
        }
    }

    /// Opens `path` (`-` for stdout).
    init(path: String) throws {
        sink = try OutputSink(path: path == "-" ? nil : path)
        blockCapacity = Self.blockSize + SimulationLine.maximumJSONLength(policyCount: 0)
        block = .allocate(capacity: blockCapacity)
        batch = Batch(reserving: Self.batchSize)
    }

    deinit {
        block.deallocate()
    }

    /// Queues a line with `metrics` and, for a job, its training seconds and cost so far.
    ///
    /// - Throws: the first error the writing thread met (a non-finite value, a failed write).
    func write(_ metrics: StepMetrics, trainingSeconds: Double? = nil, cost: Double? = nil) throws {
        try append(PendingLine(metrics: metrics, trainingSeconds: trainingSeconds, cost: cost))
    }

    /// Queues a bandit's line: `metrics` and the tracked item's probabilities after the step (as
    /// `policy`; a session without a tracked item writes none).
    ///
    /// - Throws: the first error the writing thread met (a non-finite value, a failed write).
    func write(_ metrics: StepMetrics, policyOf session: TrainingSession) throws {
        guard let count = session.trackedProbabilityCount else { return try write(metrics) }
        if batch.policies.capacity == 0 { batch.policies.reserveCapacity(Self.batchSize * count) }
        let start = batch.policies.count
        session.appendTrackedProbabilities(to: &batch.policies)
        try append(PendingLine(metrics: metrics, policy: start..<batch.policies.count))
    }

    private func append(_ line: PendingLine) throws {
        batch.lines.append(line)
        if batch.lines.count == Self.batchSize { try submit() }
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
        guard !batch.lines.isEmpty else { return }
        let lines = batch
        batch = Batch(reserving: Self.batchSize, policyValues: lines.policies.count)
        inFlight.wait()
        queue.async { [self] in
            defer { inFlight.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                try format(lines)
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }

    /// On `queue`: formats a batch into the block, writing the block out whenever it fills.
    private func format(_ lines: Batch) throws {
        try lines.policies.withUnsafeBufferPointer { policies in
            for line in lines.lines {
                let policy = line.policy.map { UnsafeBufferPointer(rebasing: policies[$0]) }
                try reserve(SimulationLine.maximumJSONLength(policyCount: policy?.count ?? 0) + 1)
                blockCount += try SimulationLine.writeJSON(
                    metrics: line.metrics, policy: policy, trainingSeconds: line.trainingSeconds, cost: line.cost,
                    into: block + blockCount)
                block[blockCount] = UInt8(ascii: "\n")
                blockCount += 1
                if blockCount >= Self.blockSize { try flush() }
            }
        }
    }

    /// Makes room for `bytes` more in the block: writes it out, and grows it for a longer line.
    private func reserve(_ bytes: Int) throws {
        guard blockCount + bytes > blockCapacity else { return }
        try flush()
        if bytes > blockCapacity {
            block.deallocate()
            blockCapacity = bytes
            block = .allocate(capacity: bytes)
        }
    }

    private func throwFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func flush() throws {
        guard blockCount > 0 else { return }
        try sink.write(Data(bytesNoCopy: block, count: blockCount, deallocator: .none))
        blockCount = 0
    }
}
