import Foundation
import ThesisLinearAlgebra

// Saved VARs and FAVARs (`kind` `var` and `favar`, format version 2). Both predict the next row of
// their variables from each window of `lags` consecutive rows, and forecast many steps after the
// last row, through the same recursion as `VARModel.forecast`: a saved model forecasts the same
// bits as the build's `var forecast` and `favar forecast`.

extension ModelArtifact {
    /// A VAR's coefficients in statsmodels' layout.
    public struct VARSection: Codable, Hashable, Sendable {
        /// The lag order p (at least 1): each prediction reads the last p rows.
        public var lags: Int
        /// The deterministic terms: `n` (none), `c` (a constant) or `ct` (constant and trend; the
        /// trend of a row is its 1-based position in the input, as in the fit's sample).
        public var trend: String
        /// `params`' row names: `const`, `trend`, then `L1.name` … `Lp.name`.
        public var parameterNames: [String]
        /// statsmodels' `params`: one row per name in `parameter_names`, one column per variable.
        public var coefficients: [[Double]]
        /// Σu, degrees-of-freedom adjusted (K × K), for forecast intervals.
        public var sigmaU: [[Double]]

        public init(lags: Int, trend: String, parameterNames: [String], coefficients: [[Double]], sigmaU: [[Double]]) {
            self.lags = lags
            self.trend = trend
            self.parameterNames = parameterNames
            self.coefficients = coefficients
            self.sigmaU = sigmaU
        }

        enum CodingKeys: String, CodingKey {
            case lags, trend, coefficients
            case parameterNames = "parameter_names"
            case sigmaU = "sigma_u"
        }

        var trendTerms: Int { trend == "ct" ? 2 : trend == "c" ? 1 : 0 }
        var parameterCount: Int { coefficients.reduce(0) { $0 + $1.count } }

        func check(variables k: Int) throws {
            guard ["n", "c", "ct"].contains(trend) else {
                throw NeuralError("'\(trend)' is not a VAR trend (n, c or ct)")
            }
            guard lags >= 1, coefficients.count == trendTerms + k * lags, parameterNames.count == coefficients.count,
                coefficients.allSatisfy({ $0.count == k && $0.allSatisfy(\.isFinite) }),
                sigmaU.count == k, sigmaU.allSatisfy({ $0.count == k })
            else {
                throw NeuralError(
                    "a VAR(\(lags)) of \(k) variables with trend '\(trend)' holds \(trendTerms + k * lags) finite rows of \(k) coefficients and a \(k) × \(k) sigma_u"
                )
            }
        }

        /// `VARModel.recurse` on the last p rows of `rows` (one column per variable), whose last row
        /// is row `lastRow` (1-based) of the series.
        func forecast(_ rows: Matrix, lastRow: Int, steps: Int) throws -> Matrix {
            let k = rows.columns
            let params = try Matrix(rowMajor: coefficients)
            let lagCoefficients = VAREstimation.flattenLagCoefficients(
                params, k: k, lags: lags, trendTerms: trendTerms)
            return VARModel.recurse(
                params: params, lagCoefficients: lagCoefficients, k: k, lags: lags, trendTerms: trendTerms,
                presample: rows, lastRow: Double(lastRow), steps: steps)
        }
    }

    /// A FAVAR: how its factors come from the panel, the VAR on [factors, policy rate], and each
    /// series' loadings. Factors: Z = (x − mean)/sd per series, Ĉ = Z V diag(scales), F = Ĉ − R·b
    /// (`policy_rotation` b, when BBE's rotation was used); series i is forecast as
    /// mean_i + sd_i · (λ_0i + Σ_j λ_ji [F; R]_j).
    public struct FAVARSection: Codable, Hashable, Sendable {
        /// The panel series, in the order of `means`, the rows of `component_vectors` and the columns of `loadings`.
        public var series: [String]
        /// The policy rate (the VAR's last variable), in levels.
        public var policy: String
        public var means: [Double]
        public var standardDeviations: [Double]
        /// V: one row per series, one column per factor (the leading eigenvectors of Z'Z).
        public var componentVectors: [[Double]]
        /// √(T/λ_j) per factor.
        public var componentScales: [Double]
        /// b_R per factor (F_j = Ĉ_j − b_Rj · R); absent without the rotation.
        public var policyRotation: [Double]?
        /// (K + 2) rows (constant, F1 … FK, the policy rate) × one column per series: the standardized
        /// series' loadings.
        public var loadings: [[Double]]
        /// The VAR on F1 … FK and the policy rate.
        public var system: VARSection

        public init(
            series: [String], policy: String, means: [Double], standardDeviations: [Double],
            componentVectors: [[Double]], componentScales: [Double], policyRotation: [Double]?,
            loadings: [[Double]], system: VARSection
        ) {
            self.series = series
            self.policy = policy
            self.means = means
            self.standardDeviations = standardDeviations
            self.componentVectors = componentVectors
            self.componentScales = componentScales
            self.policyRotation = policyRotation
            self.loadings = loadings
            self.system = system
        }

        enum CodingKeys: String, CodingKey {
            case series, policy, means, loadings, system
            case standardDeviations = "standard_deviations"
            case componentVectors = "component_vectors"
            case componentScales = "component_scales"
            case policyRotation = "policy_rotation"
        }

        var factorCount: Int { componentScales.count }
        var parameterCount: Int {
            means.count * 2 + componentVectors.reduce(0) { $0 + $1.count } + componentScales.count
                + (policyRotation?.count ?? 0) + loadings.reduce(0) { $0 + $1.count } + system.parameterCount
        }

        func check() throws {
            let n = series.count, k = factorCount
            guard n >= 1, k >= 1, means.count == n, standardDeviations.count == n,
                standardDeviations.allSatisfy({ $0 > 0 && $0.isFinite }),
                componentVectors.count == n, componentVectors.allSatisfy({ $0.count == k }),
                policyRotation.map({ $0.count == k }) ?? true, loadings.count == k + 2,
                loadings.allSatisfy({ $0.count == n })
            else {
                throw NeuralError(
                    "a FAVAR of \(n) series and \(k) factors holds \(n) means and positive standard deviations, \(n) × \(k) component vectors, \(k) scales, \(k + 2) × \(n) loadings"
                )
            }
            try system.check(variables: k + 1)
        }

        /// The VAR's variables (F1 … FK, the policy rate), T × (K + 1), from rows of the series then the policy rate.
        func system(_ rows: [[Double]]) throws -> Matrix {
            let t = rows.count, n = series.count, k = factorCount
            var z = [Double](repeating: 0, count: t * n)
            for j in 0..<n {
                let mean = means[j], sd = standardDeviations[j]
                for s in 0..<t { z[s + j * t] = (rows[s][j] - mean) / sd }
            }
            var vectors = [Double](repeating: 0, count: n * k)
            for i in 0..<n { for j in 0..<k { vectors[i + j * n] = componentVectors[i][j] } }
            var c = PrincipalComponents.multiply(z, vectors, m: t, k: n, n: k)
            for j in 0..<k {
                let scale = componentScales[j]
                for s in 0..<t { c[s + j * t] *= scale }
            }
            var out = Matrix(rows: t, columns: k + 1)
            for s in 0..<t {
                let r = rows[s][n]
                for j in 0..<k { out[s, j] = policyRotation.map { c[s + j * t] - $0[j] * r } ?? c[s + j * t] }
                out[s, k] = r
            }
            return out
        }

        /// The policy rate, then every series on its own scale, from one row of the VAR's variables.
        func observables(_ system: Matrix, row h: Int) -> [Double] {
            let k = factorCount
            return [system[h, k]]
                + series.indices.map { i in
                    var z = loadings[0][i]
                    for j in 0...k { z += loadings[j + 1][i] * system[h, j] }
                    return means[i] + standardDeviations[i] * z
                }
        }
    }

    /// A fitted VAR reading windows of `section.lags` rows of `variables`.
    public init(variables: [String], section: VARSection, training: Training) throws {
        format = Self.formatName
        formatVersion = 2
        engine = ModelEngine.version
        kind = .var
        input = InputSchema(columns: variables, window: section.lags)
        output = OutputSchema(names: variables, horizon: 1)
        self.training = training
        weights = nil
        linear = nil
        vectorAutoregression = section
        favar = nil
        try check()
    }

    /// A fitted FAVAR reading windows of `section.system.lags` rows of its series and policy rate.
    public init(favar section: FAVARSection, training: Training) throws {
        format = Self.formatName
        formatVersion = 2
        engine = ModelEngine.version
        kind = .favar
        input = InputSchema(columns: section.series + [section.policy], window: section.system.lags)
        output = OutputSchema(names: [section.policy] + section.series, horizon: 1)
        self.training = training
        weights = nil
        linear = nil
        vectorAutoregression = nil
        favar = section
        try check()
    }

    func checkAutoregression() throws {
        switch kind {
        case .var:
            guard let section = vectorAutoregression, favar == nil else {
                throw NeuralError("a var model holds its coefficients in 'var' (and no 'favar')")
            }
            try section.check(variables: input.columns.count)
            guard input.window == section.lags, output.names == input.columns, output.horizon == 1,
                section.parameterNames.count == section.coefficients.count
            else {
                throw NeuralError("a VAR reads windows of its lag order and predicts its own variables one period on")
            }
        default:
            guard let section = favar, vectorAutoregression == nil else {
                throw NeuralError("a favar model holds its factors, VAR and loadings in 'favar' (and no 'var')")
            }
            try section.check()
            guard input.columns == section.series + [section.policy], input.window == section.system.lags,
                output.names == [section.policy] + section.series, output.horizon == 1
            else {
                throw NeuralError(
                    "a FAVAR reads its series and then its policy rate, and predicts the policy rate and then the series"
                )
            }
        }
    }

    /// The VAR's variables as a matrix, one row per input row.
    private func autoregressionSystem(_ rows: [[Double]]) throws -> (Matrix, VARSection) {
        if let favar { return (try favar.system(rows), favar.system) }
        guard let section = vectorAutoregression else { throw NeuralError("a var model holds no coefficients") }
        return (try Matrix(rowMajor: rows), section)
    }

    private func predictions(_ system: Matrix, row h: Int) -> [Double] {
        favar?.observables(system, row: h) ?? (0..<system.columns).map { system[h, $0] }
    }

    /// From each window of `lags` rows, the next row: prediction `i` belongs to row `lags − 1 + i`
    /// and is for the row after it (for the rows after the first window, these are the fit's
    /// one-step predictions; the last is a forecast).
    func predictAutoregression(_ rows: [[Double]]) throws -> ModelPrediction {
        let (system, section) = try autoregressionSystem(rows)
        let p = section.lags
        guard rows.count >= p else {
            throw NeuralError("\(rows.count) rows are too few: the model reads windows of \(p) consecutive rows")
        }
        var values: [[Double]] = []
        values.reserveCapacity(rows.count - p + 1)
        for end in (p - 1)..<rows.count {
            let step = try section.forecast(system.rowSlice((end + 1 - p)..<(end + 1)), lastRow: end + 1, steps: 1)
            values.append(predictions(step, row: 0))
        }
        return ModelPrediction(values: values, firstRow: p - 1)
    }

    /// Forecasts 1…`steps` periods after the last of `rows` (consecutive periods, oldest first),
    /// as `var forecast` and `favar forecast` compute them from the end of the fit's sample.
    /// - Throws: `NeuralError` for a model that does not forecast (not a VAR or FAVAR), too few rows,
    ///   rows of the wrong width, or a value that is not finite.
    public func forecast(_ rows: [[Double]], steps: Int) throws -> ModelPrediction {
        guard kind.isAutoregression else {
            throw NeuralError(
                "a \(kind.rawValue) model predicts a fixed horizon; only var and favar models forecast steps")
        }
        guard (1...1_000).contains(steps) else { throw NeuralError("steps must be in 1…1000, got \(steps)") }
        try validate(rows)
        let (system, section) = try autoregressionSystem(rows)
        guard rows.count >= section.lags else {
            throw NeuralError(
                "\(rows.count) rows are too few: the model forecasts from the last \(section.lags) consecutive rows")
        }
        let path = try section.forecast(system, lastRow: rows.count, steps: steps)
        return ModelPrediction(
            values: (0..<steps).map { predictions(path, row: $0) }, firstRow: rows.count - 1, stepsAhead: true)
    }
}
