import Foundation
import ThesisDocument

/// A promotion decision as the registry recorded it: who, what, when and why.
public struct PromotionRecord: Sendable, Hashable {
    public var at: String
    public var name: String
    /// `promoted` or `refused`.
    public var decision: String
    public var challengerVersion: Int
    public var challengerModel: String
    public var championVersion: Int?
    public var championModel: String?
    public var rule: String
    public var reason: String
    /// Who ran the build (git's user.name and user.email, else the login name).
    public var who: String
    /// The directive that decided, `[model promote] at FILE:LINE:COLUMN`.
    public var source: String
    public var challengerMetrics: [String: Double]
    public var championMetrics: [String: Double]
}

/// What applying a promotion changed.
public struct AppliedPromotion: Sendable, Hashable {
    public var challengerVersion: Int
    public var championVersion: Int?
    /// The champion alias moved in this build (false when it already pointed at the challenger,
    /// or the promotion was refused).
    public var moved: Bool
    /// The decision was recorded in this build (false: the same decision was recorded before).
    public var recorded: Bool
}

/// Promotions (history schema version 4): `promotions(id, at, name, decision, challenger_version,
/// challenger_model, champion_version, champion_model, rule, reason, who, source, metrics)`, one
/// row per decision, beside the `registry_events` of the aliases it moved.
extension ResultStore {
    static let promotionsMigration = """
        CREATE TABLE IF NOT EXISTS history.promotions(
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, name TEXT NOT NULL, decision TEXT NOT NULL,
            challenger_version INTEGER NOT NULL, challenger_model TEXT NOT NULL,
            champion_version INTEGER, champion_model TEXT, rule TEXT NOT NULL, reason TEXT NOT NULL,
            who TEXT NOT NULL, source TEXT NOT NULL, metrics TEXT NOT NULL);
        """

    /// Applies a `model promote` decision in one transaction: the champion it was compared with
    /// and the challenger become versions of the name (if they are not yet), `challenger` points
    /// at the challenger, and a promotion moves `champion` to it. Every alias that moves is a
    /// registry event giving the reason and who; the decision is a row of `promotions`, written
    /// once per decision (again only when the champion alias had to move back).
    public func apply(_ promotion: Promotion, source: String, who: String) throws -> AppliedPromotion {
        try Self.checkName(promotion.name, what: "model name")
        return try withDatabase { database in
            try database.transaction {
                let name = promotion.name
                var championVersion: Int?
                if let champion = promotion.championID {
                    championVersion = try Self.registerVersion(database, id: champion, name: name, source: source).version
                    if try Self.aliasVersion(database, "champion", of: name) == nil, let version = championVersion {
                        try Self.moveAlias(
                            database, "champion", of: name, to: version, action: "alias",
                            reason: "the champion \(source) compared the challenger with (by \(who))")
                    }
                }
                let challenger = try Self.registerVersion(
                    database, id: promotion.challengerID, name: name, source: source
                ).version
                try Self.moveAlias(
                    database, "challenger", of: name, to: challenger, action: "alias", reason: "\(source) (by \(who))")
                var moved = false
                if promotion.promoted {
                    moved = try Self.moveAlias(
                        database, "champion", of: name, to: challenger, action: "promote",
                        reason: "\(promotion.reason) (rule \(promotion.rule); \(source), by \(who))")
                }
                let decision = promotion.promoted ? "promoted" : "refused"
                let seen = !(try database.query(
                    """
                    SELECT 1 FROM history.promotions WHERE name = ? AND decision = ? AND challenger_model = ?
                    AND champion_model IS ? AND rule = ?
                    """,
                    [
                        .text(name), .text(decision), .text(promotion.challengerID),
                        promotion.championID.map { .text($0) } ?? .null, .text(promotion.rule),
                    ]
                ).isEmpty)
                let record = moved || !seen
                if record {
                    let metrics = try CanonicalJSON.encode([
                        "challenger": promotion.challengerMetrics, "champion": promotion.championMetrics,
                    ])
                    try database.query(
                        """
                        INSERT INTO history.promotions(at, name, decision, challenger_version, challenger_model,
                        champion_version, champion_model, rule, reason, who, source, metrics)
                        VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            .text(Self.now()), .text(name), .text(decision), .integer(Int64(challenger)),
                            .text(promotion.challengerID), championVersion.map { .integer(Int64($0)) } ?? .null,
                            promotion.championID.map { .text($0) } ?? .null, .text(promotion.rule),
                            .text(promotion.reason), .text(who), .text(source), .text(String(decoding: metrics, as: UTF8.self)),
                        ])
                    if !promotion.promoted {
                        try Self.logEvent(
                            database, name: name, action: "refuse", version: challenger, alias: "champion",
                            reason: "\(promotion.reason) (rule \(promotion.rule); \(source), by \(who))")
                    }
                }
                return AppliedPromotion(
                    challengerVersion: challenger, championVersion: championVersion, moved: moved, recorded: record)
            }
        }
    }

    /// The champion a model displaced when it was promoted over it (nil: it was the first, or it
    /// was never promoted). A promotion that is already in force is judged again against that
    /// model, so rebuilding after a promotion gives the same decision and the same report.
    public func displacedChampion(of name: String, by modelID: String) throws -> String? {
        try withDatabase { database in
            try database.query(
                """
                SELECT champion_model FROM history.promotions WHERE name = ? AND challenger_model = ?
                AND decision = 'promoted' ORDER BY id DESC LIMIT 1
                """,
                [.text(name), .text(modelID)]
            ).first?.first?.text
        }
    }

    /// Every recorded promotion decision, oldest first, optionally for one name.
    public func promotions(name: String? = nil) throws -> [PromotionRecord] {
        try withDatabase { database in
            try database.query(
                """
                SELECT at, name, decision, challenger_version, challenger_model, champion_version, champion_model,
                rule, reason, who, source, metrics FROM history.promotions WHERE (? IS NULL OR name = ?) ORDER BY id
                """,
                [name.map { .text($0) } ?? .null, name.map { .text($0) } ?? .null]
            ).map { row in
                let metrics = row[11].text.flatMap { try? CanonicalJSON.decode([String: [String: Double]].self, from: Data($0.utf8)) }
                return PromotionRecord(
                    at: row[0].text ?? "", name: row[1].text ?? "", decision: row[2].text ?? "",
                    challengerVersion: Int(row[3].integer ?? 0), challengerModel: row[4].text ?? "",
                    championVersion: row[5].integer.map(Int.init), championModel: row[6].text, rule: row[7].text ?? "",
                    reason: row[8].text ?? "", who: row[9].text ?? "", source: row[10].text ?? "",
                    challengerMetrics: metrics?["challenger"] ?? [:], championMetrics: metrics?["champion"] ?? [:])
            }
        }
    }

    /// The model `NAME@ALIAS` points at, nil when the name or alias does not exist.
    public func aliasedModel(_ alias: String, of name: String) throws -> String? {
        try withDatabase { database in
            try database.query(
                """
                SELECT v.model_id FROM history.model_aliases a JOIN history.model_versions v
                ON v.name = a.name AND v.version = a.version WHERE a.name = ? AND a.alias = ?
                """,
                [.text(name), .text(alias)]
            ).first?.first?.text
        }
    }

    /// The registry's names, versions and aliases as one line each, in order: what registry
    /// references (`NAME@ALIAS`) resolve against. A build stamp keeps it to notice a change made
    /// outside a build (`thesis models alias`, a promotion).
    public func registrySnapshot() throws -> String {
        try withDatabase { database in
            let versions = try database.query(
                "SELECT name, version, model_id FROM history.model_versions ORDER BY name, version", [])
            let aliases = try database.query("SELECT name, alias, version FROM history.model_aliases ORDER BY name, alias", [])
            func line(_ tag: String, _ row: [SQLiteValue]) -> String {
                tag + " " + row.map { value -> String in value.text ?? value.integer.map { String($0) } ?? "" }.joined(separator: "\t")
            }
            let lines: [String] = versions.map { line("v", $0) } + aliases.map { line("a", $0) }
            return lines.joined(separator: "\n")
        }
    }
}
