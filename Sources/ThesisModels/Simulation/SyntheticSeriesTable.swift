/// One observed series of the synthetic panel: its FRED-MD identity and every parameter of its
/// measurement equation (see `SyntheticFREDMD` for the equation and the meaning of each field).
public struct SyntheticSeriesSpec: Hashable, Sendable {
    /// The mnemonic written in the header (real FRED-MD names for the series chapters cite;
    /// `OUT01`, `LAB01`, … for generic ones).
    public let name: String
    /// FRED-MD group: 1 output and income, 2 labour market, 3 housing, 4 consumption, orders and
    /// inventories, 5 money and credit, 6 interest and exchange rates, 7 prices, 8 stock market.
    public let group: Int
    /// FRED-MD transformation code (1, 2, 4, 5, 6 or 7) written in the `Transform:` row.
    public let code: Int
    /// Slow-moving (BBE): does not load on R_t, so it does not move on impact of a policy shock.
    public let isSlow: Bool
    /// Mean μ_i of the transformed series x_it.
    public let mean: Double
    /// Standard deviation σ_i of x_it (common plus idiosyncratic).
    public let standardDeviation: Double
    /// Share of Var(x_it) due to the common component (the population R² on [F; R]).
    public let commonShare: Double
    /// ρ_i of the idiosyncratic AR(1) e_it = ρ_i e_{i,t−1} + √(1−ρ_i²) η_it.
    public let idiosyncraticAR: Double
    /// Weights on the five signals (activity F1, nominal F2, anchor F3, rate level R − μ_R, rate
    /// surprise U), before the common component is scaled to its variance share.
    public let activity: Double, nominal: Double, anchor: Double, rateLevel: Double, rateSurprise: Double
    /// Code 2: the sample mean of the raw level; codes 5, 6, 7: the first raw value; else nil.
    public let level: Double?
    /// Codes 6 and 7: the middle of the sample range of the one-period growth rate (inflation
    /// for prices).
    public let growth: Double?
    /// Code 2: the smallest raw level allowed (the level path is raised if needed), or nil.
    public let floor: Double?

    init(_ name: String, _ group: Int, _ code: Int, slow: Bool, mean: Double = 0, sd: Double, r2: Double,
         ar: Double = 0, a: Double = 0, n: Double = 0, f: Double = 0, r: Double = 0, u: Double = 0,
         level: Double? = nil, growth: Double? = nil, floor: Double? = nil) {
        self.name = name
        self.group = group
        self.code = code
        self.isSlow = slow
        self.mean = mean
        self.standardDeviation = sd
        self.commonShare = r2
        self.idiosyncraticAR = ar
        self.activity = a
        self.nominal = n
        self.anchor = f
        self.rateLevel = r
        self.rateSurprise = u
        self.level = level
        self.growth = growth
        self.floor = floor
    }
}

extension SyntheticFREDMD {
    /// The observed series, in the column order of the file (FRED-MD's order of groups:
    /// 1, 2, 3, 4, 5, 8, 6, 7; `FEDFUNDS` is written between the stock-market and the rate series
    /// but is not in this table: its raw value is R_t itself).
    ///
    /// Columns: name, group, code, speed; `mean` and `sd` of the transformed series; `r2` the
    /// common share; `ar` the idiosyncratic AR(1) coefficient; signal weights a (F1), n (F2),
    /// f (F3), r (R − μ_R), u (U = R − μ_R − F3); `level`/`growth`/`floor` fix the raw levels.
    ///
    /// Scales of the integrated series (codes 2, 6, 7) are chosen so that the random-walk part
    /// of their levels stays plausible over 60 years; for Δ² ln series this is about a tenth of the
    /// real FRED-MD standard deviation, because an AR(1) idiosyncratic term cannot reproduce the
    /// near-unit moving-average root of real doubly differenced prices.
    public static let series: [SyntheticSeriesSpec] = {
        typealias S = SyntheticSeriesSpec
        let slow = true, fast = false
        return [
            // MARK: 1 Output and income (slow)
            S("RPI", 1, 5, slow: slow, mean: 0.0026, sd: 0.0060, r2: 0.45, a: 1, level: 2442.158),
            S("W875RX1", 1, 5, slow: slow, mean: 0.0025, sd: 0.0055, r2: 0.55, a: 1, level: 2293.2),
            S("INDPRO", 1, 5, slow: slow, mean: 0.0022, sd: 0.0075, r2: 0.85, a: 1, level: 21.9665),
            S("IPFPNSS", 1, 5, slow: slow, mean: 0.0022, sd: 0.0070, r2: 0.80, a: 1, level: 23.3891),
            S("IPFINAL", 1, 5, slow: slow, mean: 0.0022, sd: 0.0075, r2: 0.78, a: 1, level: 22.2688),
            S("IPCONGD", 1, 5, slow: slow, mean: 0.0019, sd: 0.0075, r2: 0.55, a: 1, level: 31.7011),
            S("IPDCONGD", 1, 5, slow: slow, mean: 0.0025, sd: 0.0200, r2: 0.40, a: 1, level: 19.0149),
            S("IPNCONGD", 1, 5, slow: slow, mean: 0.0016, sd: 0.0065, r2: 0.25, a: 1, level: 38.1501),
            S("IPBUSEQ", 1, 5, slow: slow, mean: 0.0035, sd: 0.0110, r2: 0.55, a: 1, level: 8.0434),
            S("IPMAT", 1, 5, slow: slow, mean: 0.0022, sd: 0.0090, r2: 0.75, a: 1, level: 20.0387),
            S("IPMANSICS", 1, 5, slow: slow, mean: 0.0024, sd: 0.0085, r2: 0.82, a: 1, level: 20.8382),
            S("CUMFNS", 1, 2, slow: slow, sd: 0.30, r2: 0.30, ar: -0.30, a: 1, level: 77.0, floor: 55),
            S("OUT01", 1, 5, slow: slow, mean: 0.0020, sd: 0.0090, r2: 0.60, a: 1, level: 50.0),
            S("OUT02", 1, 5, slow: slow, mean: 0.0024, sd: 0.0100, r2: 0.50, a: 1, level: 80.0),
            S("OUT03", 1, 5, slow: slow, mean: 0.0018, sd: 0.0090, r2: 0.40, ar: 0.10, a: 1, level: 35.0),
            S("OUT04", 1, 5, slow: slow, mean: 0.0021, sd: 0.0120, r2: 0.30, ar: -0.10, a: 1, level: 60.0),

            // MARK: 2 Labour market (slow)
            S("CLF16OV", 2, 5, slow: slow, mean: 0.0013, sd: 0.0025, r2: 0.15, ar: -0.10, a: 1, level: 67936),
            S("CE16OV", 2, 5, slow: slow, mean: 0.0013, sd: 0.0030, r2: 0.45, a: 1, level: 63868),
            S("UNRATE", 2, 2, slow: slow, sd: 0.15, r2: 0.30, ar: -0.30, a: -1, level: 6.0, floor: 3.0),
            S("UEMPMEAN", 2, 2, slow: slow, sd: 0.45, r2: 0.10, ar: -0.30, a: -1, level: 16.0, floor: 6.0),
            S("CLAIMSx", 2, 5, slow: slow, sd: 0.045, r2: 0.30, ar: -0.20, a: -1, level: 291078),
            S("PAYEMS", 2, 5, slow: slow, mean: 0.0015, sd: 0.0022, r2: 0.75, ar: 0.10, a: 1, level: 52478),
            S("USGOOD", 2, 5, slow: slow, mean: 0.0005, sd: 0.0060, r2: 0.80, a: 1, level: 18796),
            S("MANEMP", 2, 5, slow: slow, mean: 0.0000, sd: 0.0055, r2: 0.75, a: 1, level: 14998),
            S("SRVPRD", 2, 5, slow: slow, mean: 0.0019, sd: 0.0018, r2: 0.55, ar: 0.10, a: 1, level: 33682),
            S("USCONS", 2, 5, slow: slow, mean: 0.0014, sd: 0.0090, r2: 0.45, a: 1, level: 2993),
            S("USTRADE", 2, 5, slow: slow, mean: 0.0015, sd: 0.0025, r2: 0.50, a: 1, level: 5350.3),
            S("USGOVT", 2, 5, slow: slow, mean: 0.0015, sd: 0.0025, r2: 0.10, ar: 0.20, a: 1, level: 8083),
            S("AWHMAN", 2, 1, slow: slow, mean: 40.6, sd: 0.45, r2: 0.45, ar: 0.90, a: 1),
            S("AWOTMAN", 2, 2, slow: slow, sd: 0.10, r2: 0.35, ar: -0.20, a: 1, level: 3.6, floor: 1.5),
            S("CES0600000008", 2, 6, slow: slow, sd: 0.00020, r2: 0.40, ar: -0.50, a: 0.2, n: 0.6,
              level: 2.11, growth: 0.0033),
            S("LAB01", 2, 5, slow: slow, mean: 0.0012, sd: 0.0030, r2: 0.70, a: 1, level: 1000),
            S("LAB02", 2, 5, slow: slow, mean: 0.0010, sd: 0.0040, r2: 0.65, a: 1, level: 2500),
            S("LAB03", 2, 5, slow: slow, mean: 0.0016, sd: 0.0035, r2: 0.60, ar: 0.10, a: 1, level: 4000),
            S("LAB04", 2, 5, slow: slow, mean: 0.0008, sd: 0.0050, r2: 0.55, a: 1, level: 700),
            S("LAB05", 2, 5, slow: slow, mean: 0.0014, sd: 0.0040, r2: 0.50, a: 1, level: 1500),
            S("LAB06", 2, 5, slow: slow, mean: 0.0011, sd: 0.0045, r2: 0.45, ar: 0.10, a: 1, level: 3000),
            S("LAB07", 2, 5, slow: slow, mean: 0.0013, sd: 0.0030, r2: 0.40, a: 1, level: 5200),
            S("LAB08", 2, 5, slow: slow, mean: 0.0017, sd: 0.0025, r2: 0.35, a: 1, level: 2200),
            S("LAB09", 2, 5, slow: slow, mean: 0.0009, sd: 0.0060, r2: 0.30, ar: -0.10, a: 1, level: 900),
            S("LAB10", 2, 5, slow: slow, mean: 0.0012, sd: 0.0050, r2: 0.25, a: 1, level: 1200),
            S("LAB11", 2, 2, slow: slow, sd: 0.30, r2: 0.20, ar: -0.30, a: -1, level: 9.0, floor: 3.0),
            S("LAB12", 2, 2, slow: slow, sd: 0.25, r2: 0.15, ar: -0.30, a: -1, level: 7.5, floor: 2.5),
            S("LAB13", 2, 5, slow: slow, sd: 0.030, r2: 0.20, ar: -0.20, a: -1, level: 1300),

            // MARK: 3 Housing (fast; log levels)
            S("HOUST", 3, 4, slow: fast, mean: 7.31, sd: 0.25, r2: 0.60, ar: 0.93, a: 0.3, r: -1),
            S("HOUSTNE", 3, 4, slow: fast, mean: 5.01, sd: 0.30, r2: 0.40, ar: 0.93, a: 0.3, r: -1),
            S("HOUSTMW", 3, 4, slow: fast, mean: 5.80, sd: 0.30, r2: 0.45, ar: 0.93, a: 0.3, r: -1),
            S("HOUSTS", 3, 4, slow: fast, mean: 6.48, sd: 0.25, r2: 0.55, ar: 0.93, a: 0.3, r: -1),
            S("HOUSTW", 3, 4, slow: fast, mean: 5.86, sd: 0.28, r2: 0.50, ar: 0.93, a: 0.3, r: -1),
            S("PERMIT", 3, 4, slow: fast, mean: 7.21, sd: 0.25, r2: 0.62, ar: 0.93, a: 0.3, r: -1),
            S("HOU01", 3, 4, slow: fast, mean: 4.90, sd: 0.30, r2: 0.40, ar: 0.93, a: 0.3, r: -1),
            S("HOU02", 3, 4, slow: fast, mean: 5.70, sd: 0.30, r2: 0.45, ar: 0.93, a: 0.3, r: -1),
            S("HOU03", 3, 4, slow: fast, mean: 6.40, sd: 0.25, r2: 0.55, ar: 0.93, a: 0.3, r: -1),
            S("HOU04", 3, 4, slow: fast, mean: 5.80, sd: 0.28, r2: 0.50, ar: 0.93, a: 0.3, r: -1),

            // MARK: 4 Consumption, orders and inventories
            S("DPCERA3M086SBEA", 4, 5, slow: slow, mean: 0.0028, sd: 0.0050, r2: 0.40, a: 1, level: 17.272),
            S("CMRMTSPLx", 4, 5, slow: slow, mean: 0.0025, sd: 0.0080, r2: 0.55, a: 1, level: 292266.4261),
            S("RETAILx", 4, 5, slow: slow, mean: 0.0045, sd: 0.0090, r2: 0.40, a: 1, n: 0.1, level: 18235.77392),
            S("AMDMNOx", 4, 5, slow: fast, mean: 0.0035, sd: 0.0250, r2: 0.45, ar: -0.20, a: 1,
              level: 40000),
            S("ANDENOx", 4, 5, slow: fast, mean: 0.0035, sd: 0.0350, r2: 0.30, ar: -0.30, a: 1,
              level: 18000),
            S("AMDMUOx", 4, 5, slow: fast, mean: 0.0040, sd: 0.0080, r2: 0.35, ar: 0.30, a: 1,
              level: 140000),
            S("BUSINVx", 4, 5, slow: fast, mean: 0.0045, sd: 0.0040, r2: 0.35, ar: 0.30, a: 0.8, level: 85000),
            S("ISRATIOx", 4, 2, slow: fast, sd: 0.015, r2: 0.25, ar: -0.20, a: -1, level: 1.45, floor: 1.15),
            S("UMCSENTx", 4, 2, slow: fast, sd: 2.5, r2: 0.15, ar: -0.20, a: 1, level: 85, floor: 50),
            S("CON01", 4, 5, slow: fast, mean: 0.0030, sd: 0.0100, r2: 0.40, a: 1, level: 500),

            // MARK: 5 Money and credit (fast)
            S("M1SL", 5, 6, slow: fast, sd: 0.00040, r2: 0.30, ar: -0.60, a: 0.3, n: 0.5, level: 138.9, growth: 0.0045),
            S("M2SL", 5, 6, slow: fast, sd: 0.00025, r2: 0.35, ar: -0.60, a: 0.3, n: 0.5, level: 286.6, growth: 0.0055),
            S("M2REAL", 5, 5, slow: fast, mean: 0.0025, sd: 0.0040, r2: 0.30, ar: 0.20, a: 0.5, n: -0.5, level: 274.9),
            S("BOGMBASE", 5, 6, slow: fast, sd: 0.00035, r2: 0.25, ar: -0.60, a: 0.2, n: 0.4, level: 40.0,
              growth: 0.0060),
            S("TOTRESNS", 5, 6, slow: fast, sd: 0.00060, r2: 0.20, ar: -0.60, a: 0.2, n: 0.3, level: 11.2, growth: 0.0065),
            S("NONBORRES", 5, 7, slow: fast, sd: 0.00030, r2: 0.20, ar: -0.60, a: 0.3, n: 0.3, level: 10.9, growth: 0.0065),
            S("BUSLOANS", 5, 6, slow: fast, sd: 0.00030, r2: 0.30, ar: -0.50, a: 0.6, n: 0.2, level: 35.8,
              growth: 0.0057),
            S("REALLN", 5, 6, slow: fast, sd: 0.00025, r2: 0.25, ar: -0.50, a: 0.5, n: 0.2, level: 51.0,
              growth: 0.0061),
            S("NONREVSL", 5, 6, slow: fast, sd: 0.00030, r2: 0.25, ar: -0.50, a: 0.5, n: 0.2, level: 10.7,
              growth: 0.0070),
            S("CONSPI", 5, 2, slow: fast, sd: 0.0008, r2: 0.20, ar: -0.20, a: 0.5, level: 0.14, floor: 0.06),
            S("MON01", 5, 6, slow: fast, sd: 0.00030, r2: 0.30, ar: -0.60, a: 0.3, n: 0.5, level: 100, growth: 0.0050),
            S("MON02", 5, 6, slow: fast, sd: 0.00030, r2: 0.25, ar: -0.50, a: 0.5, n: 0.2, level: 100,
              growth: 0.0050),
            S("MON03", 5, 7, slow: fast, sd: 0.00030, r2: 0.20, ar: -0.60, a: 0.3, n: 0.3, level: 50, growth: 0.0040),
            S("MON04", 5, 5, slow: fast, mean: 0.0040, sd: 0.0060, r2: 0.25, ar: 0.20, a: 0.5, n: -0.3, level: 100),

            // MARK: 8 Stock market (fast)
            S("S&P 500", 8, 5, slow: fast, mean: 0.0045, sd: 0.035, r2: 0.30, a: 0.5, u: -0.6, level: 57.46),
            S("S&P: indust", 8, 5, slow: fast, mean: 0.0046, sd: 0.036, r2: 0.30, a: 0.5, u: -0.6, level: 60.74),
            S("S&P div yield", 8, 2, slow: fast, sd: 0.12, r2: 0.25, a: -0.3, u: 0.6, level: 3.0, floor: 1.1),
            S("S&P PE ratio", 8, 5, slow: fast, mean: 0.0004, sd: 0.035, r2: 0.20, a: 0.3, u: -0.5, level: 18.3),
            S("VIXCLSx", 8, 1, slow: fast, mean: 19.5, sd: 5.0, r2: 0.35, ar: 0.85, a: -0.6, r: 0.3),

            // MARK: 6 Interest and exchange rates (fast; FEDFUNDS is written before these)
            S("CP3Mx", 6, 2, slow: fast, sd: 0.25, r2: 0.85, ar: 0.10, a: 0.1, u: 1, level: 5.2, floor: 0.1),
            S("TB3MS", 6, 2, slow: fast, sd: 0.22, r2: 0.85, ar: 0.10, a: 0.1, u: 1, level: 4.6, floor: 0.05),
            S("TB6MS", 6, 2, slow: fast, sd: 0.21, r2: 0.85, ar: 0.10, a: 0.1, u: 1, level: 4.8, floor: 0.05),
            S("GS1", 6, 2, slow: fast, sd: 0.22, r2: 0.80, ar: 0.10, a: 0.1, u: 1, level: 5.2, floor: 0.1),
            S("GS5", 6, 2, slow: fast, sd: 0.22, r2: 0.65, ar: 0.10, a: 0.1, u: 1, level: 6.0, floor: 0.3),
            S("GS10", 6, 2, slow: fast, sd: 0.21, r2: 0.55, ar: 0.10, a: 0.1, u: 1, level: 6.3, floor: 0.6),
            S("AAA", 6, 2, slow: fast, sd: 0.17, r2: 0.50, ar: 0.10, a: 0.1, u: 1, level: 7.3, floor: 2.0),
            S("BAA", 6, 2, slow: fast, sd: 0.18, r2: 0.50, ar: 0.10, a: 0.1, u: 1, level: 8.3, floor: 3.0),
            S("COMPAPFFx", 6, 1, slow: fast, mean: 0.20, sd: 0.40, r2: 0.50, ar: 0.85, r: -1),
            S("TB3SMFFM", 6, 1, slow: fast, mean: -0.40, sd: 0.50, r2: 0.55, ar: 0.85, r: -1),
            S("TB6SMFFM", 6, 1, slow: fast, mean: -0.20, sd: 0.50, r2: 0.55, ar: 0.85, r: -1),
            S("T1YFFM", 6, 1, slow: fast, mean: 0.20, sd: 0.60, r2: 0.55, ar: 0.85, r: -1),
            S("T5YFFM", 6, 1, slow: fast, mean: 0.80, sd: 1.00, r2: 0.60, ar: 0.85, r: -1),
            S("T10YFFM", 6, 1, slow: fast, mean: 1.20, sd: 1.20, r2: 0.60, ar: 0.85, r: -1),
            S("AAAFFM", 6, 1, slow: fast, mean: 2.10, sd: 1.40, r2: 0.60, ar: 0.85, r: -1),
            S("BAAFFM", 6, 1, slow: fast, mean: 3.00, sd: 1.50, r2: 0.60, ar: 0.85, a: -0.2, r: -1),
            S("TWEXAFEGSMTHx", 6, 5, slow: fast, sd: 0.015, r2: 0.25, ar: 0.10, u: 1, level: 100.0),
            S("EXSZUSx", 6, 5, slow: fast, mean: -0.0020, sd: 0.030, r2: 0.15, ar: 0.05, u: 1, level: 4.3122),
            S("EXJPUSx", 6, 5, slow: fast, mean: -0.0016, sd: 0.030, r2: 0.20, ar: 0.05, u: 1, level: 358.5),
            S("EXUSUKx", 6, 5, slow: fast, mean: -0.0011, sd: 0.025, r2: 0.15, ar: 0.05, u: -1, level: 2.8),
            S("EXCAUSx", 6, 5, slow: fast, mean: 0.0004, sd: 0.015, r2: 0.15, ar: 0.05, u: 1, level: 0.9465),

            // MARK: 7 Prices (slow; Δ² ln)
            S("WPSFD49207", 7, 6, slow: slow, sd: 0.00025, r2: 0.55, ar: -0.50, a: 0.1, n: 1, level: 33.1,
              growth: 0.0028),
            S("WPSFD49502", 7, 6, slow: slow, sd: 0.00025, r2: 0.50, ar: -0.50, a: 0.1, n: 1, level: 33.4,
              growth: 0.0028),
            S("WPSID61", 7, 6, slow: slow, sd: 0.00030, r2: 0.50, ar: -0.50, a: 0.2, n: 1, level: 32.0,
              growth: 0.0028),
            S("WPSID62", 7, 6, slow: slow, sd: 0.00060, r2: 0.30, ar: -0.50, a: 0.3, n: 1, level: 26.0,
              growth: 0.0027),
            S("OILPRICEx", 7, 6, slow: slow, sd: 0.00080, r2: 0.20, ar: -0.50, a: 0.4, n: 0.6, level: 3.0,
              growth: 0.0040),
            S("PPICMM", 7, 6, slow: slow, sd: 0.00060, r2: 0.30, ar: -0.50, a: 0.4, n: 1, level: 30.0,
              growth: 0.0027),
            S("CPIAUCSL", 7, 6, slow: slow, sd: 0.00015, r2: 0.70, ar: -0.50, a: 0.1, n: 1, level: 29.01,
              growth: 0.0030),
            S("CPIAPPSL", 7, 6, slow: slow, sd: 0.00030, r2: 0.30, ar: -0.50, n: 1, level: 44.6, growth: 0.0015),
            S("CPITRNSL", 7, 6, slow: slow, sd: 0.00035, r2: 0.45, ar: -0.50, a: 0.2, n: 1, level: 30.3,
              growth: 0.0029),
            S("CPIMEDSL", 7, 6, slow: slow, sd: 0.00015, r2: 0.35, ar: -0.50, n: 1, level: 21.4, growth: 0.0045),
            S("CUSR0000SAC", 7, 6, slow: slow, sd: 0.00020, r2: 0.55, ar: -0.50, a: 0.1, n: 1, level: 33.2,
              growth: 0.0026),
            S("CUSR0000SAD", 7, 6, slow: slow, sd: 0.00020, r2: 0.40, ar: -0.50, n: 1, level: 44.0, growth: 0.0017),
            S("CUSR0000SAS", 7, 6, slow: slow, sd: 0.00015, r2: 0.55, ar: -0.50, n: 1, level: 23.2, growth: 0.0035),
            S("CPIULFSL", 7, 6, slow: slow, sd: 0.00015, r2: 0.65, ar: -0.50, a: 0.1, n: 1, level: 29.3,
              growth: 0.0030),
            S("PCEPI", 7, 6, slow: slow, sd: 0.00012, r2: 0.70, ar: -0.50, a: 0.1, n: 1, level: 16.07,
              growth: 0.0026),
            S("DDURRG3M086SBEA", 7, 6, slow: slow, sd: 0.00020, r2: 0.35, ar: -0.50, n: 1, level: 33.9,
              growth: 0.0008),
            S("DNDGRG3M086SBEA", 7, 6, slow: slow, sd: 0.00025, r2: 0.50, ar: -0.50, a: 0.1, n: 1, level: 18.0,
              growth: 0.0026),
            S("DSERRG3M086SBEA", 7, 6, slow: slow, sd: 0.00012, r2: 0.50, ar: -0.50, n: 1, level: 10.8,
              growth: 0.0035),
            S("PRC01", 7, 6, slow: slow, sd: 0.00020, r2: 0.50, ar: -0.50, n: 1, level: 25.0, growth: 0.0030),
            S("PRC02", 7, 6, slow: slow, sd: 0.00020, r2: 0.45, ar: -0.50, n: 1, level: 40.0, growth: 0.0028),
        ]
    }()
}
