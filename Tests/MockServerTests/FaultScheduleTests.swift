import HTTPTypes
import Provider
import Testing

@testable import MockServer

/// The server's own state, each part alone: the fault schedule and the status table.
struct FaultScheduleTests {
    @Test("Faults are consumed in order and match route patterns")
    func faultsAreConsumedInOrder() throws {
        let faults = FaultSchedule()
        try faults.add(FaultRule(route: "GET /v1/fine_tuning/jobs/{id}", status: 429, count: 2, retryAfter: 1))
        try faults.add(FaultRule(route: "* *", status: 500))
        #expect(faults.take(method: "POST", path: "/v1/files")?.status == 500)
        #expect(faults.take(method: "GET", path: "/v1/fine_tuning/jobs") == nil)
        #expect(faults.take(method: "get", path: "/v1/fine_tuning/jobs/ftjob-1")?.status == 429)
        #expect(faults.take(method: "GET", path: "/v1/fine_tuning/jobs/ftjob-2")?.status == 429)
        #expect(faults.take(method: "GET", path: "/v1/fine_tuning/jobs/ftjob-3") == nil)
        #expect(faults.scheduled.isEmpty)
        #expect(throws: ProviderError.self) { try faults.add(FaultRule(route: "jobs", status: 500)) }
        #expect(faults.scheduled.isEmpty)
    }

    @Test("Every provider error code has its status in the one table")
    func everyCodeHasAStatus() {
        #expect(ErrorStatus.table.count == ProviderError.Code.all.count)
        for code in ProviderError.Code.all {
            #expect(ErrorStatus.table[code] != nil, "\(code) has no HTTP status")
        }
        #expect(APIError(.invalid("x", param: "p", platformCode: "c")).status == .badRequest)
        #expect(APIError(ProviderError(.conflict, message: "x")).status == .conflict)
    }

    @Test("A reset clears faults and the log and restarts request ids")
    func resetClearsTheServersState() throws {
        let controls = ServerControls()
        try controls.faults.add(FaultRule(route: "* *", status: 503))
        controls.requestLog.append(RequestLogEntry(method: "GET", path: "/v1/models", query: nil, status: 200, key: nil, requestID: "req_1"))
        _ = controls.requestIDs.next()
        controls.reset()
        #expect(controls.faults.scheduled.isEmpty)
        #expect(controls.requestLog.count == 0)
        #expect(controls.requestIDs.next() == "req_1")
    }
}
