/// Per-group advantages as TRL computes them, on raw buffers (allocation-free).
enum AdvantageKernel {
    /// TRL's constant in the GRPO denominator, std + 10⁻⁴.
    static let stdEpsilon = 1e-4

    /// What a group's advantages are computed from: its rewards' sum, mean and std (n − 1), and
    /// whether they are all identical.
    struct GroupStatistics {
        var sum: Double
        /// The mean, or the rewards' one value when ``isNegligible`` (then not computed).
        var mean: Double
        /// The std, or 0 when ``isNegligible`` (then not computed).
        var standardDeviation: Double
        var allEqual: Bool
        /// All rewards are one value x with |x| ≤ 1 (and at most 2²⁰ of them): the rounding of
        /// their mean leaves a std below n·2⁻⁵² ≤ 2.4·10⁻¹⁰, under TRL's zero threshold 10⁻⁸.
        var isNegligible: Bool

        /// The statistics of `count` ≥ 1 rewards, with the arithmetic (order of the sums) of
        /// ``AdvantageKernel/meanAndStandardDeviation(_:_:)``, so either gives the same bits.
        @inline(__always)
        init(_ rewards: UnsafePointer<Double>, count: Int) {
            var sum = 0.0
            var allEqual = true
            let first = rewards[0]
            for i in 0..<count {
                sum += rewards[i]
                if rewards[i] != first { allEqual = false }
            }
            self.sum = sum
            self.allEqual = allEqual
            // A group of equal rewards needs no mean or std for its advantages (all 0), nor, when
            // small, for counting it as zero-variance: the common case once a policy has converged.
            isNegligible = allEqual && first.magnitude <= 1 && count <= 1 << 20
            guard !isNegligible else {
                (mean, standardDeviation) = (first, 0)
                return
            }
            let mean = sum / Double(count)
            self.mean = mean
            guard count > 1 else {
                standardDeviation = 0
                return
            }
            var squares = 0.0
            for i in 0..<count { squares += (rewards[i] - mean) * (rewards[i] - mean) }
            standardDeviation = (squares / Double(count - 1)).squareRoot()
        }

        /// Whether TRL would count the group as having no reward variance (`isclose(std, 0)`).
        var isZeroVariance: Bool { isNegligible || standardDeviation <= 1e-8 }
    }

    /// Writes the advantages of one group of `count` rewards.
    ///
    /// A group whose rewards are all identical gets advantages exactly 0 for the group-baseline
    /// algorithms (GRPO, RLOO, Dr. GRPO), whatever the rounding of its mean.
    ///
    /// - Parameters:
    ///   - statistics: the group's ``GroupStatistics`` when the caller has them (else computed).
    ///   - batchStandardDeviation: the std of the whole batch (used by GRPO with `.batch`).
    ///   - baseline: REINFORCE's moving baseline.
    @inline(__always)
    static func group(
        _ algorithm: Algorithm, scaling: RewardScaling,
        rewards: UnsafePointer<Double>, count: Int, statistics: GroupStatistics? = nil,
        batchStandardDeviation: Double, baseline: Double,
        advantages: UnsafeMutablePointer<Double>
    ) {
        if algorithm == .reinforce {
            for i in 0..<count { advantages[i] = rewards[i] - baseline }
            return
        }
        let statistics = statistics ?? GroupStatistics(rewards, count: count)
        if statistics.allEqual {
            for i in 0..<count { advantages[i] = 0 }
            return
        }
        let n = Double(count)
        switch algorithm {
        case .rloo:
            let others = 1 / (n - 1)
            for i in 0..<count { advantages[i] = rewards[i] - (statistics.sum - rewards[i]) * others }
        case .drGRPO:
            let mean = statistics.mean
            for i in 0..<count { advantages[i] = rewards[i] - mean }
        case .grpo:
            let mean = statistics.mean
            let scale: Double
            switch scaling {
            case .group:
                scale = 1 / (statistics.standardDeviation + stdEpsilon)
            case .batch:
                scale = 1 / (batchStandardDeviation + stdEpsilon)
            case .none:
                scale = 1
            }
            for i in 0..<count { advantages[i] = (rewards[i] - mean) * scale }
        case .reinforce, .exact, .natural:
            for i in 0..<count { advantages[i] = rewards[i] - baseline }
        }
    }

    /// Mean and std (n − 1 denominator; 0 for fewer than two values) of `count` values.
    @inline(__always)
    static func meanAndStandardDeviation(_ values: UnsafePointer<Double>, _ count: Int) -> (mean: Double, std: Double) {
        guard count > 0 else { return (0, 0) }
        var sum = 0.0
        for i in 0..<count { sum += values[i] }
        let mean = sum / Double(count)
        guard count > 1 else { return (mean, 0) }
        var squares = 0.0
        for i in 0..<count { squares += (values[i] - mean) * (values[i] - mean) }
        return (mean, (squares / Double(count - 1)).squareRoot())
    }
}
