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
/// about as much as the step itself, so the two run side by side. The trainer's thread puts each
/// line's parts into a ring of preallocated slots (``LineRing``) and the writing thread formats
/// whole slots into a 64 KiB block, writing whole blocks. Nothing is allocated a line, memory stays
/// bounded however many steps run, and the bytes are the same as writing line by line, in order,
/// whatever the thread timing.
///
/// Use one writer from one thread, and ``close()`` it to get the last lines out and learn of a
/// failed write; a writer dropped without closing stops its thread and writes no more.
final class LineWriter {
    /// The slots and the writing thread.
    let ring: LineRing
    /// Slots handed to the writing thread so far (the ring's `filled`, kept here as well so that
    /// the trainer's side reads no atomic a line).
    private var published = 0
    /// The ring slot being filled: `published` mod the ring's slot count.
    private var slot = 0
    /// Lines in the slot being filled.
    private var lineCount = 0
    private var isClosed = false

    /// Opens `path` (`-` for stdout) and starts the writing thread.
    ///
    /// Each line has `policyCount` answer probabilities (0 for lines without a policy).
    /// `slotCount` overrides the ring's ``LineRing/slotCount(policyCount:)`` (tests wrap a small ring).
    init(path: String, policyCount: Int = 0, slotCount: Int? = nil) throws {
        ring = LineRing(
            sink: try OutputSink(path: path == "-" ? nil : path), policyCount: policyCount,
            slotCount: slotCount ?? LineRing.slotCount(policyCount: policyCount))
        let ring = self.ring
        let thread = Thread { ring.runWriter() }
        thread.name = "rftsim.simulate.lines"
        thread.start()
    }

    deinit {
        if !isClosed { ring.abandon() }
    }

    /// Queues a line with `metrics` and, for a job, its training seconds and cost so far.
    ///
    /// - Throws: the first error the writing thread met (a non-finite value, a failed write).
    func write(_ metrics: StepMetrics, trainingSeconds: Double? = nil, cost: Double? = nil) throws {
        precondition(ring.policyCount == 0, "this writer's lines have a policy: write(_:policyOf:)")
        ring.line(slot: slot, line: lineCount).initialize(
            to: LineRing.PendingLine(metrics: metrics, trainingSeconds: trainingSeconds, cost: cost))
        try lineAdded()
    }

    /// Queues a bandit's line.
    ///
    /// The line holds `metrics` and the tracked item's probabilities after the step (as `policy`). The
    /// writer must have been opened with the session's ``TrainingSession/trackedProbabilityCount``.
    ///
    /// - Throws: the first error the writing thread met (a non-finite value, a failed write).
    func write(_ metrics: StepMetrics, policyOf session: TrainingSession) throws {
        precondition(session.trackedProbabilityCount ?? 0 == ring.policyCount, "the writer was opened for another policy size")
        session.copyTrackedProbabilities(to: ring.policy(slot: slot, line: lineCount))
        ring.line(slot: slot, line: lineCount).initialize(to: LineRing.PendingLine(metrics: metrics, trainingSeconds: nil, cost: nil))
        try lineAdded()
    }

    private func lineAdded() throws {
        lineCount += 1
        if lineCount == LineRing.linesPerSlot { try publish() }
    }

    /// Hands the slot being filled to the writing thread and waits for the next one to be free.
    private func publish() throws {
        try ring.throwFailure()
        ring.publish(slotNumber: published, lineCount: lineCount)
        published += 1
        slot = published % ring.slotCount
        lineCount = 0
        ring.waitUntilFree(slotNumber: published)
    }

    /// Writes what is queued, waits for it, and closes the file.
    ///
    /// - Throws: the first error met while formatting or writing.
    func close() throws {
        precondition(!isClosed, "LineWriter closed twice")
        isClosed = true
        if lineCount > 0 { ring.publish(slotNumber: published, lineCount: lineCount) }
        try ring.finish()
    }
}

/// The slots a ``LineWriter`` fills and its writing thread empties, and that thread's loop.
///
/// A ring of ``slotCount`` slots of ``linesPerSlot`` lines, each line's parts (``PendingLine``)
/// and probabilities in memory allocated once. Slot n (counted from 0 over the run) is ring slot
/// n mod ``slotCount``: the trainer's thread fills it, then publishes it by raising `filled` to n + 1;
/// the writing thread formats it, then frees it by raising `consumed` to n + 1.
///
/// Neither thread takes a lock or makes a system call a slot while the other keeps up: a thread
/// that finds nothing to do spins for a few hundred microseconds, then sleeps on its semaphore
/// after saying so in its `…Sleeping` flag. The other thread wakes it only then. The flag and the
/// counter are stored and read in opposite orders, sequentially consistent, so one of the two
/// threads always sees the other's store (no lost wake-up); a wake-up it did not need only makes
/// the sleeper look again.
final class LineRing: @unchecked Sendable {
    // @unchecked: a slot's lines and probabilities belong to the trainer's thread until it is
    // published and to the writing thread until it is consumed (the atomics order the hand-over);
    // `sink` is the writing thread's; `failure` is behind its mutex.

    /// A line waiting to be formatted; its probabilities are beside it in the slot.
    struct PendingLine {
        var metrics: StepMetrics
        var trainingSeconds: Double?
        var cost: Double?
    }

    static let linesPerSlot = 64
    /// About the memory a ring takes; see ``slotCount(policyCount:)``.
    static let ringBytes = 1 << 20
    /// Spins before a thread with nothing to do sleeps, a few hundred microseconds: longer than
    /// the trainer takes to fill a slot of bandit lines (64 steps of about 1.5 µs), so in a steady
    /// run the writing thread never sleeps and the trainer never makes a system call to wake it.
    private static let spinLimit = 1 << 18
    private static let blockSize = 1 << 16

    let policyCount: Int
    /// Slots in the ring (``slotCount(policyCount:)`` unless a test chose).
    let slotCount: Int
    private let sink: OutputSink
    private let lines: UnsafeMutablePointer<PendingLine>
    private let policies: UnsafeMutablePointer<Double>
    private let lineCounts: UnsafeMutablePointer<Int>

    private let filled = Atomic<Int>(0)
    private let consumed = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)
    private let abandoned = Atomic<Bool>(false)
    private let writerSleeping = Atomic<Bool>(false)
    private let trainerSleeping = Atomic<Bool>(false)
    private let writerWake = DispatchSemaphore(value: 0)
    private let trainerWake = DispatchSemaphore(value: 0)
    private let writerDone = DispatchSemaphore(value: 0)
    private let failure = Mutex<(any Error)?>(nil)

    init(sink: OutputSink, policyCount: Int, slotCount: Int) {
        precondition(slotCount >= 2, "a ring needs two slots: one filled, one written")
        self.sink = sink
        self.policyCount = policyCount
        self.slotCount = slotCount
        let lineSlots = slotCount * Self.linesPerSlot
        lines = .allocate(capacity: lineSlots)
        policies = .allocate(capacity: max(1, lineSlots * policyCount))
        lineCounts = .allocate(capacity: slotCount)
        lineCounts.initialize(repeating: 0, count: slotCount)
    }

    /// Slots for lines of `policyCount` probabilities: as many as ``ringBytes`` holds, from 4 to 32.
    ///
    /// The slack lets the trainer run on while the writing thread stalls for a few milliseconds
    /// (its first lines, a slow write): with 8 slots of bandit lines (0.7 ms of steps) the trainer
    /// waited about 1 ms a 30,000-step run, with 32 it did not wait.
    static func slotCount(policyCount: Int) -> Int {
        let lineBytes = MemoryLayout<PendingLine>.stride + policyCount * MemoryLayout<Double>.stride
        return min(32, max(4, ringBytes / (linesPerSlot * lineBytes)))
    }

    deinit {
        // Lines of slots never consumed (an abandoned writer) are left as they are: PendingLine
        // holds no references, so there is nothing to release.
        lines.deallocate()
        policies.deallocate()
        lineCounts.deallocate()
    }

    func line(slot: Int, line: Int) -> UnsafeMutablePointer<PendingLine> {
        lines + (slot &* Self.linesPerSlot &+ line)
    }

    func policy(slot: Int, line: Int) -> UnsafeMutablePointer<Double> {
        policies + (slot &* Self.linesPerSlot &+ line) &* policyCount
    }

    // MARK: The trainer's side

    /// Publishes slot `slotNumber` with its first `lineCount` lines filled.
    func publish(slotNumber: Int, lineCount: Int) {
        lineCounts[slotNumber % slotCount] = lineCount
        filled.store(slotNumber + 1, ordering: .sequentiallyConsistent)
        if writerSleeping.exchange(false, ordering: .sequentiallyConsistent) { writerWake.signal() }
    }

    /// Returns once slot `slotNumber` may be filled: the writing thread has consumed the slot
    /// that used its place in the ring.
    func waitUntilFree(slotNumber: Int) {
        let needed = slotNumber - slotCount + 1
        while consumed.load(ordering: .acquiring) < needed {
            if spin(until: { consumed.load(ordering: .acquiring) >= needed }) { return }
            trainerSleeping.store(true, ordering: .sequentiallyConsistent)
            if consumed.load(ordering: .sequentiallyConsistent) >= needed {
                trainerSleeping.store(false, ordering: .sequentiallyConsistent)
                return
            }
            trainerWake.wait()
        }
    }

    /// Says no more slots come, waits for the writing thread to write the published ones, and
    /// closes the file.
    func finish() throws {
        closed.store(true, ordering: .sequentiallyConsistent)
        if writerSleeping.exchange(false, ordering: .sequentiallyConsistent) { writerWake.signal() }
        writerDone.wait()
        try throwFailure()
        try sink.close()
    }

    /// Stops the writing thread after the slot it is on, writing nothing more.
    func abandon() {
        abandoned.store(true, ordering: .sequentiallyConsistent)
        closed.store(true, ordering: .sequentiallyConsistent)
        if writerSleeping.exchange(false, ordering: .sequentiallyConsistent) { writerWake.signal() }
    }

    func throwFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    // MARK: The writing thread

    /// The writing thread's loop: formats published slots in order until the trainer's side
    /// finishes or abandons, then flushes.
    func runWriter() {
        // The block is this thread's alone: allocated here, freed when the loop ends.
        var block = FormattedBlock(capacity: Self.blockSize + SimulationLine.maximumJSONLength(policyCount: policyCount) + 1)
        var next = 0
        while !abandoned.load(ordering: .acquiring) {
            if filled.load(ordering: .acquiring) > next {
                consume(slotNumber: next, into: &block)
                next += 1
                consumed.store(next, ordering: .sequentiallyConsistent)
                if trainerSleeping.exchange(false, ordering: .sequentiallyConsistent) { trainerWake.signal() }
                continue
            }
            // `closed` is set after the last publish, so seeing it with nothing filled means done.
            if closed.load(ordering: .acquiring) {
                guard filled.load(ordering: .acquiring) > next else { break }
                continue
            }
            if spin(until: { filled.load(ordering: .acquiring) > next || closed.load(ordering: .acquiring) }) { continue }
            writerSleeping.store(true, ordering: .sequentiallyConsistent)
            if filled.load(ordering: .sequentiallyConsistent) > next || closed.load(ordering: .sequentiallyConsistent) {
                writerSleeping.store(false, ordering: .sequentiallyConsistent)
                continue
            }
            writerWake.wait()
        }
        if !abandoned.load(ordering: .acquiring) { record { try flush(&block) } }
        writerDone.signal()
    }

    /// Spins until `condition` holds (true) or the spin limit passes (false).
    @inline(__always)
    private func spin(until condition: () -> Bool) -> Bool {
        for _ in 0..<Self.spinLimit where condition() { return true }
        return false
    }

    /// Formats slot `slotNumber`'s lines into `block`, writing it out whenever it holds
    /// ``blockSize`` bytes; after a failure, only passes over the slot (so the trainer's side never
    /// waits for room).
    private func consume(slotNumber: Int, into block: inout FormattedBlock) {
        guard failure.withLock({ $0 == nil }) else { return }
        let slot = slotNumber % slotCount
        record {
            for index in 0..<lineCounts[slot] {
                let pending = line(slot: slot, line: index).pointee
                let probabilities = policyCount == 0 ? nil : UnsafeBufferPointer(start: policy(slot: slot, line: index), count: policyCount)
                // Room for the longest line is left after every flush (see runWriter's capacity).
                block.count += try SimulationLine.writeJSON(
                    metrics: pending.metrics, policy: probabilities, trainingSeconds: pending.trainingSeconds, cost: pending.cost,
                    into: block.start + block.count)
                block.start[block.count] = UInt8(ascii: "\n")
                block.count += 1
                if block.count >= Self.blockSize { try flush(&block) }
            }
        }
    }

    /// Runs `body`, keeping its error as the writer's failure (the first one wins).
    private func record(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            failure.withLock { $0 = $0 ?? error }
        }
    }

    private func flush(_ block: inout FormattedBlock) throws {
        guard block.count > 0 else { return }
        try sink.write(Data(bytesNoCopy: block.start, count: block.count, deallocator: .none))
        block.count = 0
    }
}

/// The writing thread's formatted bytes not yet written: lines appended at `start + count`.
struct FormattedBlock: ~Copyable {
    let start: UnsafeMutablePointer<UInt8>
    var count = 0

    init(capacity: Int) {
        start = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
    }
}
