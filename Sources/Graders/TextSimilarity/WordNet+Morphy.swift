extension WordNet {
    /// nltk's `MORPHOLOGICAL_SUBSTITUTIONS` as `(old, new)` UTF-8 pairs, in `POS_LIST` order
    /// (noun, verb, adjective, adverb).
    static let substitutions: [[(old: [UInt8], new: [UInt8])]] = [
        [("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
         ("men", "man"), ("ies", "y")],
        [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        [],
    ].map { $0.map { (Array($0.0.utf8), Array($0.1.utf8)) } }

    /// The lemma names WordNet gives `word`, as METEOR's `_enum_wordnetsyn_match` collects them:
    /// `set(lemma.name() for synset in wordnet.synsets(word) for lemma in synset.lemmas() if "_"
    /// not in lemma.name()) | {word}`.
    func synonyms(of word: String) -> Synonyms {
        var lists: [Range<Int>] = []
        var lowered = PythonLowercase.lower(word)
        lowered.withUTF8 { collectSynonyms(of: $0) { lists.append($0) } }
        return Synonyms(word: word, lists: lists, wordNet: self)
    }

    /// The id of a lemma name (`nil`: no synset has it, so it can only match as the word itself).
    func lemmaID(of name: String) -> Int32? {
        names.find(name)
    }

    /// `wordnet._morphy(form, pos)` (`pos` 0…3 for n, v, a, r): the exception list's base forms,
    /// or else the suffix substitutions applied once; then `[form] + forms` filtered to those in
    /// the index with that part of speech, without repeats.
    func morphy(_ form: String, pos: Int) -> [String] {
        var forms = [form]
        if let listed = exceptionWords.find(form), exceptionRanges[Int(listed) * 8 + pos * 2 + 1] >= 0 {
            let start = Int(exceptionRanges[Int(listed) * 8 + pos * 2])
            forms += exceptionForms[start..<Int(exceptionRanges[Int(listed) * 8 + pos * 2 + 1])].map(\.form)
        } else {
            let bytes = Array(form.utf8)
            var candidate: [UInt8] = []
            for substitution in Self.substitutions[pos] where Self.substitute(substitution, in: bytes, into: &candidate) {
                forms.append(String(decoding: candidate, as: UTF8.self))
            }
        }
        var result: [String] = []
        // Compared as UTF-8, i.e. by code points as Python does (`String ==` is canonical equivalence).
        for candidate in forms where !result.contains(where: { $0.utf8.elementsEqual(candidate.utf8) }) {
            if let entry = lemmas.find(candidate), entryRanges[Int(entry) * 8 + pos * 2 + 1] >= 0 {
                result.append(candidate)
            }
        }
        return result
    }

    /// Calls `run` with each run of `postings` that `wordnet.synsets(word)` reaches (`word`, in
    /// UTF-8, already lowercased, as `synsets` does first): for each part of speech in
    /// `POS_LIST` order, each form morphy finds; at most `maximumRuns` of them. Repeats do no
    /// harm: METEOR only asks whether a name is among them.
    func collectSynonyms(of word: UnsafeBufferPointer<UInt8>, _ run: (Range<Int>) -> Void) {
        // morphy always tries the word itself first, for every part of speech: look it up once.
        let ownEntry = lemmas.find(word)
        let listed = exceptionWords.find(word)
        // A substitution never lengthens the word.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.count + 8) { candidate in
            for pos in 0..<4 {
                if let ownEntry { report(entry: ownEntry, pos: pos, to: run) }
                if let listed, exceptionRanges[Int(listed) * 8 + pos * 2 + 1] >= 0 {
                    let start = Int(exceptionRanges[Int(listed) * 8 + pos * 2])
                    for exception in exceptionForms[start..<Int(exceptionRanges[Int(listed) * 8 + pos * 2 + 1])] where exception.entry >= 0 {
                        report(entry: exception.entry, pos: pos, to: run)
                    }
                } else {
                    for (old, new) in Self.substitutions[pos] {
                        let keep = word.count - old.count
                        guard keep >= 0, word[keep...].elementsEqual(old) else { continue }
                        _ = candidate.initialize(fromContentsOf: word[..<keep])
                        _ = UnsafeMutableBufferPointer(rebasing: candidate[keep...]).initialize(fromContentsOf: new)
                        if let entry = lemmas.find(UnsafeBufferPointer(rebasing: candidate[..<(keep + new.count)])) {
                            report(entry: entry, pos: pos, to: run)
                        }
                    }
                }
            }
        }
    }

    /// Reports the non-empty run of `entry` for `pos`.
    @inline(__always)
    private func report(entry: Int32, pos: Int, to run: (Range<Int>) -> Void) {
        let start = Int(entryRanges[Int(entry) * 8 + pos * 2])
        let end = Int(entryRanges[Int(entry) * 8 + pos * 2 + 1])
        if end > start { run(start..<end) }
    }

    /// Whether the lemma name with id `id` is in one of the `lists` of `postings`.
    func synonymsContain(_ lists: some Sequence<Range<Int>>, _ id: Int32) -> Bool {
        postings.withUnsafeBufferPointer { postings in
            for list in lists {
                var low = list.lowerBound
                var high = list.upperBound
                while low < high {
                    let middle = (low + high) / 2
                    if postings[middle] < id { low = middle + 1 } else { high = middle }
                }
                if low < list.upperBound, postings[low] == id { return true }
            }
            return false
        }
    }

    /// nltk's `form[:-len(old)] + new` when `form.endswith(old)`, into `candidate`; all suffixes
    /// are ASCII, so bytes and code points agree.
    @inline(__always)
    private static func substitute(
        _ substitution: (old: [UInt8], new: [UInt8]), in form: some RandomAccessCollection<UInt8>, into candidate: inout [UInt8]
    ) -> Bool {
        let keep = form.count - substitution.old.count
        guard keep >= 0, form.dropFirst(keep).elementsEqual(substitution.old) else { return false }
        candidate.removeAll(keepingCapacity: true)
        candidate.append(contentsOf: form.prefix(keep))
        candidate.append(contentsOf: substitution.new)
        return true
    }

    /// What `synonyms(of:)` returns: a membership test over the lemma names of a word's synsets,
    /// plus the word itself.
    struct Synonyms: Sendable {
        /// The word the synonyms are of (nltk adds it to the set).
        let word: String
        /// Runs of `wordNet.postings`, each a sorted list of lemma-name ids.
        let lists: [Range<Int>]
        /// The WordNet the ids belong to.
        let wordNet: WordNet

        /// Whether `name` is in the set, compared by code points as Python's `in` does.
        func contains(_ name: String) -> Bool {
            if name.utf8.elementsEqual(word.utf8) { return true }
            guard let id = wordNet.lemmaID(of: name) else { return false }
            return contains(lemmaID: id)
        }

        /// Whether the lemma name with this id is among the synonyms (the word itself aside).
        func contains(lemmaID id: Int32) -> Bool {
            wordNet.synonymsContain(lists, id)
        }

        /// The lemma names of the synsets, without the word itself unless it is one, sorted by
        /// code points.
        var lemmaNames: [String] {
            var ids = Set<Int32>()
            for list in lists { ids.formUnion(wordNet.postings[list]) }
            return ids.map { wordNet.lemmaName($0) }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        }
    }
}
