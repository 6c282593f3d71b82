/// A ``ResponseTable`` copied into raw buffers, plus the reference policy's log-probabilities:
/// what the hot loops read. Immutable after `init`; freed with the object.
final class FlatTable {
    let itemCount: Int
    let featureCount: Int
    let candidateCount: Int
    let maximumCandidates: Int
    let isTabular: Bool
    /// `itemCount + 1` offsets into the candidate arrays.
    let offsets: UnsafeMutablePointer<Int>
    let rewards: UnsafeMutablePointer<Double>
    let gold: UnsafeMutablePointer<Double>?
    let prior: UnsafeMutablePointer<Double>
    /// `candidateCount × featureCount`, candidate-major.
    let features: UnsafeMutablePointer<Double>
    /// log π_ref(c | item) for every candidate.
    let referenceLogProbabilities: UnsafeMutablePointer<Double>
    /// For a tabular table, the column of each candidate's one-hot feature.
    let hotColumn: UnsafeMutablePointer<Int>?
    /// The features' non-zeros in compressed rows, for tabular tables and whenever at most half
    /// the features are non-zero (one-hot and memorisation features): candidate c's are `sparseColumns/Values[sparseStart[c] ..< sparseStart[c+1]]`.
    let sparseStart: UnsafeMutablePointer<Int>?
    let sparseColumns: UnsafeMutablePointer<Int>?
    let sparseValues: UnsafeMutablePointer<Double>?
    /// The columns the trainer sets but never learns (``TrainingDynamics``), if any.
    let offSpan: ResponseTable.OffSpanColumns?
    /// For each item, the first item with the same candidates (prior, features, rewards, gold).
    ///
    /// Under the same θ such items have the same π, so the trainer computes it once. A bandit's
    /// table is `batch_size` copies of one item.
    let canonicalItem: UnsafeMutablePointer<Int>
    /// L̄/ℓ_c for each candidate when the table has lengths (L̄ the mean over its candidates):
    /// GRPO's per-sequence normalisation, scaled so that the mean answer keeps weight 1.
    let inverseLengthWeights: UnsafeMutablePointer<Double>?

    init(_ table: ResponseTable, reference: [Double]?) {
        itemCount = table.itemCount
        featureCount = table.featureCount
        candidateCount = table.candidateCount
        maximumCandidates = table.maximumCandidatesPerItem
        isTabular = table.isTabular
        offSpan = table.offSpan
        if let lengths = table.answerTokens, !lengths.isEmpty {
            let mean = lengths.reduce(0, +) / Double(lengths.count)
            inverseLengthWeights = Self.copy(lengths.map { mean / $0 })
        } else {
            inverseLengthWeights = nil
        }
        offsets = Self.copy(table.candidateOffsets)
        rewards = Self.copy(table.rewards)
        gold = table.goldRewards.map { Self.copy($0) }
        prior = Self.copy(table.priorLogits)
        features = Self.copy(table.features)
        referenceLogProbabilities = .allocate(capacity: max(candidateCount, 1))
        if table.isTabular {
            let (n, f) = (table.candidateCount, table.featureCount)
            let columns = UnsafeMutablePointer<Int>.allocate(capacity: n)
            for c in 0..<n {
                columns[c] = (0..<f).first { table.features[c * f + $0] == 1 }!
            }
            hotColumn = columns
        } else {
            hotColumn = nil
        }
        let nonZeros = table.features.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
        if table.isTabular || nonZeros * 2 <= table.features.count {
            let (n, f) = (table.candidateCount, table.featureCount)
            let start = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
            let columns = UnsafeMutablePointer<Int>.allocate(capacity: max(nonZeros, 1))
            let values = UnsafeMutablePointer<Double>.allocate(capacity: max(nonZeros, 1))
            var next = 0
            for c in 0..<n {
                start[c] = next
                for j in 0..<f where table.features[c * f + j] != 0 {
                    columns[next] = j
                    values[next] = table.features[c * f + j]
                    next += 1
                }
            }
            start[n] = next
            (sparseStart, sparseColumns, sparseValues) = (start, columns, values)
        } else {
            (sparseStart, sparseColumns, sparseValues) = (nil, nil, nil)
        }
        canonicalItem = .allocate(capacity: max(itemCount, 1))
        Self.findCopies(of: table, into: canonicalItem)
        let theta = Self.copy(reference ?? [Double](repeating: 0, count: featureCount))
        defer { theta.deallocate() }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(maximumCandidates, 1))
        defer { scratch.deallocate() }
        for item in 0..<itemCount {
            evaluate(item: item, theta: theta, logProbabilities: referenceLogProbabilities + offsets[item], probabilities: scratch)
        }
    }

    deinit {
        offsets.deallocate()
        rewards.deallocate()
        gold?.deallocate()
        prior.deallocate()
        features.deallocate()
        referenceLogProbabilities.deallocate()
        canonicalItem.deallocate()
        hotColumn?.deallocate()
        sparseStart?.deallocate()
        sparseColumns?.deallocate()
        sparseValues?.deallocate()
        inverseLengthWeights?.deallocate()
    }

    @inline(__always) func start(of item: Int) -> Int { offsets[item] }
    @inline(__always) func count(of item: Int) -> Int { offsets[item &+ 1] &- offsets[item] }

    /// Writes log π and π of `item` under θ.
    @inline(__always)
    func evaluate(item: Int, theta: UnsafePointer<Double>, logProbabilities: UnsafeMutablePointer<Double>, probabilities: UnsafeMutablePointer<Double>) {
        let start = offsets[item]
        let count = offsets[item &+ 1] &- start
        if let sparseStart, let sparseColumns, let sparseValues {
            for c in 0..<count {
                var logit = prior[start &+ c]
                for j in sparseStart[start &+ c]..<sparseStart[start &+ c &+ 1] { logit += sparseValues[j] * theta[sparseColumns[j]] }
                logProbabilities[c] = logit
            }
            PolicyKernel.normalize(logProbabilities: logProbabilities, probabilities: probabilities, count: count)
        } else {
            PolicyKernel.evaluate(
                prior: prior + start, features: features + start &* featureCount, count: count,
                featureCount: featureCount, theta: theta, logProbabilities: logProbabilities, probabilities: probabilities)
        }
    }

    /// The spread of the logit changes a parameter change `delta` makes across `item`'s
    /// candidates: the unweighted variance over candidates of delta·φ(c).
    func logitChangeVariance(item: Int, delta: UnsafePointer<Double>) -> Double {
        let start = offsets[item]
        let count = offsets[item &+ 1] &- start
        guard count > 1 else { return 0 }
        var sum = 0.0, square = 0.0
        for c in 0..<count {
            var change = 0.0
            if let sparseStart, let sparseColumns, let sparseValues {
                for j in sparseStart[start &+ c]..<sparseStart[start &+ c &+ 1] { change += sparseValues[j] * delta[sparseColumns[j]] }
            } else {
                change = PolicyKernel.dot(features + (start &+ c) &* featureCount, delta, featureCount)
            }
            sum += change
            square += change * change
        }
        let mean = sum / Double(count)
        return Swift.max(square / Double(count) - mean * mean, 0)
    }

    /// direction += a·φ(c) for the flat candidate `c`.
    @inline(__always)
    func addFeatures(of c: Int, scaledBy a: Double, to direction: UnsafeMutablePointer<Double>) {
        if let sparseStart, let sparseColumns, let sparseValues {
            for j in sparseStart[c]..<sparseStart[c &+ 1] { direction[sparseColumns[j]] += a * sparseValues[j] }
        } else {
            PolicyKernel.axpy(a, features + c &* featureCount, direction, featureCount)
        }
    }

    /// Writes each item's first identical item (itself if none) into `canonical`.
    private static func findCopies(of table: ResponseTable, into canonical: UnsafeMutablePointer<Int>) {
        let f = table.featureCount
        let offsets = table.candidateOffsets
        func rows(_ item: Int) -> (candidates: Range<Int>, features: Range<Int>) {
            (offsets[item]..<offsets[item + 1], offsets[item] * f..<offsets[item + 1] * f)
        }
        func same(_ a: Int, _ b: Int) -> Bool {
            let (ra, rb) = (rows(a), rows(b))
            guard ra.candidates.count == rb.candidates.count else { return false }
            // Bit patterns, so that -0.0 and 0.0 (or two NaNs) are not confused.
            func equal(_ values: [Double], _ x: Range<Int>, _ y: Range<Int>) -> Bool {
                zip(values[x], values[y]).allSatisfy { $0.bitPattern == $1.bitPattern }
            }
            return equal(table.priorLogits, ra.candidates, rb.candidates) && equal(table.rewards, ra.candidates, rb.candidates)
                && equal(table.features, ra.features, rb.features)
                && (table.goldRewards.map { equal($0, ra.candidates, rb.candidates) } ?? true)
        }
        // Items by a hash of their rewards and prior; equal hashes are compared in full.
        var firsts: [Int: [Int]] = [:]
        for item in 0..<table.itemCount {
            var hasher = Hasher()
            for c in rows(item).candidates {
                hasher.combine(table.rewards[c].bitPattern)
                hasher.combine(table.priorLogits[c].bitPattern)
            }
            let key = hasher.finalize()
            if let match = firsts[key]?.first(where: { same($0, item) }) {
                canonical[item] = match
            } else {
                canonical[item] = item
                firsts[key, default: []].append(item)
            }
        }
    }

    private static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: values.count) }
        return pointer
    }
}
