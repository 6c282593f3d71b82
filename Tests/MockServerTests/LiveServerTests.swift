import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Synchronization
import Testing

/// Tests over real sockets: the ready line with its bound port, a dropped connection.
struct LiveServerTests {
    @Test func readyLineNamesTheBoundPort() async throws {
        let line = Mutex<String?>(nil)
        let app = await makeApp(configuration: ServerConfiguration(port: 0)) { port in
            line.withLock { $0 = readyLine(host: "127.0.0.1", port: port, clock: .virtual) }
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            #expect(line.withLock { $0 } == "rftsim serve: listening on http://127.0.0.1:\(port) (clock virtual)")
            try await client.execute(uri: "/v1/models", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.requestID] == "req_1")
                #expect(response.headers[.server] == "rftsim")
            }
        }
    }

    @Test func readyLineShowsScaledClock() {
        #expect(readyLine(host: "::1", port: 8089, clock: .scaled(3600)) == "rftsim serve: listening on http://[::1]:8089 (clock scaled:3600)")
        #expect(readyLine(host: "0.0.0.0", port: 1, clock: .scaled(0.5)) == "rftsim serve: listening on http://0.0.0.0:1 (clock scaled:0.5)")
        #expect(readyLine(host: "127.0.0.1", port: 2, clock: .instant) == "rftsim serve: listening on http://127.0.0.1:2 (clock instant)")
    }

    @Test func dropFaultClosesTheConnectionWithoutAResponse() async throws {
        let provider = Provider(), controls = ServerControls()
        try controls.faults.add(FaultRule(route: "GET /v1/models", drop: true))
        try await makeApp(provider: provider, controls: controls).test(.live) { client in
            let error = await #expect(throws: (any Error).self) {
                try await client.execute(uri: "/v1/models", method: .get, headers: authorized())
            }
            #expect(error != nil)
        }
        // A new connection works, and the log shows the drop.
        try await makeApp(provider: provider, controls: controls).test(.live) { client in
            try await client.execute(uri: "/v1/models", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .ok)
            }
        }
        let log = controls.requestLog.entries
        #expect(log.map(\.status) == [0, 200])
        #expect(log.first?.fault == "drop")
    }

    @Test func errorResponsesOverSocketsCarryTheirHeaders() async throws {
        let controls = ServerControls()
        try controls.faults.add(FaultRule(route: "POST /v1/fine_tuning/jobs", status: 429, retryAfter: 2))
        try await makeApp(controls: controls).test(.live) { client in
            try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders, body: body("{}")) { response throws in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "2")
                #expect(response.headers[.contentType] == "application/json")
                #expect(try errorObject(response).type == "rate_limit_error")
            }
        }
    }
}
