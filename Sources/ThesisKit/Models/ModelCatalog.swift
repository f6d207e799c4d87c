import Foundation
import ThesisCache
import ThesisData
import ThesisDirectives
import ThesisModels

/// A saved model read back: its artifact and, when it was named, the registered version.
public struct LoadedModel: Sendable {
    public var id: String
    public var name: String?
    public var version: Int?
    public var artifact: ModelArtifact

    public init(id: String, name: String?, version: Int?, artifact: ModelArtifact) {
        self.id = id
        self.name = name
        self.version = version
        self.artifact = artifact
    }

    /// `NAME:VERSION` for a registered model, else the id's first 12 characters.
    public var label: String { name.map { "\($0):\(version ?? 0)" } ?? String(id.prefix(12)) }
}

/// Reads saved models from the project's store: resolves a reference (`NAME`, `NAME@ALIAS`,
/// `NAME:VERSION`, an id), checks that the file still has the bytes its id names, and decodes it.
/// Decoded artifacts are kept by id, so a server reads each file once.
public final class ModelCatalog: @unchecked Sendable {
    private let store: ResultStore
    private let lock = NSLock()
    private var artifacts: [String: ModelArtifact] = [:]

    public init(store: ResultStore) { self.store = store }

    /// The model `reference` names.
    /// - Throws: `ModelReferenceError` for an unknown name, alias or version, a missing or
    ///   changed file, or one that is not a readable model.
    public func load(_ reference: String) throws -> LoadedModel {
        let resolved = try store.resolveModel(reference)
        return LoadedModel(
            id: resolved.modelID, name: resolved.name, version: resolved.version,
            artifact: try artifact(resolved.modelID))
    }

    /// Every registered name with its versions and aliases.
    public func registeredModels() throws -> [RegisteredModel] { try store.registeredModels() }

    /// The artifact `id`, read and checked once.
    public func artifact(_ id: String) throws -> ModelArtifact {
        lock.lock()
        if let known = artifacts[id] { lock.unlock(); return known }
        lock.unlock()
        let bytes = try store.modelBytes(id)
        guard SHA256.hex(bytes) == id else {
            throw ModelReferenceError(
                description:
                    "the artifact .thesis/models/\(id).json was changed after it was saved (its SHA-256 no longer matches); rebuild with --no-cache to make it again"
            )
        }
        let artifact: ModelArtifact
        do {
            artifact = try ModelFile.decode(bytes)
        } catch {
            throw ModelReferenceError(description: ".thesis/models/\(id).json: \(error)")
        }
        lock.lock()
        artifacts[id] = artifact
        lock.unlock()
        return artifact
    }
}

/// A prediction request's rows in the model's column order, with the key of each row.
public struct PredictionInput: Sendable {
    /// One row per record, in `ModelArtifact.input.columns` order.
    public var rows: [[Double]]
    /// The name and values of the first column when the model does not read it (e.g. `date`).
    public var keyName: String?
    public var keys: [String]
}

/// A located problem with a prediction request.
public struct PredictionInputError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension PredictionInput {
    /// Reads a CSV file with a header row: the model's columns by name, in any order, and any
    /// others (ignored, except the first, which keys the output when the model does not read it).
    /// - Throws: `PredictionInputError` naming the file, line and field of a missing column or a
    ///   value that is not a finite number.
    public static func csv(_ data: Data, file: String, columns: [String]) throws -> PredictionInput {
        try csv(data, file: file, input: ModelArtifact.InputSchema(columns: columns))
    }

    /// `csv` for a model's input: its data columns (`rawColumns`), categorical ones as text
    /// (encoded as in training), the others as numbers.
    public static func csv(_ data: Data, file: String, input: ModelArtifact.InputSchema) throws -> PredictionInput {
        let columns = input.rawColumns
        let records: [(line: Int, fields: [String])]
        do {
            records = try CSVRecords.read(data, file: file)
        } catch {
            throw PredictionInputError(description: "\(error)")
        }
        guard let header = records.first else {
            throw PredictionInputError(
                description:
                    "\(file): the file is empty; it needs a header row naming \(columns.joined(separator: ", "))")
        }
        var index: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() where index[name] == nil { index[name] = i }
        let missing = columns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw PredictionInputError(
                description:
                    "\(file):\(header.line): no column \(missing.map { "'\($0)'" }.joined(separator: ", ")); the model reads \(columns.joined(separator: ", ")) (the header has \(header.fields.joined(separator: ", ")))"
            )
        }
        let keyName = header.fields.first.flatMap { columns.contains($0) ? nil : $0 }
        var rows: [[Double]] = [], keys: [String] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            func text(_ name: String) -> (field: Int, text: String) {
                let field = index[name]!
                return (field, field < record.fields.count ? record.fields[field] : "")
            }
            let row: [Double]
            do {
                row = try input.encodeRow(
                    number: { name in
                        let (field, text) = text(name)
                        guard let value = Double(text), value.isFinite else {
                            let shown = text.isEmpty ? "an empty field" : "'\(text.prefix(40))'"
                            throw PredictionInputError(
                                description:
                                    "\(file):\(record.line): field \(field + 1) ('\(name)') is \(shown), not a finite number; the model needs a number in every one of \(columns.filter { input.encoding(of: $0) == nil }.joined(separator: ", "))"
                            )
                        }
                        return value
                    },
                    label: { name in
                        let (field, text) = text(name)
                        guard !text.isEmpty else {
                            throw PredictionInputError(
                                description:
                                    "\(file):\(record.line): field \(field + 1) ('\(name)') is empty; the model needs its category"
                            )
                        }
                        return text
                    })
            } catch let problem as CategoricalEncoding.Problem {
                throw PredictionInputError(description: "\(file):\(record.line): \(problem.description)")
            }
            rows.append(row)
            if keyName != nil { keys.append(record.fields.first ?? "") }
        }
        guard !rows.isEmpty else {
            throw PredictionInputError(description: "\(file): the file has a header but no rows to predict")
        }
        return PredictionInput(rows: rows, keyName: keyName, keys: keys)
    }
}

/// Predictions as CSV: the key column (when the input had one), then `predicted_NAME` for each
/// output, and for a classifier `p_CLASS` for each class. Numbers in the shortest form that reads
/// back to the same double; a recurrent model's row is keyed by its window's last row.
public enum PredictionCSV {
    public static func write(_ prediction: ModelPrediction, artifact: ModelArtifact, input: PredictionInput) -> String {
        var header: [String] = []
        if let key = input.keyName { header.append(key) }
        if prediction.stepsAhead { header.append("step") }
        header += artifact.output.names.map { "predicted_\($0)" }
        if prediction.probabilities != nil { header += (artifact.output.classes ?? []).map { "p_\($0)" } }
        var lines = [header.map(quote).joined(separator: ",")]
        for (i, values) in prediction.values.enumerated() {
            var fields: [String] = []
            if input.keyName != nil {
                fields.append(quote(input.keys[prediction.stepsAhead ? prediction.firstRow : i + prediction.firstRow]))
            }
            if prediction.stepsAhead { fields.append(String(i + 1)) }
            if let labels = prediction.labels {
                fields.append(String(labels[i]))
            } else {
                fields += values.map { "\($0)" }
            }
            if let probabilities = prediction.probabilities?[i] { fields += probabilities.map { "\($0)" } }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quote(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
