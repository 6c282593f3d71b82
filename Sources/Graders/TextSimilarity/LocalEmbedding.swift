import Foundation

/// The `cosine` metric's embedding. The platform embeds with `text-embedding-3-large`, which
/// needs the network; RFTSim substitutes a deterministic local embedding, so `cosine` scores
/// are RFTSim's own and will differ from the platform's.
///
/// The embedding hashes features of the lowercased text into 512 dimensions (the "hashing
/// trick"): each word (letters and digits) with weight 1, and each character trigram of
/// `" word "` with weight 0.5, so that inflections and typos stay close. Each feature's
/// 64-bit FNV-1a hash picks a dimension (low bits) and a sign (bit 63). The score is the cosine
/// of the two vectors, in [−1, 1]; two empty texts score 1, one empty text 0.
enum LocalEmbedding {
    static let dimensions = 512

    static func cosine(_ first: String, _ second: String) -> Double {
        let a = embed(first)
        let b = embed(second)
        let normA = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let normB = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if normA == 0 && normB == 0 { return 1 }
        guard normA > 0, normB > 0 else { return 0 }
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        return min(1, max(-1, dot / (normA * normB)))
    }

    static func embed(_ text: String) -> [Double] {
        var vector = [Double](repeating: 0, count: dimensions)
        var padded: [Unicode.Scalar] = []  // " word ", reused across words
        for word in BuiltinJudge.words(text) {
            padded.removeAll(keepingCapacity: true)
            padded.append(" ")
            padded.append(contentsOf: word.unicodeScalars)
            padded.append(" ")
            add(padded[1..<(padded.count - 1)], tag: 1, weight: 1, to: &vector)
            for start in 0...(padded.count - 3) {
                add(padded[start..<(start + 3)], tag: 2, weight: 0.5, to: &vector)
            }
        }
        return vector
    }

    private static func add(_ scalars: ArraySlice<Unicode.Scalar>, tag: UInt8, weight: Double, to vector: inout [Double]) {
        var fnv = SlotHash()
        fnv.combine(tag)
        for scalar in scalars {
            for byte in scalar.utf8 { fnv.combine(byte) }
        }
        let hash = fnv.value
        let index = Int(hash % UInt64(dimensions))
        vector[index] += hash >> 63 == 0 ? weight : -weight
    }
}
