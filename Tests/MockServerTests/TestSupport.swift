import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// The key every test request sends.
let testKey = "sk-rftsim-test-0001"

/// Headers with the test key (and more).
func authorized(_ extra: HTTPFields = [:]) -> HTTPFields {
    var headers = extra
    headers[.authorization] = "Bearer \(testKey)"
    return headers
}

/// JSON headers with the test key.
let jsonHeaders: HTTPFields = authorized([.contentType: "application/json"])

/// A fresh app over a fresh provider.
func makeApp(provider: Provider = Provider(), configuration: ServerConfiguration = ServerConfiguration(),
             controls: ServerControls = ServerControls(),
             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async -> some ApplicationProtocol {
    await buildApplication(provider: provider, configuration: configuration, controls: controls, onServerRunning: onServerRunning)
}

/// The `error` object of an error response (`message`, `type`, `param`, `code`: all four present).
struct ErrorObject: Decodable, Equatable {
    var message: String
    var type: String
    var param: String?
    var code: String?
}

/// Decodes an error response, checking that all four keys are present (null or not).
func errorObject(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> ErrorObject {
    let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any], sourceLocation: sourceLocation)
    let error = try #require(json["error"] as? [String: Any], "no error object in \(String(buffer: response.body))", sourceLocation: sourceLocation)
    #expect(Set(error.keys) == ["message", "type", "param", "code"], sourceLocation: sourceLocation)
    struct Envelope: Decodable { var error: ErrorObject }
    return try JSONDecoder().decode(Envelope.self, from: Data(response.body.readableBytesView)).error
}

/// A JSON object response as a dictionary.
func jsonObject(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any],
                 "not a JSON object: \(String(buffer: response.body))", sourceLocation: sourceLocation)
}

/// The ids of a list response's `data`.
func listIDs(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    let data = try #require(try jsonObject(response, sourceLocation: sourceLocation)["data"] as? [[String: Any]], sourceLocation: sourceLocation)
    return data.compactMap { $0["id"] as? String }
}

/// The `data` array of a list response.
func listData(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
    try #require(try jsonObject(response, sourceLocation: sourceLocation)["data"] as? [[String: Any]], sourceLocation: sourceLocation)
}

/// A JSON body.
func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

/// A `multipart/form-data` body with the given text fields and one file.
struct MultipartBody {
    static let boundary = "----rftsim-test-boundary-7MA4YWxkTrZu0gW"

    var fields: [(String, String)] = []
    var file: (name: String, filename: String?, content: String)?

    var contentType: String { "multipart/form-data; boundary=\(Self.boundary)" }

    var buffer: ByteBuffer {
        var text = ""
        for (name, value) in fields {
            text += "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let file {
            let filename = file.filename.map { "; filename=\"\($0)\"" } ?? ""
            text += "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"\(filename)\r\nContent-Type: application/octet-stream\r\n\r\n\(file.content)\r\n"
        }
        text += "--\(Self.boundary)--\r\n"
        return ByteBuffer(string: text)
    }

    var headers: HTTPFields { authorized([.contentType: contentType]) }
}

/// An RFT dataset: `count` arithmetic questions with their answers.
func rftDataset(count: Int, offset: Int = 0) -> String {
    (0..<count).map { index in
        let a = index + offset, b = 2 * index + 1
        return #"{"messages":[{"role":"user","content":"What is \#(a) + \#(b)? Answer with the number only."}],"answer":"\#(a + b)"}"#
    }.joined(separator: "\n") + "\n"
}

/// Uploads `content` as a fine-tune file and returns its id.
func upload(_ client: some TestClientProtocol, filename: String = "train.jsonl", content: String,
            purpose: String = "fine-tune") async throws -> String {
    let form = MultipartBody(fields: [("purpose", purpose)], file: ("file", filename, content))
    return try await client.execute(uri: "/v1/files", method: .post, headers: form.headers, body: form.buffer) { response throws in
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try #require(try jsonObject(response)["id"] as? String)
    }
}

/// An RFT job body with a string_check grader.
func rftJobBody(training: String, validation: String, metadata: String = "null") -> String {
    """
    {"model": "o4-mini-2025-04-16", "training_file": "\(training)", "validation_file": "\(validation)",
     "metadata": \(metadata),
     "method": {"type": "reinforcement", "reinforcement": {
        "grader": {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
                   "reference": "{{item.answer}}", "operation": "eq"},
        "hyperparameters": {"n_epochs": 1, "batch_size": 4}}}}
    """
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("x-request-id")!
    static let rftsimFault = HTTPField.Name("x-rftsim-fault")!
    static let shouldRetry = HTTPField.Name("x-should-retry")!
}
