import Foundation
import ThesisLinearAlgebra

/// Local projections (Jordà 2005): for each horizon h = 0…H, the OLS regression
///
///     y_{t+h} = α_h + β_h x_t + Σ_{l=1..p} (γ_l y_{t−l} + δ_l x_{t−l} + Σ_c θ_{c,l} c_{t−l}) + e_{t+h},
///
/// each on every t where all of its values exist; β_h is the response of y at horizon h to a
/// unit change in x. Standard errors are Newey-West (HAC) with maxlags h + 1 by default (the
/// overlapping errors of an h-step projection are MA(h)), as `OLSModel` computes them.
public struct LocalProjection: Sendable {
    /// β_0 … β_H.
    public let coefficients: [Double]
    public let standardErrors: [Double]
    /// Observations of each regression.
    public let nobs: [Int]
    public let covariance: OLSCovariance

    /// - Parameters:
    ///   - response, shock, controls: series of equal length, NaN where missing.
    ///   - lags: p, the lags of the response, the shock and every control.
    ///   - horizon: H.
    ///   - maxlags: the HAC lags of horizon h (default h + 1); ignored for other covariances.
    /// - Throws: `VARError.invalidArgument` (lengths, too few observations) and the rank error of
    ///   a singular design.
    public init(
        response: [Double], shock: [Double], controls: [[Double]] = [], lags: Int, horizon: Int,
        covariance: OLSCovariance = .hac, maxlags: (Int) -> Int = { $0 + 1 }
    ) throws {
        let n = response.count
        guard shock.count == n, controls.allSatisfy({ $0.count == n }) else {
            throw VARError.invalidArgument("the response, the shock and the controls must have the same length")
        }
        guard lags >= 0, horizon >= 0 else { throw VARError.invalidArgument("lags and horizon must be ≥ 0") }
        let lagged = [response, shock] + controls
        var betas: [Double] = [], errors: [Double] = [], counts: [Int] = []
        for h in 0...horizon {
            let rows = (lags..<max(lags, n - h)).filter { t in
                response[t + h].isFinite && shock[t].isFinite
                    && lagged.allSatisfy { series in (1...max(lags, 1)).allSatisfy { lags == 0 || series[t - $0].isFinite } }
            }
            var columns: [[Double]] = [Array(repeating: 1, count: rows.count), rows.map { shock[$0] }]
            if lags > 0 {
                for series in lagged { for l in 1...lags { columns.append(rows.map { series[$0 - l] }) } }
            }
            guard rows.count > columns.count else {
                throw VARError.invalidArgument(
                    "horizon \(h) leaves \(rows.count) observations for \(columns.count) coefficients; shorten horizon= or lags=")
            }
            let design = try VARError.wrap { try Matrix(columns: columns, context: "the local projection at horizon \(h)") }
            let names = ["const", "shock"] + (2..<columns.count).map { "x\($0)" }
            let fit = try OLSModel(
                y: rows.map { response[$0 + h] }, x: design, names: names, hasConstant: true, covariance: covariance,
                maxlags: covariance == .hac ? maxlags(h) : 0)
            betas.append(fit.params[1])
            errors.append(fit.bse[1])
            counts.append(fit.nobs)
        }
        coefficients = betas
        standardErrors = errors
        nobs = counts
        self.covariance = covariance
    }
}
