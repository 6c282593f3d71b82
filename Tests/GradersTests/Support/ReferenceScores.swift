import Foundation

/// Reference scores from the Python libraries RFTSim's similarity metrics emulate, computed at
/// test time by `Reference/similarity_reference.py` (rapidfuzz, nltk and rouge-score installed
/// by `scripts/install-deps`; WordNet for METEOR through `NLTK_DATA`).
///
/// A missing library is a test failure with the command that reproduces it, never a skip:
/// agreement with the real libraries is what these tests are for.
enum ReferenceScores {
    /// One generated pair and what each library scored it (`nil`: the library raised).
    struct Row: Decodable, Sendable {
        let id: Int
        let input: String
        let reference: String
        let scores: [String: Double?]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The rows for `metrics`, `count` pairs from the script's fixed seed.
    static func rows(metrics: [String], count: Int = 400) throws -> [Row] {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/similarity_reference.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--count", String(count), "--metrics", metrics.joined(separator: ",")]
        var environment = ProcessInfo.processInfo.environment
        if environment["NLTK_DATA"] == nil { environment["NLTK_DATA"] = nltkDataDirectory }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: """
                the reference script failed (status \(process.terminationStatus)); run scripts/install-deps, then
                NLTK_DATA=\(environment["NLTK_DATA"] ?? "") python3 \(script.path) --metrics \(metrics.joined(separator: ","))
                \(errorText)
                """)
        }
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Row.self, from: Data($0)) }
    }

    /// Where `scripts/install-deps` puts the NLTK WordNet folder.
    static let nltkDataDirectory = "/usr/local/share/rftsim/nltk_data"
}
