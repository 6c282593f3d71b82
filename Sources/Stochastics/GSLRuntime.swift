import CGSL

/// The process-wide GSL set-up every entry point of this module goes through.
///
/// GSL's default error handler calls `abort()`; RFTSim must never crash on bad numbers, so the
/// handler is switched off exactly once (a `static let` initialiser runs once, thread-safely)
/// and every status code GSL returns is turned into a ``StochasticsError`` by ``check(_:_:)``.
enum GSLRuntime {
    private static let handlerSwitchedOff: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    /// Makes sure GSL's abort-on-error handler is off; cheap after the first call.
    @inline(__always)
    static func prepare() {
        _ = handlerSwitchedOff
    }

    /// Throws when `status` is not `Int32(GSL_SUCCESS)`, naming the operation and GSL's reason.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(StochasticsError) {
        guard status != Int32(GSL_SUCCESS) else { return }
        throw StochasticsError(
            .numericalFailure,
            "\(operation()) failed: \(reason(status)) (GSL status \(status))",
            gslStatus: status
        )
    }

    /// GSL's own one-line explanation of a status code.
    static func reason(_ status: Int32) -> String {
        String(cString: gsl_strerror(status))
    }
}
