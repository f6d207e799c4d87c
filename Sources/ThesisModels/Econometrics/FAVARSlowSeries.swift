/// The eight groups of FRED-MD series (McCracken & Ng 2016, appendix; the `group` column of
/// FRED-MD_updated_appendix.csv). `table` (FAVARSlowSeriesTable.swift) is generated from that file.
public enum FREDMDGroup: Int, CaseIterable, Sendable {
    case outputAndIncome = 1
    case laborMarket = 2
    case housing = 3
    case consumptionOrdersInventories = 4
    case moneyAndCredit = 5
    case interestAndExchangeRates = 6
    case prices = 7
    case stockMarket = 8

    /// The group of a FRED-MD mnemonic, nil for a name the table does not know.
    public static func of(_ mnemonic: String) -> FREDMDGroup? { table[mnemonic] }
}

/// BBE's split of the panel into slow- and fast-moving series, for the FAVAR rotation.
///
/// BBE (2005, appendix) mark as slow — predetermined with respect to the policy shock within the
/// month — real output and income, employment and hours, consumption, price indexes and average
/// hourly earnings; fast are housing starts and sales, inventories, orders and unfilled orders,
/// stock prices, exchange rates, interest rates, money and credit aggregates, and consumer
/// expectations. Mapped onto FRED-MD's groups:
///
/// - slow: group 1 (output and income), 2 (labor market, incl. earnings), 7 (prices), and of group 4
///   the consumption and sales series `DPCERA3M086SBEA`, `CMRMTSPLx`, `RETAILx`;
/// - fast: groups 3 (housing), 5 (money and credit), 6 (interest and exchange rates), 8 (stock
///   market) and the rest of group 4 (orders, unfilled orders, inventories, the inventories/sales
///   ratio, consumer sentiment).
///
/// A name the table does not know is treated as fast (it is then not assumed predetermined).
public enum FAVARSlowSeries {
    /// The group-4 series BBE count as consumption (slow).
    public static let slowConsumptionSeries: Set<String> = ["DPCERA3M086SBEA", "CMRMTSPLx", "RETAILx"]

    /// Whether `mnemonic` is slow-moving under the default rule; nil when the table does not know it.
    public static func isSlow(_ mnemonic: String) -> Bool? {
        guard let group = FREDMDGroup.of(mnemonic) else { return nil }
        switch group {
        case .outputAndIncome, .laborMarket, .prices: return true
        case .consumptionOrdersInventories: return slowConsumptionSeries.contains(mnemonic)
        case .housing, .moneyAndCredit, .interestAndExchangeRates, .stockMarket: return false
        }
    }

    /// The slow series among `names` (in their order) under the default rule; unknown names are fast.
    public static func defaultRule(_ names: [String]) -> [String] {
        names.filter { isSlow($0) == true }
    }
}
