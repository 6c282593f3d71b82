import CGSL

/// Integrates a system of ordinary differential equations dy/dt = f(t, y) with GSL's
/// `gsl_odeiv2` driver.
///
/// The right-hand side is a Swift closure that reads `y` and writes `dydt`; it may throw, which
/// stops the integration and rethrows the error as the ``StochasticsError/cause``.
///
/// ```swift
/// // y'' = −y, y(0) = 1, y'(0) = 0  →  y(t) = cos t
/// let solution = try ODEIntegrator().solve(initial: [1, 0], from: 0, reportingAt: [.pi]) { t, y, dydt in
///     dydt[0] = y[1]
///     dydt[1] = -y[0]
/// }
/// solution.states[0][0]   // −1 within 1e-10
/// ```
public struct ODEIntegrator: Sendable {
    /// The explicit steppers (none needs a Jacobian).
    public enum Stepper: String, CaseIterable, Sendable {
        /// Embedded Runge–Kutta (2, 3).
        case rk2
        /// Classical fourth-order Runge–Kutta, error by step doubling.
        case rk4
        /// Runge–Kutta–Fehlberg (4, 5).
        case rkf45
        /// Runge–Kutta Cash–Karp (4, 5).
        case rkck
        /// Runge–Kutta Prince–Dormand (8, 9); the default.
        case rk8pd
        /// Variable-order Adams multistep, orders 1–12 (for smooth, non-stiff systems).
        case msadams

        var gslType: UnsafePointer<gsl_odeiv2_step_type> {
            switch self {
            case .rk2: rftsim_odeiv2_rk2()
            case .rk4: rftsim_odeiv2_rk4()
            case .rkf45: rftsim_odeiv2_rkf45()
            case .rkck: rftsim_odeiv2_rkck()
            case .rk8pd: rftsim_odeiv2_rk8pd()
            case .msadams: rftsim_odeiv2_msadams()
            }
        }
    }

    /// The right-hand side: given t and y, write dy/dt into the third argument.
    public typealias RightHandSide = (
        _ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>
    ) throws -> Void

    /// The stepping method.
    public var stepper: Stepper
    /// The absolute error allowed per step.
    public var absoluteTolerance: Double
    /// The error allowed per step relative to |y|.
    public var relativeTolerance: Double
    /// The first trial step; the driver adapts it.
    public var initialStep: Double
    /// The most steps allowed between two reported times before giving up.
    public var maximumSteps: Int

    /// Creates an integrator; the defaults suit smooth problems needing ~1e-10 accuracy.
    public init(
        stepper: Stepper = .rk8pd,
        absoluteTolerance: Double = 1e-12,
        relativeTolerance: Double = 1e-12,
        initialStep: Double = 1e-6,
        maximumSteps: Int = 1_000_000
    ) {
        self.stepper = stepper
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        self.initialStep = initialStep
        self.maximumSteps = maximumSteps
    }

    /// Integrates from `(t0, initial)` and records the state at each of `times`.
    ///
    /// - Parameters:
    ///   - initial: y(t0); its count is the system's dimension (at least 1).
    ///   - t0: the initial time.
    ///   - times: the times to report, all finite and moving away from `t0` monotonically
    ///     (forward or backward); a time equal to `t0` reports the initial state.
    ///   - rightHandSide: f(t, y).
    /// - Returns: the state at each requested time.
    /// - Throws: ``StochasticsError`` with `.invalidArgument` for bad inputs or tolerances,
    ///   `.callbackFailed` when `rightHandSide` throws, `.numericalFailure` when GSL gives up
    ///   (too many steps, step size underflow, a non-finite derivative).
    public func solve(
        initial: [Double],
        from t0: Double,
        reportingAt times: [Double],
        rightHandSide: RightHandSide
    ) throws -> ODESolution {
        try validate(initial: initial, t0: t0, times: times)
        return try withoutActuallyEscaping(rightHandSide) { rhs in
            let context = ODECallContext(rightHandSide: rhs, dimension: initial.count)
            let system = UnsafeMutablePointer<gsl_odeiv2_system>.allocate(capacity: 1)
            defer { system.deallocate() }
            system.initialize(to: gsl_odeiv2_system(
                function: odeFunctionTrampoline,
                jacobian: nil,
                dimension: initial.count,
                params: Unmanaged.passUnretained(context).toOpaque()
            ))
            let direction = (times.last ?? t0) >= t0 ? 1.0 : -1.0
            guard let driver = gsl_odeiv2_driver_alloc_y_new(
                system, stepper.gslType, direction * initialStep, absoluteTolerance, relativeTolerance
            ) else {
                throw StochasticsError(.numericalFailure, "gsl_odeiv2_driver_alloc_y_new failed for a system of dimension \(initial.count)")
            }
            defer { gsl_odeiv2_driver_free(driver) }
            gsl_odeiv2_driver_set_nmax(driver, UInt(maximumSteps))

            var t = t0
            var y = initial
            var states: [[Double]] = []
            states.reserveCapacity(times.count)
            for target in times {
                if target != t {
                    let status = y.withUnsafeMutableBufferPointer { gsl_odeiv2_driver_apply(driver, &t, target, $0.baseAddress) }
                    if let error = context.error {
                        throw StochasticsError(.callbackFailed, "the right-hand side threw at t = \(t)", cause: error)
                    }
                    if status == Int32(GSL_EMAXITER) {
                        throw StochasticsError(.numericalFailure, "ODE integration took more than \(maximumSteps) steps between t = \(t) and t = \(target); raise maximumSteps or loosen the tolerances", gslStatus: status)
                    }
                    try GSLRuntime.check(status, "ODE integration (\(stepper)) from t = \(t) toward t = \(target)")
                    guard y.allSatisfy(\.isFinite) else {
                        throw StochasticsError(.numericalFailure, "the ODE solution is no longer finite at t = \(t)")
                    }
                }
                states.append(y)
            }
            return ODESolution(times: times, states: states)
        }
    }

    private func validate(initial: [Double], t0: Double, times: [Double]) throws(StochasticsError) {
        GSLRuntime.prepare()
        guard !initial.isEmpty, initial.allSatisfy(\.isFinite) else {
            throw StochasticsError(.invalidArgument, "an ODE needs a non-empty, finite initial state, got \(initial)")
        }
        guard t0.isFinite, times.allSatisfy(\.isFinite) else {
            throw StochasticsError(.invalidArgument, "ODE times must be finite")
        }
        guard absoluteTolerance >= 0, relativeTolerance >= 0, absoluteTolerance + relativeTolerance > 0,
              initialStep > 0, maximumSteps > 0 else {
            throw StochasticsError(.invalidArgument, "ODE tolerances must be ≥ 0 and not both 0, the initial step and maximum steps > 0")
        }
        let forward = (times.last ?? t0) >= t0
        var previous = t0
        for (index, time) in times.enumerated() {
            guard forward ? time >= previous : time <= previous else {
                throw StochasticsError(.invalidArgument, "ODE report times must move monotonically away from t0 = \(t0); times[\(index)] = \(time) comes after \(previous)")
            }
            previous = time
        }
    }
}

/// The states an ``ODEIntegrator`` recorded.
public struct ODESolution: Sendable {
    /// The requested times.
    public let times: [Double]
    /// `states[i]` is y(`times[i]`).
    public let states: [[Double]]

    /// The trajectory of component `index` over ``times``.
    public func component(_ index: Int) -> [Double] {
        states.map { $0[index] }
    }
}

/// What the C trampoline needs: the closure, the dimension, and the first error it threw.
private final class ODECallContext {
    let rightHandSide: ODEIntegrator.RightHandSide
    let dimension: Int
    var error: (any Error)?

    init(rightHandSide: @escaping ODEIntegrator.RightHandSide, dimension: Int) {
        self.rightHandSide = rightHandSide
        self.dimension = dimension
    }
}

/// `gsl_odeiv2_system.function`: calls the Swift closure; a thrown error becomes Int32(GSL_EBADFUNC).
private func odeFunctionTrampoline(
    t: Double, y: UnsafePointer<Double>?, dydt: UnsafeMutablePointer<Double>?, params: UnsafeMutableRawPointer?
) -> Int32 {
    let context = Unmanaged<ODECallContext>.fromOpaque(params!).takeUnretainedValue()
    do {
        try context.rightHandSide(t, UnsafeBufferPointer(start: y, count: context.dimension),
                                  UnsafeMutableBufferPointer(start: dydt, count: context.dimension))
        return Int32(GSL_SUCCESS)
    } catch {
        context.error = error
        return Int32(GSL_EBADFUNC)
    }
}
