/// nltk 3.9.1's `PorterStemmer()` in its default `NLTK_EXTENSIONS` mode (`nltk/stem/porter.py`),
/// reproduced exactly, including nltk's irregular-forms pool, its extra rules (`ies`/`ied` on
/// four-letter words, `alli` first, `fulli`, `logi`, the two-letter `*o` condition), words of one
/// or two code points returned lowercased but unstemmed, and Python's code-point semantics: every
/// code point but `a e i o u`, and `y` after a consonant, counts as a consonant, so non-ASCII
/// text goes through the same rules.
enum PorterStemmer {
    /// A word being stemmed, as Python sees a `str`: its code points, in memory that the caller
    /// provides with room for at least the word (stemming never lengthens a word: every suffix
    /// rule appends at most what it removed, and step 1b's `ate`/`ble`/`ize`/`e` follow the
    /// removal of `ed` or `ing`).
    struct Word {
        /// The code points.
        let base: UnsafeMutablePointer<UInt32>
        /// How many code points fit at `base`.
        let capacity: Int
        /// How many there are.
        private(set) var count: Int

        /// The first `count` code points at `base`, where `capacity` fit.
        init(base: UnsafeMutablePointer<UInt32>, capacity: Int, count: Int) {
            precondition(count <= capacity)
            self.base = base
            self.capacity = capacity
            self.count = count
        }

        /// Code point `index`.
        subscript(index: Int) -> UInt32 {
            get {
                precondition(index >= 0 && index < count)
                return base[index]
            }
            nonmutating set {
                precondition(index >= 0 && index < count)
                base[index] = newValue
            }
        }

        /// The last code point.
        var last: UInt32? { count > 0 ? base[count - 1] : nil }

        /// Drops the last `removed` code points.
        mutating func removeLast(_ removed: Int = 1) {
            precondition(removed <= count)
            count -= removed
        }

        /// Appends a code point.
        mutating func append(_ value: UInt32) {
            precondition(count < capacity)
            base[count] = value
            count += 1
        }

        /// Whether the word is `other`, code point for code point.
        func equals(_ other: [UInt32]) -> Bool {
            other.count == count && other.indices.allSatisfy { base[$0] == other[$0] }
        }
    }

    /// `PorterStemmer().stem(word)`: lowercases with Python's `str.lower()`, then stems.
    static func stem(_ word: String) -> String {
        let lowered = PythonLowercase.lower(word)
        // nltk looks the pool up with the word as given, not lowercased.
        let given = word.unicodeScalars.map(\.value)
        if let irregular = pool.first(where: { $0.form == given }) {
            return string(irregular.stem[...])
        }
        // nltk counts the code points of the word as given, before lowercasing.
        guard given.count > 2 else { return lowered }
        var storage = lowered.unicodeScalars.map(\.value)
        let length = storage.count
        storage += [UInt32](repeating: 0, count: headroom)
        return storage.withUnsafeMutableBufferPointer { buffer in
            var stem = Word(base: buffer.baseAddress!, capacity: buffer.count, count: length)
            applySteps(&stem)
            return string(buffer[..<stem.count])
        }
    }

    /// Room to leave after a word for stemming it: none is needed (see `Word`), a little is kept.
    static let headroom = 4

    /// `stem` for a word that is its own lowercase (as METEOR's words are after `str.lower`;
    /// Python's `lower` is idempotent, so nltk's own lowercasing changes nothing), in place.
    static func stemLowercased(_ word: inout Word) {
        if word.count >= 3, word.count <= 8, let irregular = pool.first(where: { word.equals($0.form) }) {
            word.removeLast(word.count)
            for value in irregular.stem { word.append(value) }
            return
        }
        guard word.count > 2 else { return }
        applySteps(&word)
    }

    /// Steps 1a to 5b.
    private static func applySteps(_ word: inout Word) {
        step1a(&word)
        step1b(&word)
        step1c(&word)
        step2(&word)
        step3(&word)
        step4(&word)
        step5a(&word)
        step5b(&word)
    }

    /// The string of `codePoints`.
    private static func string(_ codePoints: some Sequence<UInt32>) -> String {
        var scalars = String.UnicodeScalarView()
        for value in codePoints {
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// nltk's irregular-forms `pool`: form → stem.
    private static let pool: [(form: [UInt32], stem: [UInt32])] = [
        ("sky", "sky"), ("skies", "sky"), ("dying", "die"), ("lying", "lie"), ("tying", "tie"), ("news", "news"),
        ("innings", "inning"), ("inning", "inning"), ("outings", "outing"), ("outing", "outing"),
        ("cannings", "canning"), ("canning", "canning"), ("howe", "howe"), ("proceed", "proceed"),
        ("exceed", "exceed"), ("succeed", "succeed"),
    ].map { (Array($0.0.unicodeScalars.map(\.value)), Array($0.1.unicodeScalars.map(\.value))) }

    // MARK: - Letter classes

    /// `_is_consonant(word, i)`: not a vowel, and a `y` only after a vowel (or at the start).
    /// Iterative, where nltk recurses once per preceding `y`: a run of about a thousand `y`s makes
    /// nltk raise `RecursionError` (and `meteor_score` with it) where this goes on.
    static func isConsonant(_ word: Word, _ index: Int) -> Bool {
        var consonant = true
        for position in 0...index {
            consonant = letterIsConsonant(word[position], previous: position == 0 ? nil : consonant)
        }
        return consonant
    }

    /// Whether a code point is a consonant, given whether the one before it is (`nil` at the start).
    @inline(__always)
    private static func letterIsConsonant(_ letter: UInt32, previous: Bool?) -> Bool {
        switch letter {
        case 0x61, 0x65, 0x69, 0x6F, 0x75: false  // a e i o u
        case 0x79: previous.map { !$0 } ?? true  // y
        default: true
        }
    }

    /// `_measure(word[:length])`: the number of vowel-consonant transitions.
    static func measure(_ word: Word, _ length: Int) -> Int {
        var count = 0
        var previous: Bool?
        for position in 0..<length {
            let consonant = letterIsConsonant(word[position], previous: previous)
            if consonant, previous == false { count += 1 }
            previous = consonant
        }
        return count
    }

    /// `_contains_vowel(word[:length])`.
    private static func containsVowel(_ word: Word, _ length: Int) -> Bool {
        var previous: Bool?
        for position in 0..<length {
            let consonant = letterIsConsonant(word[position], previous: previous)
            if !consonant { return true }
            previous = consonant
        }
        return false
    }

    /// `_ends_double_consonant(word)` (condition `*d`).
    private static func endsDoubleConsonant(_ word: Word) -> Bool {
        let count = word.count
        return count >= 2 && word[count - 1] == word[count - 2] && isConsonant(word, count - 1)
    }

    /// `_ends_cvc(word[:length])` (condition `*o`), with nltk's two-letter extension.
    private static func endsCVC(_ word: Word, _ length: Int) -> Bool {
        if length >= 3 {
            let last = word[length - 1]
            return isConsonant(word, length - 3) && !isConsonant(word, length - 2)
                && isConsonant(word, length - 1) && last != 0x77 && last != 0x78 && last != 0x79  // w x y
        }
        return length == 2 && !isConsonant(word, 0) && isConsonant(word, 1)
    }

    // MARK: - Suffix rules

    /// Whether `word` ends with the ASCII `suffix`.
    @inline(__always)
    private static func endsWith(_ word: Word, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard word.count >= count else { return false }
        // From the end backwards: most suffixes fail on the last letter.
        let bytes = suffix.utf8Start
        let offset = word.count - count
        var index = count - 1
        while index >= 0 {
            if word[offset + index] != UInt32(bytes[index]) { return false }
            index -= 1
        }
        return true
    }

    /// `word = word[:-count] + replacement`.
    @inline(__always)
    private static func replace(_ word: inout Word, removing count: Int, with replacement: StaticString) {
        word.removeLast(count)
        let bytes = replacement.utf8Start
        for index in 0..<replacement.utf8CodeUnitCount {
            word.append(UInt32(bytes[index]))
        }
    }

    /// The conditions nltk attaches to its suffix rules, on the stem left after removing the
    /// suffix.
    private enum Condition {
        case none, positiveMeasure, measureAboveOne, ionStem, logiStem
    }

    /// One suffix rule: remove `suffix`, and if the condition holds append `replacement`.
    private typealias Rule = (suffix: StaticString, replacement: StaticString, condition: Condition)

    /// A rule list in nltk's order, indexed by the last letter of each suffix so that a word only
    /// tries the rules that can match it (the order among those is kept).
    private struct RuleList {
        /// The rules.
        let rules: [Rule]
        /// For each ASCII last letter, the positions in `rules` of the suffixes ending with it.
        let byLastLetter: [[Int]]

        /// Indexes `rules`.
        init(_ rules: [Rule]) {
            self.rules = rules
            var byLastLetter = [[Int]](repeating: [], count: 128)
            for (position, rule) in rules.enumerated() {
                byLastLetter[Int(rule.suffix.utf8Start[rule.suffix.utf8CodeUnitCount - 1])].append(position)
            }
            self.byLastLetter = byLastLetter
        }
    }

    /// `_apply_rule_list` for rules without `*d`: the first rule whose suffix matches decides,
    /// whether or not its condition holds.
    private static func applyRules(_ word: inout Word, _ list: RuleList) {
        guard let last = word.last, last < 128 else { return }
        for position in list.byLastLetter[Int(last)] where endsWith(word, list.rules[position].suffix) {
            let rule = list.rules[position]
            let stemLength = word.count - rule.suffix.utf8CodeUnitCount
            let holds: Bool
            switch rule.condition {
            case .none: holds = true
            case .positiveMeasure: holds = measure(word, stemLength) > 0
            case .measureAboveOne: holds = measure(word, stemLength) > 1
            case .ionStem:
                holds = measure(word, stemLength) > 1 && (word[stemLength - 1] == 0x73 || word[stemLength - 1] == 0x74)  // s t
            case .logiStem:
                // nltk keeps the `l` with the stem here: `word[:-3]`.
                holds = measure(word, word.count - 3) > 0
            }
            if holds { replace(&word, removing: rule.suffix.utf8CodeUnitCount, with: rule.replacement) }
            return
        }
    }

    // MARK: - Steps

    /// Step 1a's rules.
    private static let step1aRules = RuleList([("sses", "ss", .none), ("ies", "i", .none), ("ss", "ss", .none), ("s", "", .none)])

    /// Step 1a: plurals (`sses`, `ies`, `ss`, `s`), and nltk's `ies` → `ie` on four-letter words.
    private static func step1a(_ word: inout Word) {
        if word.count == 4, endsWith(word, "ies") {
            replace(&word, removing: 3, with: "ie")
            return
        }
        applyRules(&word, step1aRules)
    }

    /// Step 1b: `eed`, `ed`, `ing`, with the tidying rules after `ed`/`ing`; nltk's `ied` first.
    private static func step1b(_ word: inout Word) {
        if endsWith(word, "ied") {
            let replacement: StaticString = word.count == 4 ? "ie" : "i"
            replace(&word, removing: 3, with: replacement)
            return
        }
        if endsWith(word, "eed") {
            if measure(word, word.count - 3) > 0 { replace(&word, removing: 3, with: "ee") }
            return
        }
        var removed = false
        for suffix: StaticString in ["ed", "ing"] where endsWith(word, suffix) {
            let length = word.count - suffix.utf8CodeUnitCount
            if containsVowel(word, length) {
                word.removeLast(suffix.utf8CodeUnitCount)
                removed = true
                break
            }
        }
        guard removed else { return }
        // `word` is now nltk's `intermediate_stem`.
        if endsWith(word, "at") { replace(&word, removing: 2, with: "ate"); return }
        if endsWith(word, "bl") { replace(&word, removing: 2, with: "ble"); return }
        if endsWith(word, "iz") { replace(&word, removing: 2, with: "ize"); return }
        // The `*d` rule. nltk also tests the literal suffix "*d" when the stem does not end in a
        // double consonant, and then appends the stem's last letter (`d`): both cases drop two
        // letters and append the last one, provided it is not l, s or z.
        let last = word[word.count - 1]
        if endsDoubleConsonant(word) || endsWith(word, "*d") {
            guard last != 0x6C, last != 0x73, last != 0x7A else { return }  // l s z
            word.removeLast(2)
            word.append(last)
            return
        }
        // The empty-suffix rule `(m=1 and *o) -> E`, which always matches.
        if measure(word, word.count) == 1, endsCVC(word, word.count) {
            word.append(0x65)  // e
        }
    }

    /// Step 1c: `y` → `i` after a consonant that is not the whole stem (nltk's condition).
    private static func step1c(_ word: inout Word) {
        guard endsWith(word, "y") else { return }
        let length = word.count - 1
        if length > 1, isConsonant(word, length - 1) {
            word[length] = 0x69  // i
        }
    }

    /// Step 2's rules in nltk's order (`bli`, not the original `abli`; then `fulli` and `logi`).
    private static let step2Rules = RuleList([
        ("ational", "ate", .positiveMeasure), ("tional", "tion", .positiveMeasure),
        ("enci", "ence", .positiveMeasure), ("anci", "ance", .positiveMeasure),
        ("izer", "ize", .positiveMeasure), ("bli", "ble", .positiveMeasure),
        ("alli", "al", .positiveMeasure), ("entli", "ent", .positiveMeasure),
        ("eli", "e", .positiveMeasure), ("ousli", "ous", .positiveMeasure),
        ("ization", "ize", .positiveMeasure), ("ation", "ate", .positiveMeasure),
        ("ator", "ate", .positiveMeasure), ("alism", "al", .positiveMeasure),
        ("iveness", "ive", .positiveMeasure), ("fulness", "ful", .positiveMeasure),
        ("ousness", "ous", .positiveMeasure), ("aliti", "al", .positiveMeasure),
        ("iviti", "ive", .positiveMeasure), ("biliti", "ble", .positiveMeasure),
        ("fulli", "ful", .positiveMeasure), ("logi", "log", .logiStem),
    ])

    /// Step 2, with nltk's `alli` → `al` applied first and the result stemmed by step 2 again.
    private static func step2(_ word: inout Word) {
        while endsWith(word, "alli"), measure(word, word.count - 4) > 0 {
            replace(&word, removing: 4, with: "al")
        }
        applyRules(&word, step2Rules)
    }

    /// Step 3's rules.
    private static let step3Rules = RuleList([
        ("icate", "ic", .positiveMeasure), ("ative", "", .positiveMeasure),
        ("alize", "al", .positiveMeasure), ("iciti", "ic", .positiveMeasure),
        ("ical", "ic", .positiveMeasure), ("ful", "", .positiveMeasure),
        ("ness", "", .positiveMeasure),
    ])

    /// Step 3.
    private static func step3(_ word: inout Word) {
        applyRules(&word, step3Rules)
    }

    /// Step 4's rules (`ion` only after `s` or `t`).
    private static let step4Rules = RuleList([
        ("al", "", .measureAboveOne), ("ance", "", .measureAboveOne), ("ence", "", .measureAboveOne),
        ("er", "", .measureAboveOne), ("ic", "", .measureAboveOne), ("able", "", .measureAboveOne),
        ("ible", "", .measureAboveOne), ("ant", "", .measureAboveOne), ("ement", "", .measureAboveOne),
        ("ment", "", .measureAboveOne), ("ent", "", .measureAboveOne), ("ion", "", .ionStem),
        ("ou", "", .measureAboveOne), ("ism", "", .measureAboveOne), ("ate", "", .measureAboveOne),
        ("iti", "", .measureAboveOne), ("ous", "", .measureAboveOne), ("ive", "", .measureAboveOne),
        ("ize", "", .measureAboveOne),
    ])

    /// Step 4.
    private static func step4(_ word: inout Word) {
        applyRules(&word, step4Rules)
    }

    /// Step 5a: a final `e` goes if m > 1, or if m = 1 and the stem does not end cvc.
    private static func step5a(_ word: inout Word) {
        guard endsWith(word, "e") else { return }
        let length = word.count - 1
        let stemMeasure = measure(word, length)
        if stemMeasure > 1 || (stemMeasure == 1 && !endsCVC(word, length)) {
            word.removeLast()
        }
    }

    /// Step 5b: `ll` → `l` when `word[:-1]` has m > 1.
    private static func step5b(_ word: inout Word) {
        if endsWith(word, "ll"), measure(word, word.count - 1) > 1 {
            word.removeLast()
        }
    }
}
