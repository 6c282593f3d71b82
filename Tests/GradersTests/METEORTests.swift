import Testing
@testable import Graders

/// The `meteor` metric against nltk 3.9.1's `meteor_score([reference_tokens], hypothesis_tokens)`:
/// hand-checked values (taken from nltk) for its parts, then agreement on the generated pairs.
struct METEORTests {
    /// Python's `==` on two `str`: code points, not canonical equivalence.
    private static func same(_ left: String, _ right: String) -> Bool {
        Array(left.unicodeScalars) == Array(right.unicodeScalars)
    }

    @Test func agreesWithNLTKOnGeneratedPairs() throws {
        let wordNet = try WordNet.shared()
        let rows = try ReferenceScores.rows(metrics: ["meteor"])
        for row in rows {
            let expected = try #require(row.scores["meteor"] ?? nil)
            let actual = METEOR.score(reference: PythonText.split(row.reference), hypothesis: PythonText.split(row.input), wordNet: wordNet)
            #expect(abs(actual - expected) <= 1e-9, "pair \(row.id): \(row.input.debugDescription) vs \(row.reference.debugDescription)")
        }
    }

    /// `meteor_score([reference.split()], hypothesis.split())` as nltk computes it.
    @Test(arguments: [
        ("It is a guide to action that ensures that the military will forever heed Party commands",
         "It is a guide to action which ensures that the military always obeys the commands of the party", 0.6944444444444445),
        ("It is a guide to action that ensures that the military will forever heed Party commands",
         "It is to insure the troops forever hearing the activity guidebook that party direct", 0.3035391371738569),
        ("It is the guiding principle which guarantees the military forces always being under the command of the Party",
         "It is a guide to action which ensures that the military always obeys the commands of the party", 0.625),
        ("the cat sat on the mat", "the cat sat on the mat", 0.9976851851851852),
        // Synonyms: car/automobile, quick/fast (stems that are WordNet lemmas).
        ("the automobile is fast", "the car is quick", 0.6388888888888888),
        // nltk looks synonyms up for the Porter stems, and "larg" and "hous" are not WordNet words.
        ("the big house", "a large home", 0.0),
        // Stems: cats/cat, running/runs; was/were are WordNet forms of "be" but stems "wa"/"were".
        ("the cats were running", "The cat was runs", 0.6388888888888888),
        ("this is a cat", "non matching hypothesis", 0.0),
        ("", "a", 0.0),
        ("a", "", 0.0),
        // Python's lowercase: ß stays, É lowers; precomposed é differs from e + U+0301.
        ("café Straße", "CAFÉ strasse", 0.25),
        ("e\u{301} x", "\u{E9} x", 0.25),
        // İ lowers to i + U+0307; a final capital sigma lowers to ς.
        ("İstanbul", "i\u{307}stanbul", 0.5),
        ("ΣΟΦΟΣ", "σοφος", 0.5),
        ("σοφοσ", "ΣΟΦΟΣ", 0.0),
    ])
    func scoresLikeNLTK(reference: String, hypothesis: String, expected: Double) throws {
        let score = METEOR.score(reference: PythonText.split(reference), hypothesis: PythonText.split(hypothesis), wordNet: try WordNet.shared())
        #expect(abs(score - expected) <= 1e-12, "\(score) for \(hypothesis.debugDescription) vs \(reference.debugDescription)")
    }

    /// `PorterStemmer().stem(word)` in nltk's default NLTK_EXTENSIONS mode.
    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "tie"), ("cats", "cat"), ("feed", "feed"),
        ("agreed", "agre"), ("plastered", "plaster"), ("motoring", "motor"), ("sing", "sing"),
        ("conflated", "conflat"), ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"),
        ("falling", "fall"), ("hissing", "hiss"), ("filing", "file"), ("happy", "happi"),
        // The irregular-forms pool and nltk's four-letter ies/ied rules.
        ("sky", "sky"), ("skies", "sky"), ("dying", "die"), ("flies", "fli"), ("dies", "die"),
        ("spied", "spi"), ("died", "die"),
        ("generalization", "gener"), ("relational", "relat"), ("conditional", "condit"),
        ("controlling", "control"), ("roll", "roll"), ("triplicate", "triplic"), ("formalize", "formal"),
        ("electrical", "electr"), ("hopeful", "hope"), ("goodness", "good"), ("adjustable", "adjust"),
        ("abated", "abat"), ("yyyy", "yyyi"),
        // Lowercased; two code points or fewer are not stemmed.
        ("Running", "run"), ("IS", "is"), ("by", "by"), ("İS", "i\u{307}s"),
        // nltk's `*d` rule also matches a literal "*d".
        ("a*ding", "ad"),
        ("İstanbul", "i\u{307}stanbul"), ("ΣΟΦΟΣ", "σοφος"),
    ])
    func stemsLikeNLTK(word: String, stem: String) {
        let actual = PorterStemmer.stem(word)
        #expect(Self.same(actual, stem), "\(word.debugDescription) stems to \(actual.debugDescription)")
    }

    /// The lemma names METEOR gets for a word: `wordnet.synsets(word)` through morphy, without
    /// names containing `_`.
    @Test(arguments: [
        ("car", ["auto", "automobile", "car", "gondola", "machine", "motorcar", "railcar"]),
        ("cars", ["auto", "automobile", "car", "gondola", "machine", "motorcar", "railcar"]),
        ("geese", ["bozo", "cuckoo", "fathead", "goof", "goofball", "goose", "jackass", "twat", "zany"]),
        ("happy", ["felicitous", "glad", "happy", "well-chosen"]),
        ("happi", []),
        ("sat", ["Sabbatum", "Sat", "Saturday", "baby-sit", "model", "pose", "posture", "ride", "seat", "sit"]),
    ])
    func findsSynonymsLikeNLTK(word: String, names: [String]) throws {
        let synonyms = try WordNet.shared().synonyms(of: word)
        #expect(synonyms.lemmaNames == names)
    }

    @Test func synonymMembershipIsPythonSetMembership() throws {
        let synonyms = try WordNet.shared().synonyms(of: "large")
        #expect(synonyms.contains("big"))
        #expect(synonyms.contains("large"))
        #expect(!synonyms.contains("Big"))
        #expect(!synonyms.contains("big_"))
        // The word itself is in the set even when WordNet does not know it.
        #expect(try WordNet.shared().synonyms(of: "qwzx").contains("qwzx"))
        #expect(try WordNet.shared().synonyms(of: "e\u{301}").contains("e\u{301}"))
        #expect(try !WordNet.shared().synonyms(of: "e\u{301}").contains("\u{E9}"))
    }

    @Test func morphyFindsBaseForms() throws {
        let wordNet = try WordNet.shared()
        #expect(wordNet.morphy("dogs", pos: 0) == ["dog"])
        #expect(wordNet.morphy("churches", pos: 0) == ["church"])
        #expect(wordNet.morphy("aardwolves", pos: 0) == ["aardwolf"])
        #expect(wordNet.morphy("abaci", pos: 0) == ["abacus"])
        #expect(wordNet.morphy("ran", pos: 1) == ["run"])
        #expect(wordNet.morphy("hardrock", pos: 3) == [])
    }

    @Test func lowercasesLikePython() {
        #expect(Self.same(PythonLowercase.lower("İ"), "i\u{307}"))
        #expect(Self.same(PythonLowercase.lower("ΣΟΦΟΣ ΣΑ Σ"), "σοφος σα σ"))
        #expect(Self.same(PythonLowercase.lower("ẞ ÉCOLE \u{212A}"), "ß école k"))
        #expect(Self.same(PythonLowercase.lower("ﬁne ǅ"), "ﬁne ǆ"))
    }

    @Test func missingWordNetNamesTheFileAndPackages() {
        #expect {
            _ = try WordNet(directory: "/nonexistent/wordnet")
        } throws: { error in
            let description = String(describing: error)
            return description.contains("/nonexistent/wordnet/") && description.contains("wordnet-base")
        }
    }

    @Test func scoresConcurrently() async throws {
        let wordNet = try WordNet.shared()
        let pairs = (0..<64).map { index in
            (PythonText.split("the cats were running to the large house number \(index)"),
             PythonText.split("The cat was runs into a big home \(index % 7)"))
        }
        let sequential = pairs.map { METEOR.score(reference: $0.0, hypothesis: $0.1, wordNet: wordNet) }
        let concurrent = await withTaskGroup(of: (Int, Double).self) { group in
            for (index, pair) in pairs.enumerated() {
                group.addTask { (index, METEOR.score(reference: pair.0, hypothesis: pair.1, wordNet: wordNet)) }
            }
            var scores = [Double](repeating: -1, count: pairs.count)
            for await (index, score) in group { scores[index] = score }
            return scores
        }
        #expect(concurrent == sequential)
    }
}
