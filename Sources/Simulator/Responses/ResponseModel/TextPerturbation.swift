internal import Stochastics

extension CandidateKind.Perturbation {
    /// Filler that pads an answer (the `padded` perturbation and the "verbose" feature).
    static let paddingPrefix = "Sure! Here is my answer: "
    static let paddingSuffix = " Let me know if you need anything else."

    /// The perturbed `text`, or `nil` when this perturbation cannot change it (no letters to
    /// change case of, fewer than two characters to truncate, no two adjacent different
    /// letters to swap).
    ///
    /// - `case`: upper-cased, or lower-cased when upper-casing changes nothing.
    /// - `typo`: two adjacent, different letters swapped; the pair is drawn from `stream`.
    /// - `truncated`: the first ⌈n/2⌉ of n characters.
    /// - `padded`: ``paddingPrefix`` + text + ``paddingSuffix``.
    func apply(to text: String, stream: RandomStream) -> String? {
        switch self {
        case .caseChanged:
            let upper = text.uppercased()
            let changed = upper != text ? upper : text.lowercased()
            return changed == text ? nil : changed
        case .typo:
            var characters = Array(text)
            let positions = characters.indices.dropLast().filter {
                characters[$0].isLetter && characters[$0 + 1].isLetter && characters[$0] != characters[$0 + 1]
            }
            guard !positions.isEmpty else { return nil }
            let at = positions[stream.index(below: positions.count)]
            characters.swapAt(at, at + 1)
            return String(characters)
        case .truncated:
            guard text.count >= 2 else { return nil }
            return String(text.prefix((text.count + 1) / 2))
        case .padded:
            return Self.paddingPrefix + text + Self.paddingSuffix
        }
    }
}
