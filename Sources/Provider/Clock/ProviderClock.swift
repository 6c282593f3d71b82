/// The provider's clock: simulated Unix seconds that move as its ``ClockMode`` says.
///
/// The clock is a value: `now(realTime:)` is a pure function of the anchor and the real time
/// passed in, so scaled time is reproducible in tests that feed their own real time.
public struct ProviderClock: Sendable, Hashable {
    /// How the clock moves.
    public private(set) var mode: ClockMode
    /// Simulated seconds at ``realAnchor``.
    private var simulatedAnchor: Double
    /// Real seconds when the mode or the time was last set.
    private var realAnchor: Double

    /// Creates a clock reading `start` now.
    public init(mode: ClockMode = .virtual, start: Double, realTime: Double) {
        self.mode = mode
        simulatedAnchor = start
        realAnchor = realTime
    }

    /// The simulated time at real time `realTime`.
    public func now(realTime: Double) -> Double {
        if case .scaled(let factor) = mode {
            return simulatedAnchor + max(0, realTime - realAnchor) * factor
        }
        return simulatedAnchor
    }

    /// Switches mode, keeping the current reading.
    public mutating func setMode(_ mode: ClockMode, realTime: Double) {
        simulatedAnchor = now(realTime: realTime)
        realAnchor = realTime
        self.mode = mode
    }

    /// Moves the clock forward by `seconds` (≥ 0) in any mode.
    public mutating func advance(by seconds: Double, realTime: Double) {
        simulatedAnchor = now(realTime: realTime) + seconds
        realAnchor = realTime
    }
}
