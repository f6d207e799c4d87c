import Foundation

/// One prediction request as `thesis serve` answered it.
public struct RequestLogEntry: Sendable, Hashable {
    /// When it arrived (ISO 8601, UTC, milliseconds).
    public var at: String
    /// The name it asked for (as requested, also when it named no model).
    public var model: String
    /// The registered version that answered, nil when none did.
    public var version: Int?
    public var modelID: String?
    /// SHA-256 of the request body.
    public var inputHash: String
    /// Rows in the request (0 when it could not be read).
    public var rows: Int
    public var latencyMilliseconds: Double
    /// The HTTP status of the answer.
    public var status: Int

    public init(at: String, model: String, version: Int?, modelID: String?, inputHash: String, rows: Int,
                latencyMilliseconds: Double, status: Int) {
        self.at = at
        self.model = model
        self.version = version
        self.modelID = modelID
        self.inputHash = inputHash
        self.rows = rows
        self.latencyMilliseconds = latencyMilliseconds
        self.status = status
    }
}

extension ResultStore {
    /// Appends `entries` to the request log in one transaction.
    public func logRequests(_ entries: [RequestLogEntry]) throws {
        guard !entries.isEmpty else { return }
        try withDatabase { database in
            try database.transaction {
                for entry in entries {
                    try database.query("""
                        INSERT INTO history.request_log(at, model, version, model_id, input_hash, rows, latency_ms, status)
                        VALUES(?, ?, ?, ?, ?, ?, ?, ?)
                        """, [.text(entry.at), .text(entry.model), entry.version.map { .integer(Int64($0)) } ?? .null,
                              entry.modelID.map { .text($0) } ?? .null, .text(entry.inputHash), .integer(Int64(entry.rows)),
                              .real(entry.latencyMilliseconds), .integer(Int64(entry.status))])
                }
            }
        }
    }

    /// The newest `limit` requests, oldest first, optionally for one model name.
    public func requestLog(model: String? = nil, limit: Int = 1000) throws -> [RequestLogEntry] {
        try withDatabase { database in
            try database.query("""
                SELECT at, model, version, model_id, input_hash, rows, latency_ms, status FROM history.request_log
                WHERE (? IS NULL OR model = ?) ORDER BY id DESC LIMIT ?
                """, [model.map { .text($0) } ?? .null, model.map { .text($0) } ?? .null, .integer(Int64(limit))]).reversed().map {
                RequestLogEntry(at: $0[0].text ?? "", model: $0[1].text ?? "", version: $0[2].integer.map(Int.init), modelID: $0[3].text,
                                inputHash: $0[4].text ?? "", rows: Int($0[5].integer ?? 0), latencyMilliseconds: $0[6].real ?? .nan,
                                status: Int($0[7].integer ?? 0))
            }
        }
    }
}
