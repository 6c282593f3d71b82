import Foundation

/// WordNet 3.0 as nltk's METEOR consults it, read from the dictionary files Debian installs in
/// `/usr/share/wordnet` (packages `wordnet-base` and `wordnet-sense-index`).
///
/// METEOR only asks `wordnet.synsets(word)` for the lemma names of each synset, so that is all this
/// keeps: for each index lemma and part of speech, the ids of the lemma names (without underscores,
/// which METEOR skips) of all its synsets, merged and sorted; the exception lists morphy consults;
/// and the lemma names themselves. Everything is built in `init` and immutable afterwards, so one
/// instance serves any number of threads. Load it once per process with `shared()`.
final class WordNet: Sendable {
    /// Why a WordNet directory could not be loaded.
    enum LoadError: Error, CustomStringConvertible {
        /// A dictionary file is absent.
        case missingFile(path: String)
        /// A dictionary file does not have WordNet's format.
        case malformed(path: String, line: Int, reason: String)

        /// A message naming the file, and for a missing one the Debian packages that provide it.
        var description: String {
            switch self {
            case let .missingFile(path):
                "WordNet file \(path) is missing: install WordNet 3.0 (Debian/Ubuntu: apt-get install wordnet-base wordnet-sense-index)"
            case let .malformed(path, line, reason):
                "WordNet file \(path)\(line > 0 ? ", line \(line)" : ""): \(reason)"
            }
        }
    }

    /// Where Debian's `wordnet-base` installs the dictionary.
    static let defaultDirectory = "/usr/share/wordnet"

    /// File name suffixes of the parts of speech in nltk's `POS_LIST` order: noun, verb,
    /// adjective, adverb (`synsets` tries them in this order).
    static let fileSuffixes = ["noun", "verb", "adj", "adv"]

    /// The index lemmas; a lemma's id is its entry number.
    let lemmas: ByteStringTable

    /// For each entry and part of speech, a `start, end` range of `postings`; `0, -1` when the
    /// lemma has no synsets of that part of speech.
    let entryRanges: [Int32]

    /// Sorted, distinct lemma-name ids, one run per (index lemma, part of speech).
    let postings: [Int32]

    /// The lemma names without `_`, as written in the data files minus any `(a)`/`(p)`/`(ip)`
    /// marker; a name's id is its position.
    let names: ByteStringTable

    /// The words of the exception lists (`*.exc`).
    let exceptionWords: ByteStringTable

    /// For each exception word and part of speech, a `start, end` range of `exceptionForms`;
    /// `0, -1` when the word is not in that part of speech's list.
    let exceptionRanges: [Int32]

    /// The base forms the exception lists give, with their index entry (-1: not an index lemma).
    let exceptionForms: [(form: String, entry: Int32)]

    /// The most runs `collectSynonyms` reports for one word: per part of speech, the word's own
    /// and those of its exception forms or of its substitutions.
    let maximumRuns: Int

    /// The load of `shared()`: Swift runs a static initializer once, thread-safely, on first use.
    private static let sharedWordNet = Result { try WordNet(directory: defaultDirectory) }

    /// The WordNet of `/usr/share/wordnet`, loaded on first use, once per process.
    static func shared() throws -> WordNet {
        try sharedWordNet.get()
    }

    /// Loads the index, data and exception files of `directory`.
    init(directory: String) throws {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        /// The contents of file `name` of the directory.
        func read(_ name: String) throws -> (path: String, data: Data) {
            let path = base.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else { throw LoadError.missingFile(path: path) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LoadError.malformed(path: path, line: 0, reason: "cannot be read")
            }
            return (path, data)
        }
        var builder = Builder()
        for (pos, suffix) in Self.fileSuffixes.enumerated() {
            let index = try read("index.\(suffix)")
            let data = try read("data.\(suffix)")
            try index.data.withUnsafeBytes { indexBytes in
                try data.data.withUnsafeBytes { dataBytes in
                    try builder.addIndex(
                        Source(bytes: indexBytes.bindMemory(to: UInt8.self), path: index.path), pos: pos,
                        data: Source(bytes: dataBytes.bindMemory(to: UInt8.self), path: data.path))
                }
            }
        }
        for (pos, suffix) in Self.fileSuffixes.enumerated() {
            let file = try read("\(suffix).exc")
            file.data.withUnsafeBytes { builder.addExceptions(Source(bytes: $0.bindMemory(to: UInt8.self), path: file.path), pos: pos) }
        }
        lemmas = builder.lemmas
        entryRanges = builder.entryRanges
        postings = builder.postings
        names = builder.names
        exceptionWords = builder.exceptionWords
        exceptionRanges = builder.exceptionRanges
        exceptionForms = builder.exceptionForms.map { form in (form, builder.lemmas.find(form) ?? -1) }
        var maximumRuns = 0
        for pos in 0..<4 {
            var longestList = 0
            for word in 0..<builder.exceptionWords.count {
                longestList = max(longestList, Int(builder.exceptionRanges[word * 8 + pos * 2 + 1] - builder.exceptionRanges[word * 8 + pos * 2]))
            }
            maximumRuns += 1 + max(longestList, Self.substitutions[pos].count)
        }
        self.maximumRuns = maximumRuns
    }

    /// The lemma name with id `id`.
    func lemmaName(_ id: Int32) -> String {
        names.string(id)
    }
}
