import Foundation

/// What a directive returns: format-neutral content, named scalars for inline values and
/// verification, and an optional model object for later directives. Stored in the cache as JSON.
public struct DirectiveResult: Codable, Hashable, Sendable {
    public var content: [ResultContent]
    /// Named numbers or texts, e.g. `INDPRO.mean`; read by `<<= id.name>>` and checked by verify.
    public var scalars: [String: Scalar]
    /// A typed object for later directives (e.g. a prepared panel), JSON-encoded by its owner.
    public var object: ResultObject?
    /// For training and tuning directives: the run to record in the project's experiment store.
    public var run: RunRecord?
    /// For directives that fit a model: the model saved as an artifact.
    public var model: SavedModel?
    /// For `model register`: the registration the pipeline applies at every build.
    public var registration: ModelRegistration?
    /// For monitors: the rules that fired. A build with an alert not marked `warn` exits 2.
    public var alerts: [Alert]?
    /// For `model promote`: whether the challenger becomes the champion, and why. The pipeline
    /// applies it to the registry at every build and records it there.
    public var promotion: Promotion?

    public init(content: [ResultContent] = [], scalars: [String: Scalar] = [:], object: ResultObject? = nil,
                run: RunRecord? = nil, model: SavedModel? = nil, registration: ModelRegistration? = nil) {
        self.content = content
        self.scalars = scalars
        self.object = object
        self.run = run
        self.model = model
        self.registration = registration
    }

    /// Every figure in the content.
    public var figures: [Figure] {
        content.compactMap { if case .figure(let f) = $0 { return f }; return nil }
    }
}

/// A model object passed between directives (`data=panel`, `of=fit1`).
public struct ResultObject: Codable, Hashable, Sendable {
    /// What the payload decodes to, e.g. `panel`.
    public var kind: String
    public var payload: Data

    public init(kind: String, payload: Data) {
        self.kind = kind
        self.payload = payload
    }
}

/// A scalar result value.
public enum Scalar: Codable, Hashable, Sendable {
    case number(Double)
    case text(String)

    public var number: Double? { if case .number(let v) = self { return v }; return nil }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Double.self) { self = .number(v) } else if c.decodeNil() { self = .number(.nan) } else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let v): if v.isFinite { try c.encode(v) } else { try c.encodeNil() }
        case .text(let s): try c.encode(s)
        }
    }
}

/// One piece of a directive's visible output.
public enum ResultContent: Codable, Hashable, Sendable {
    case table(ResultTable)
    case figure(Figure)
    /// A figure made outside the tool (a script's PNG, PDF or SVG), shown as it is.
    case externalFigure(ExternalFigure)
    /// A paragraph of plain text (escaped by writers).
    case text(String)
}

/// A table produced by a directive: typed cells, formatted by writers.
public struct ResultTable: Codable, Hashable, Sendable {
    public var caption: String?
    public var columns: [TableColumn]
    public var rows: [[TableCell]]
    public var notes: [String]

    public init(caption: String? = nil, columns: [TableColumn], rows: [[TableCell]], notes: [String] = []) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }
}

public struct TableColumn: Codable, Hashable, Sendable {
    public var title: String
    public var alignment: ColumnAlignment

    public init(_ title: String, alignment: ColumnAlignment = .left) {
        self.title = title
        self.alignment = alignment
    }
}

/// A table cell; numbers keep full precision and carry their display format.
public enum TableCell: Codable, Hashable, Sendable {
    case text(String)
    case integer(Int)
    /// A number with a format such as `.3f` (see `NumberFormatter.format`).
    case number(Double, format: String)
    case missing

    /// The cell as displayed (a real minus sign is left to writers).
    public var display: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return ValueFormat.format(Double(i), spec: ",d")
        case .number(let v, let f): return ValueFormat.format(v, spec: f)
        case .missing: return "–"
        }
    }
}

/// A figure: its spec, caption and the files drawn from it (filled in by the pipeline).
public struct Figure: Codable, Hashable, Sendable {
    public var caption: String?
    public var spec: FigureSpec
    /// Drawn files by format (`png`, `pdf`, `svg`), relative to the project root.
    public var files: [String: String]

    public init(caption: String?, spec: FigureSpec, files: [String: String] = [:]) {
        self.caption = caption
        self.spec = spec
        self.files = files
    }
}

/// A figure file made outside the tool, by a script: the same picture in one or more formats
/// (`irf.png` and `irf.pdf` are one figure). The bytes are part of the result, so the cache and
/// verify hold them like any other output; the pipeline writes them under figures/.
public struct ExternalFigure: Codable, Hashable, Sendable {
    public var caption: String?
    /// The file name without its extension, as the script wrote it (e.g. `irf`).
    public var name: String
    /// The bytes by format (`png`, `jpg`, `pdf`, `svg`).
    public var formats: [String: Data]
    /// Written files by format, relative to the project root (filled in by the pipeline).
    public var files: [String: String]

    public init(caption: String?, name: String, formats: [String: Data], files: [String: String] = [:]) {
        self.caption = caption
        self.name = name
        self.formats = formats
        self.files = files
    }

    /// The formats a figure file may have, by extension (`jpeg` is read as `jpg`).
    public static let extensions = ["png", "jpg", "pdf", "svg"]
    /// Formats pdflatex can include.
    public static let latexFormats = ["pdf", "png", "jpg"]
    /// Formats a browser shows, in order of preference.
    public static let htmlFormats = ["svg", "png", "jpg", "pdf"]
}

/// A fitted model a directive saved. The directive gives the artifact's bytes (a `thesis-model`
/// file, docs/model-format.md); the pipeline writes them to .thesis/models/ID.json, where ID is
/// their SHA-256, and keeps only the id in the cache, so the result's hash covers every weight.
public struct SavedModel: Codable, Hashable, Sendable {
    /// The artifact's kind, e.g. `lstm`.
    public var kind: String
    /// SHA-256 of the artifact's bytes (empty until the pipeline has written it).
    public var id: String
    /// The artifact's bytes, from the directive to the pipeline; never encoded.
    public var artifact: Data?

    public init(kind: String, artifact: Data) {
        self.kind = kind
        self.id = ""
        self.artifact = artifact
    }

    enum CodingKeys: String, CodingKey { case kind, id }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        id = try container.decode(String.self, forKey: .id)
        artifact = nil
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(id, forKey: .id)
    }
}

/// A model the document registers under a name (`<<model register of=lstm name=unemployment
/// alias=champion>>`). The pipeline applies it at every build, cached or not: the model becomes
/// the newest version of `name` (unless it already is) and `alias` points at that version.
public struct ModelRegistration: Codable, Hashable, Sendable {
    public var name: String
    public var alias: String?
    /// The saved model's id (SHA-256 of its file).
    public var modelID: String

    public init(name: String, alias: String?, modelID: String) {
        self.name = name
        self.alias = alias
        self.modelID = modelID
    }
}

/// A `model promote` decision: the challenger becomes the champion of `name`, or not, with the
/// rule, the reason and both models' metrics on the holdout.
public struct Promotion: Codable, Hashable, Sendable {
    /// The registered name.
    public var name: String
    /// The challenger's model id (SHA-256 of its file).
    public var challengerID: String
    /// The model it was compared with; nil when `name` had no champion yet.
    public var championID: String?
    public var promoted: Bool
    /// The rule as written, e.g. `rmse < 0.98 * champion`.
    public var rule: String
    /// Why, in one sentence with both models' numbers.
    public var reason: String
    /// Each model's metrics on the holdout (`rmse`, `mae`, `n`).
    public var challengerMetrics: [String: Double]
    public var championMetrics: [String: Double]

    public init(name: String, challengerID: String, championID: String?, promoted: Bool, rule: String, reason: String,
                challengerMetrics: [String: Double], championMetrics: [String: Double]) {
        self.name = name
        self.challengerID = challengerID
        self.championID = championID
        self.promoted = promoted
        self.rule = rule
        self.reason = reason
        self.challengerMetrics = challengerMetrics
        self.championMetrics = championMetrics
    }
}

/// A training or tuning run, in MLflow's terms: parameters, metrics by step, final metrics and tags,
/// grouped in an experiment. The pipeline adds what the directive cannot know (the data hash,
/// seed, duration, engine version, cache key) when it records the run.
public struct RunRecord: Codable, Hashable, Sendable {
    public var experiment: String
    public var params: [String: String]
    /// Final metrics, e.g. `rmse`, `val_loss`.
    public var metrics: [String: Double]
    /// Metrics by step (epoch), e.g. `loss` and `val_loss` per epoch.
    public var history: [String: [Double]]
    public var tags: [String: String]
    /// The seed the run used.
    public var seed: UInt64?
    /// For a search: one run per trial, recorded under this one (its `parent_id`).
    public var trials: [RunRecord]?
    /// For a trial: how long it took (the pipeline times the whole directive). Never encoded,
    /// so a cached result's bytes do not depend on the clock.
    public var durationSeconds: Double?

    enum CodingKeys: String, CodingKey { case experiment, params, metrics, history, tags, seed, trials }

    public init(experiment: String, params: [String: String], metrics: [String: Double] = [:],
                history: [String: [Double]] = [:], tags: [String: String] = [:], seed: UInt64? = nil,
                trials: [RunRecord]? = nil, durationSeconds: Double? = nil) {
        self.experiment = experiment
        self.params = params
        self.metrics = metrics
        self.history = history
        self.tags = tags
        self.seed = seed
        self.trials = trials
        self.durationSeconds = durationSeconds
    }
}

/// A monitoring rule that fired: `psi > 0.2` on `INDPRO` with value 0.31.
public struct Alert: Codable, Hashable, Sendable {
    /// The rule as written, e.g. `psi > 0.2` or `rmse > 1.25 * registered`.
    public var rule: String
    /// What it fired on: a feature, `prediction`, or a performance measure.
    public var subject: String
    /// The measured value, and the threshold it crossed.
    public var value: Double
    public var threshold: Double
    /// A warning only: listed and sent, but the build still exits 0.
    public var warn: Bool

    public init(rule: String, subject: String, value: Double, threshold: Double, warn: Bool) {
        self.rule = rule
        self.subject = subject
        self.value = value
        self.threshold = threshold
        self.warn = warn
    }

    /// One line for the terminal and the report.
    public var summary: String {
        "\(subject): \(rule) (\(ValueFormat.format(value, spec: ".4g")) against \(ValueFormat.format(threshold, spec: ".4g")))"
    }
}
