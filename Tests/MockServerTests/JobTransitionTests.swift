import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// Every lifecycle move from every state, over HTTP.
///
/// Each case checks the status code, the error code and the status the job lands in. The expectations are written out here, not read from `JobStatus`,
/// so a change to the transition table shows up as a failing case.
struct JobTransitionTests {
    /// Where the job is when the action is taken.
    enum State: String, CaseIterable, CustomTestStringConvertible {
        case validatingFiles, queued, runningBeforeFirstStep, running, paused, succeeded, failed, cancelled
        var testDescription: String { rawValue }
    }

    /// What the client does: a job route or the control API's outcome.
    enum Action: String, CaseIterable, CustomTestStringConvertible {
        case pause, resume, cancel
        /// `POST /_rftsim/jobs/{id}/outcome {"fail_at_step": 3}`.
        case failAtLastStep
        /// `POST /_rftsim/jobs/{id}/outcome {"fail_validation": true}`.
        case failValidation
        var testDescription: String { rawValue }
    }

    /// The answer expected: a status code and either the job's new status or the error code.
    struct Expected: Equatable, CustomStringConvertible {
        var status: Int
        var result: String
        static func ok(_ jobStatus: String) -> Expected { Expected(status: 200, result: jobStatus) }
        static let invalidState = Expected(status: 400, result: "invalid_job_state")
        static let outcomeInPast = Expected(status: 409, result: "outcome_in_past")
        var description: String { "\(status) \(result)" }
    }

    static let expectations: [State: [Action: Expected]] = [
        .validatingFiles: [.pause: .invalidState, .resume: .invalidState, .cancel: .ok("cancelled"),
                           .failAtLastStep: .ok("validating_files"), .failValidation: .ok("validating_files")],
        .queued: [.pause: .invalidState, .resume: .invalidState, .cancel: .ok("cancelled"),
                  .failAtLastStep: .ok("queued"), .failValidation: .outcomeInPast],
        .runningBeforeFirstStep: [.pause: .invalidState, .resume: .invalidState, .cancel: .ok("cancelled"),
                                  .failAtLastStep: .ok("running"), .failValidation: .outcomeInPast],
        .running: [.pause: .ok("paused"), .resume: .invalidState, .cancel: .ok("cancelled"),
                   .failAtLastStep: .ok("running"), .failValidation: .outcomeInPast],
        .paused: [.pause: .invalidState, .resume: .ok("queued"), .cancel: .ok("cancelled"),
                  .failAtLastStep: .ok("paused"), .failValidation: .outcomeInPast],
        .succeeded: [.pause: .invalidState, .resume: .invalidState, .cancel: .invalidState,
                     .failAtLastStep: .outcomeInPast, .failValidation: .outcomeInPast],
        .failed: [.pause: .invalidState, .resume: .invalidState, .cancel: .invalidState,
                  .failAtLastStep: .outcomeInPast, .failValidation: .outcomeInPast],
        .cancelled: [.pause: .invalidState, .resume: .invalidState, .cancel: .invalidState,
                     .failAtLastStep: .ok("cancelled"), .failValidation: .outcomeInPast],
    ]

    @Test("every (state, action) pair answers with its status code and error code",
          arguments: State.allCases, Action.allCases)
    func transition(from state: State, action: Action) async throws {
        let expected = try #require(Self.expectations[state]?[action])
        try await makeApp().test(.router) { client in
            let job = try await Self.job(in: state, client)
            let (uri, requestBody): (String, String?) = switch action {
            case .pause, .resume, .cancel: ("/v1/fine_tuning/jobs/\(job)/\(action.rawValue)", nil)
            case .failAtLastStep: ("/_rftsim/jobs/\(job)/outcome", #"{"fail_at_step": 3}"#)
            case .failValidation: ("/_rftsim/jobs/\(job)/outcome", #"{"fail_validation": true}"#)
            }
            try await client.execute(uri: uri, method: .post, headers: requestBody == nil ? authorized() : jsonHeaders,
                                     body: requestBody.map(body)) { response throws in
                let actual: Expected
                if response.status == .ok {
                    actual = .ok(try #require(try jsonObject(response)["status"] as? String))
                } else {
                    actual = Expected(status: Int(response.status.code), result: try errorObject(response).code ?? "none")
                }
                #expect(actual == expected, "\(action.rawValue) from \(state.rawValue): \(String(buffer: response.body))")
            }
        }
    }

    /// A three-step RFT job brought to `state` on the virtual clock.
    static func job(in state: State, _ client: some TestClientProtocol) async throws -> String {
        let training = try await upload(client, content: rftDataset(count: 12))
        let validation = try await upload(client, filename: "valid.jsonl", content: rftDataset(count: 4, offset: 50))
        let metadata = state == .failed ? #"{"rftsim.fail_at_step": "2"}"# : "null"
        let job = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders,
                                           body: body(rftJobBody(training: training, validation: validation, metadata: metadata))) { response throws in
            try #require(try jsonObject(response)["id"] as? String)
        }
        func advance(_ seconds: Double) async throws {
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: jsonHeaders,
                                     body: body(#"{"seconds": \#(seconds)}"#)) { #expect($0.status == .ok) }
        }
        func status() async throws -> (status: String, finish: Double?) {
            try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)", method: .get, headers: authorized()) { response throws in
                let object = try jsonObject(response)
                return (try #require(object["status"] as? String), (object["estimated_finish"] as? NSNumber)?.doubleValue)
            }
        }
        func now() async throws -> Double {
            try await client.execute(uri: "/_rftsim/clock", method: .get) { try #require(try jsonObject($0)["now"] as? Double) }
        }
        func post(_ action: String) async throws {
            try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)/\(action)", method: .post, headers: authorized()) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
        }
        /// Into the middle of the run: 1.5 of the 3 steps done.
        func runHalfway() async throws {
            try await advance(90.1)
            let finish = try #require(try await status().finish)
            try await advance((finish - (try await now())) / 2)
        }
        switch state {
        case .validatingFiles: break
        case .queued: try await advance(31)
        case .runningBeforeFirstStep: try await advance(90.1)
        case .running: try await runHalfway()
        case .paused:
            try await runHalfway()
            try await post("pause")
        case .succeeded, .failed: try await advance(864_000)
        case .cancelled:
            try await runHalfway()
            try await post("cancel")
        }
        let reached = try await status().status
        let expected = switch state {
        case .validatingFiles: "validating_files"
        case .runningBeforeFirstStep, .running: "running"
        default: state.rawValue
        }
        #expect(reached == expected, "the job should be \(expected) before the action")
        return job
    }
}
