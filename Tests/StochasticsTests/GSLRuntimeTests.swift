import CGSL
import Testing

@testable import Stochastics

struct GSLRuntimeTests {
    @Test func gslErrorsReturnInsteadOfAbortingTheProcess() {
        GSLRuntime.prepare()
        // A negative weight is a GSL_ERROR ("probabilities must be non-negative"): with GSL's
        // default handler this test process would abort here.
        let weights = [-1.0]
        #expect(gsl_ran_discrete_preproc(1, weights) == nil)
    }

    @Test func statusCodesBecomeErrorsThatNameTheOperation() {
        let error = #expect(throws: StochasticsError.self) {
            try GSLRuntime.check(Int32(GSL_EDOM), "the widget")
        }
        #expect(error?.gslStatus == Int32(GSL_EDOM))
        #expect(error?.message == "the widget failed: input domain error (GSL status 1)")
        #expect(throws: Never.self) { try GSLRuntime.check(Int32(GSL_SUCCESS), "fine") }
    }
}
