internal import Stochastics

/// Deterministic ids: the same sequence of creations after a reset gives the same ids.
///
/// Each id is `prefix` + 24 characters from [A-Za-z0-9], derived from a counter per prefix by
/// SplitMix64, so ids look like the platform's (`ftjob-uL1VKpwx7maorHNbOiDwFIn6`) yet are stable
/// across runs.
struct IdentifierFactory: Sendable {
    private var counters: [String: UInt64] = [:]
    /// Mixed into every id, so that a server started (or reset) with another seed hands out other
    /// ids; 0 gives the ids of a server without a seed.
    let seed: UInt64
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A factory whose ids depend on `seed` (0: the ids of a server without a seed).
    init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// The next id with `prefix` (`file-`, `ftjob-`, `ftckpt_`, `cp_`, …).
    mutating func next(_ prefix: String, length: Int = 24) -> String {
        let count = counters[prefix, default: 0] + 1
        counters[prefix] = count
        // Ids derived from these (events, checkpoints, model names) change with them.
        return prefix + Self.token(seed == 0 ? prefix : "\(prefix)#\(seed)", count, length: length)
    }

    /// `length` characters derived from (`salt`, `number`).
    static func token(_ salt: String, _ number: UInt64, length: Int) -> String {
        var key = StreamKey(seed: number).child(.name(salt)).value
        var characters: [Character] = []
        characters.reserveCapacity(length)
        for _ in 0..<length {
            key = key &+ 0x9E37_79B9_7F4A_7C15
            var z = key
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            characters.append(alphabet[Int(z % UInt64(alphabet.count))])
        }
        return String(characters)
    }
}
