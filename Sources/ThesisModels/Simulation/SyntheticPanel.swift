import ThesisLinearAlgebra

/// A generated synthetic FRED-MD panel: the file text, what it contains, and the truth behind it.
public struct SyntheticPanel: Sendable {
    /// A calendar month.
    public struct Period: Hashable, Sendable, CustomStringConvertible {
        public let year: Int
        public let month: Int
        public init(year: Int, month: Int) {
            self.year = year
            self.month = month
        }
        /// `YYYY-MM`.
        public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
        /// FRED-MD's `sasdate`, `M/1/YYYY`.
        public var sasdate: String { "\(month)/1/\(year)" }
    }

    /// A deliberate outlier: the raw value of `series` in row `row` was multiplied by e^shift (log
    /// codes) or shifted by `shift` (codes 1, 2), so the transformed values of rows
    /// `row … row + lostPeriods` differ from `truth.transformed`.
    public struct Outlier: Hashable, Sendable {
        public let series: String
        public let row: Int
        public let period: Period
        public let shift: Double
    }

    /// The seed the panel was generated with.
    public let seed: UInt64
    /// The file, FRED-MD format: `sasdate,NAME,…` / `Transform:,codes…` / `M/1/YYYY,values…`,
    /// CRLF line ends, missing values as empty fields, numbers with 8 significant digits.
    public let csv: String
    /// Column names in file order (including `FEDFUNDS`).
    public let names: [String]
    /// Transformation codes in file order (FEDFUNDS: 2, as in FRED-MD).
    public let codes: [Int]
    /// FRED-MD groups (1-8) in file order (FEDFUNDS: 6).
    public let groups: [Int]
    /// The rows' months.
    public let periods: [Period]
    /// The raw columns exactly as written (the 8-digit values; NaN where the file is empty).
    public let values: [[Double]]
    /// The slow-moving series (BBE): real activity, employment, consumption, prices, wages.
    public let slowSeries: [String]
    /// Series whose history starts late (empty first rows).
    public let lateStarts: [String: Int]
    /// Series with a ragged edge: the number of empty final rows.
    public let raggedEdge: [String: Int]
    /// The deliberate outliers.
    public let outliers: [Outlier]
    /// The data-generating process and its true responses.
    public let truth: SyntheticTruth

    /// The column of `name` (raw, as written), or nil.
    public func column(_ name: String) -> [Double]? {
        names.firstIndex(of: name).map { values[$0] }
    }
}

/// What generated a `SyntheticPanel`: the state VAR, the loadings, the simulated factors and
/// the true responses to a 25 bp policy shock.
public struct SyntheticTruth: Sendable {
    /// K = 3: the number of latent factors (the state also holds the policy rate R).
    public let factorCount: Int
    /// The state VAR of s_t = [F1, F2, F3, R].
    public let system: SyntheticVAR
    /// The size of the policy shock on impact on R, in percentage points (0.25).
    public let shockSize: Double
    /// Horizons 0 … `horizons` (60).
    public let horizons: Int
    /// Responses of s_t = [F1, F2, F3, R] to the policy shock: `stateResponses[h][j]`.
    public let stateResponses: [[Double]]
    /// The observed series (the file's columns without FEDFUNDS), in file order.
    public let names: [String]
    /// Their transformation codes.
    public let codes: [Int]
    /// The true loadings λ_i on s_t − μ: `loadings[i] = [λ_F1, λ_F2, λ_F3, λ_R]`, so that
    /// x_it = μ_i + λ_i'(s_t − μ) + e_it on the transformed scale.
    public let loadings: [[Double]]
    /// μ_i, the mean of each transformed series.
    public let means: [Double]
    /// The scale of each idiosyncratic component: σ_i √(1 − R²_i).
    public let idiosyncraticScales: [Double]
    /// The idiosyncratic AR(1) coefficients.
    public let idiosyncraticAR: [Double]
    /// True responses of every observed series on its transformed scale to the policy shock,
    /// `responses[i][h] = λ_i' · stateResponses[h]`. Zero at h = 0 for slow series.
    public let responses: [[Double]]
    /// The simulated factors F1, F2, F3 (`factors[j][t]`, one array per factor).
    public let factors: [[Double]]
    /// The simulated policy rate R_t (percent): the FEDFUNDS column before rounding.
    public let policyRate: [Double]
    /// The simulated transformed series x_it without outliers (`transformed[i][t]`); the file's
    /// raw values reproduce them for t ≥ the code's lost periods, up to the 8-digit rounding.
    public let transformed: [[Double]]

    /// The index of an observed series.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The true response of `name` on its transformed scale (h = 0 … horizons); FEDFUNDS gives
    /// the response of R (its level, not its first difference).
    public func response(of name: String) -> [Double]? {
        if name == system.names.last { return stateResponses.map { $0[$0.count - 1] } }
        return index(of: name).map { responses[$0] }
    }

    /// The loadings as an N × 4 matrix.
    public var loadingMatrix: Matrix { try! Matrix(rowMajor: loadings) }
}
