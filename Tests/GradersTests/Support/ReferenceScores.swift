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
        // Standard error goes to a file, not a second pipe: reading two pipes one after the other
        // deadlocks once the script fills the one not being read (64 KiB of warnings would do).
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("rftsim-reference-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(errorFile.path) for the reference script's standard error")
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        defer { try? errors.close() }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
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
