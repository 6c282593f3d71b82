import CGSL

/// Minimises a sum of squared residuals ½·Σ rᵢ(θ)² with GSL's trust-region solver
/// (`gsl_multifit_nlinear`), the Jacobian by finite differences.
///
/// Give the residuals as a closure for any model, or use ``fitCurve(x:y:weights:initial:model:)``
/// for y ≈ f(x; θ). The result carries parameter standard errors from the covariance
/// (JᵀJ)⁻¹ at the solution.
///
/// ```swift
/// let fit = try NonlinearLeastSquares().fitCurve(x: t, y: reward, initial: [1, 1, 0.1]) { x, p in
///     p[0] - p[1] * exp(-p[2] * x)
/// }
/// fit.parameters, fit.standardErrors
/// ```
public struct NonlinearLeastSquares: Sendable {
    /// How each trust-region step is chosen.
    public enum Method: String, CaseIterable, Sendable {
        /// Levenberg–Marquardt; the default.
        case levenbergMarquardt
        /// Levenberg–Marquardt with geodesic acceleration (`lmaccel`).
        case levenbergMarquardtAccelerated
        /// Powell's dogleg.
        case dogleg

        var gslTrs: UnsafePointer<gsl_multifit_nlinear_trs> {
            switch self {
            case .levenbergMarquardt: rftsim_multifit_nlinear_trs_lm()
            case .levenbergMarquardtAccelerated: rftsim_multifit_nlinear_trs_lmaccel()
            case .dogleg: rftsim_multifit_nlinear_trs_dogleg()
            }
        }
    }

    /// How standard errors are scaled.
    public enum ErrorScaling: String, Sendable {
        /// Multiply the covariance by χ²/(n − p): the residuals' own scatter estimates the noise
        /// (what `scipy.optimize.curve_fit` does by default). Use when weights are relative or absent.
        case residualVariance
        /// Use (JᵀJ)⁻¹ as it is: the weights are exactly 1/σᵢ².
        case absolute
    }

    /// The residuals: given parameters, write one residual per slot of the second argument.
    public typealias Residuals = (
        _ parameters: UnsafeBufferPointer<Double>, _ residuals: UnsafeMutableBufferPointer<Double>
    ) throws -> Void

    /// The step method.
    public var method: Method
    /// The most iterations before giving up with ``StochasticsError/Code/didNotConverge``.
    public var maximumIterations: Int
    /// Stop when every parameter's step is below `stepTolerance`·(|θᵢ| + stepTolerance).
    public var stepTolerance: Double
    /// Stop when the scaled gradient is below this.
    public var gradientTolerance: Double
    /// How ``LeastSquaresFit/standardErrors`` are scaled.
    public var errorScaling: ErrorScaling
    /// The forward-difference step of the Jacobian relative to |θⱼ| (GSL's `h_df`).
    ///
    /// `nil` takes GSL's default √ε ≈ 1.5·10⁻⁸. A larger step averages over small jumps of a
    /// residual function that is smooth only at larger scales (a simulation with common random numbers).
    public var finiteDifferenceStep: Double?
    /// Accept the position where the solver can make no further progress (`GSL_ENOPROG`) as the
    /// solution instead of throwing: for residuals known only to limited precision, where the
    /// step tolerance cannot be met.
    public var acceptsNoProgress: Bool

    /// Creates a solver; the defaults follow GSL's documented example.
    public init(
        method: Method = .levenbergMarquardt,
        maximumIterations: Int = 500,
        stepTolerance: Double = 1e-10,
        gradientTolerance: Double = 1e-10,
        errorScaling: ErrorScaling = .residualVariance,
        finiteDifferenceStep: Double? = nil,
        acceptsNoProgress: Bool = false
    ) {
        self.method = method
        self.maximumIterations = maximumIterations
        self.stepTolerance = stepTolerance
        self.gradientTolerance = gradientTolerance
        self.errorScaling = errorScaling
        self.finiteDifferenceStep = finiteDifferenceStep
        self.acceptsNoProgress = acceptsNoProgress
    }

    /// Finds θ minimising ½·Σ rᵢ(θ)², starting from `initial`.
    ///
    /// - Parameters:
    ///   - initial: the starting parameters θ₀ (finite, at least one).
    ///   - residualCount: n, the number of residuals; at least the number of parameters.
    ///   - residuals: writes r(θ).
    /// - Throws: ``StochasticsError`` with `.invalidArgument` for bad inputs, `.callbackFailed`
    ///   when `residuals` throws, `.didNotConverge` after `maximumIterations`, and
    ///   `.numericalFailure` when GSL fails (a non-finite residual, no progress possible).
    public func minimize(initial: [Double], residualCount: Int, residuals: Residuals) throws -> LeastSquaresFit {
        GSLRuntime.prepare()
        let p = initial.count
        guard p >= 1, initial.allSatisfy(\.isFinite) else {
            throw StochasticsError(.invalidArgument, "a least-squares fit needs at least one finite starting parameter, got \(initial)")
        }
        guard residualCount >= p else {
            throw StochasticsError(.invalidArgument, "a fit of \(p) parameters needs at least \(p) residuals (data points), got \(residualCount)")
        }
        guard maximumIterations > 0, stepTolerance > 0, gradientTolerance > 0 else {
            throw StochasticsError(.invalidArgument, "maximumIterations and the tolerances must be positive")
        }
        if let finiteDifferenceStep, !(finiteDifferenceStep > 0 && finiteDifferenceStep.isFinite) {
            throw StochasticsError(.invalidArgument, "finiteDifferenceStep must be finite and > 0, got \(finiteDifferenceStep)")
        }
        return try withoutActuallyEscaping(residuals) { residuals in
            let context = LeastSquaresCallContext(residuals: residuals, parameterCount: p, residualCount: residualCount)
            var parameters = gsl_multifit_nlinear_default_parameters()
            parameters.trs = method.gslTrs
            if let finiteDifferenceStep { parameters.h_df = finiteDifferenceStep }
            guard let workspace = gsl_multifit_nlinear_alloc(rftsim_multifit_nlinear_trust(), &parameters, residualCount, p) else {
                throw StochasticsError(.numericalFailure, "gsl_multifit_nlinear_alloc failed for \(residualCount) residuals and \(p) parameters")
            }
            defer { gsl_multifit_nlinear_free(workspace) }
            let fdf = UnsafeMutablePointer<gsl_multifit_nlinear_fdf>.allocate(capacity: 1)
            defer { fdf.deallocate() }
            fdf.initialize(to: gsl_multifit_nlinear_fdf(
                f: residualTrampoline, df: nil, fvv: nil, n: residualCount, p: p,
                params: Unmanaged.passUnretained(context).toOpaque(), nevalf: 0, nevaldf: 0, nevalfvv: 0
            ))
            let start = GSLVector(initial)
            defer { start.free() }

            var status = gsl_multifit_nlinear_init(start.pointer, fdf, workspace)
            var info: Int32 = 0
            if status == Int32(GSL_SUCCESS) {
                status = gsl_multifit_nlinear_driver(maximumIterations, stepTolerance, gradientTolerance, 0, nil, nil, &info, workspace)
            }
            if let error = context.error {
                throw StochasticsError(.callbackFailed, "the residual function threw", cause: error)
            }
            let iterations = Int(gsl_multifit_nlinear_niter(workspace))
            if acceptsNoProgress, status == Int32(GSL_ENOPROG) { status = Int32(GSL_SUCCESS) }
            if status == Int32(GSL_EMAXITER) {
                throw StochasticsError(.didNotConverge, "the fit did not converge in \(iterations) iterations; try other starting values or raise maximumIterations", gslStatus: status)
            }
            try GSLRuntime.check(status, "the least-squares fit (\(method)) after \(iterations) iterations")
            return try result(workspace: workspace, residualCount: residualCount, parameterCount: p, iterations: iterations)
        }
    }

    /// Fits y ≈ model(x; θ) by minimising Σ wᵢ·(yᵢ − model(xᵢ; θ))².
    ///
    /// - Parameters:
    ///   - x: the abscissae.
    ///   - y: the observations, as many as `x`, all finite.
    ///   - weights: wᵢ = 1/σᵢ² (all > 0), or `nil` for equal weights.
    ///   - initial: the starting parameters.
    ///   - model: f(x; θ).
    public func fitCurve(
        x: [Double], y: [Double], weights: [Double]? = nil, initial: [Double],
        model: (_ x: Double, _ parameters: UnsafeBufferPointer<Double>) throws -> Double
    ) throws -> LeastSquaresFit {
        guard x.count == y.count else {
            throw StochasticsError(.invalidArgument, "x has \(x.count) values but y has \(y.count); they must pair up")
        }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw StochasticsError(.invalidArgument, "curve data must be finite; x or y contains NaN or infinity")
        }
        if let weights {
            guard weights.count == x.count, weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw StochasticsError(.invalidArgument, "weights must be one finite positive number per point (\(x.count)), got \(weights.count)")
            }
        }
        let root = weights?.map { $0.squareRoot() }
        return try minimize(initial: initial, residualCount: x.count) { parameters, residuals in
            for i in 0..<x.count {
                residuals[i] = (y[i] - (try model(x[i], parameters))) * (root?[i] ?? 1)
            }
        }
    }

    private func result(
        workspace: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>, residualCount: Int, parameterCount p: Int, iterations: Int
    ) throws -> LeastSquaresFit {
        let position = GSLVector.values(of: gsl_multifit_nlinear_position(workspace))
        let residuals = GSLVector.values(of: gsl_multifit_nlinear_residual(workspace))
        let chiSquared = residuals.reduce(0) { $0 + $1 * $1 }
        let degreesOfFreedom = residualCount - p

        guard let covarianceMatrix = gsl_matrix_alloc(p, p) else {
            throw StochasticsError(.numericalFailure, "gsl_matrix_alloc failed for a \(p)×\(p) covariance")
        }
        defer { gsl_matrix_free(covarianceMatrix) }
        try GSLRuntime.check(gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(workspace), 0, covarianceMatrix), "the covariance of the fit")
        let scale: Double = switch errorScaling {
        case .absolute: 1
        case .residualVariance: degreesOfFreedom > 0 ? chiSquared / Double(degreesOfFreedom) : .nan
        }
        var covariance = [Double](repeating: 0, count: p * p)
        for row in 0..<p {
            for column in 0..<p {
                covariance[row * p + column] = gsl_matrix_get(covarianceMatrix, row, column) * scale
            }
        }
        return LeastSquaresFit(
            parameters: position,
            standardErrors: (0..<p).map { covariance[$0 * p + $0].squareRoot() },
            covariance: covariance,
            chiSquared: chiSquared,
            degreesOfFreedom: degreesOfFreedom,
            iterations: iterations
        )
    }
}

/// The outcome of a least-squares fit.
public struct LeastSquaresFit: Sendable {
    /// The fitted parameters θ̂.
    public let parameters: [Double]
    /// The standard error of each parameter (NaN when there are no degrees of freedom).
    public let standardErrors: [Double]
    /// The p×p covariance of θ̂, row-major.
    public let covariance: [Double]
    /// Σ rᵢ² at θ̂ (weighted when weights were given).
    public let chiSquared: Double
    /// n − p.
    public let degreesOfFreedom: Int
    /// Solver iterations used.
    public let iterations: Int
}

/// A GSL vector owned by Swift code for the length of one call.
private struct GSLVector {
    let pointer: UnsafeMutablePointer<gsl_vector>

    init(_ values: [Double]) {
        pointer = gsl_vector_alloc(values.count)
        for (index, value) in values.enumerated() { gsl_vector_set(pointer, index, value) }
    }

    func free() { gsl_vector_free(pointer) }

    static func values(of vector: UnsafeMutablePointer<gsl_vector>) -> [Double] {
        (0..<vector.pointee.size).map { gsl_vector_get(vector, $0) }
    }
}

private final class LeastSquaresCallContext {
    let residuals: NonlinearLeastSquares.Residuals
    let parameterCount: Int
    let residualCount: Int
    var parameterBuffer: [Double]
    var residualBuffer: [Double]
    var error: (any Error)?

    init(residuals: @escaping NonlinearLeastSquares.Residuals, parameterCount: Int, residualCount: Int) {
        self.residuals = residuals
        self.parameterCount = parameterCount
        self.residualCount = residualCount
        self.parameterBuffer = Array(repeating: 0, count: parameterCount)
        self.residualBuffer = Array(repeating: 0, count: residualCount)
    }
}

/// `gsl_multifit_nlinear_fdf.f`: copies θ out of GSL's (possibly strided) vector, calls the
/// closure, copies the residuals back. A thrown error or a non-finite residual is Int32(GSL_EBADFUNC).
private func residualTrampoline(
    x: UnsafePointer<gsl_vector>?, params: UnsafeMutableRawPointer?, f: UnsafeMutablePointer<gsl_vector>?
) -> Int32 {
    let context = Unmanaged<LeastSquaresCallContext>.fromOpaque(params!).takeUnretainedValue()
    guard let x, let f else { return Int32(GSL_EFAULT) }
    for i in 0..<context.parameterCount { context.parameterBuffer[i] = gsl_vector_get(x, i) }
    do {
        try context.parameterBuffer.withUnsafeBufferPointer { parameters in
            try context.residualBuffer.withUnsafeMutableBufferPointer { try context.residuals(parameters, $0) }
        }
    } catch {
        context.error = error
        return Int32(GSL_EBADFUNC)
    }
    for i in 0..<context.residualCount {
        guard context.residualBuffer[i].isFinite else { return Int32(GSL_EBADFUNC) }
        gsl_vector_set(f, i, context.residualBuffer[i])
    }
    return Int32(GSL_SUCCESS)
}
