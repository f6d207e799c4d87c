import ArgumentParser
import Foundation
import ThesisKit

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, compare and register the models the build saved (.thesis/models).",
        discussion: """
        Every fitted network a directive makes is saved as a model file in .thesis/models/, named \
        by its SHA-256 (the format is in Docs/model-format.md). A name (`thesis models register`) \
        gives a model numbered versions and aliases such as `champion`; `thesis predict` and \
        `thesis serve` read a model as NAME, NAME@ALIAS, NAME:VERSION or an id (or its first characters).
        """,
        subcommands: [ModelsList.self, ModelsShow.self, ModelsDiff.self, ModelsRegister.self, ModelsAlias.self, ModelsEvents.self, ModelsPromotions.self],
        defaultSubcommand: ModelsList.self)
}

/// Opens the project's store and its model catalog.
private func openCatalog(_ options: ProjectOptions) throws -> (ResultStore, ModelCatalog, ProjectLock) {
    let (store, lock) = try openProject(try options.load())
    return (store, ModelCatalog(store: store), lock)
}

/// Runs `body`, printing a model or registry error as `thesis COMMAND: …` with exit status 1.
private func reporting<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ModelReferenceError {
        Console.error("thesis \(command): \(error)")
        throw ExitCode.failure
    } catch let error as PredictionInputError {
        Console.error("thesis \(command): \(error)")
        throw ExitCode.failure
    }
}

private func metricsText(_ metrics: [String: Double]) -> String {
    metrics.keys.sorted().map { "\($0)=\(String(format: "%.6g", metrics[$0] ?? .nan))" }.joined(separator: " ")
}

struct ModelsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Registered models, then every saved model, newest first.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "At most this many saved models.")
    var limit = 50

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let (store, _, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        let registered = try store.registeredModels(), saved = try store.models(limit: limit)
        if registered.isEmpty, saved.isEmpty {
            Console.out("thesis models: no models saved; a build saves the networks `nn train` fits")
            return
        }
        if !registered.isEmpty {
            Console.out("registered:")
            for model in registered {
                let aliases = model.aliases.keys.sorted().map { "\($0)=\(model.aliases[$0] ?? 0)" }.joined(separator: " ")
                let latest = model.latest.map { "v\($0.version) \($0.modelID.prefix(12))" } ?? ""
                Console.out("  \(model.name)  \(model.versions.count) version\(model.versions.count == 1 ? "" : "s"), latest \(latest)" + (aliases.isEmpty ? "" : "  aliases \(aliases)"))
            }
        }
        if !saved.isEmpty {
            Console.out("saved (id  kind  directive  location  run  metrics):")
            for model in saved {
                Console.out("  \(model.id.prefix(12))  \(model.kind)  [\(model.directive)]  \(model.location)  \(model.runID.map { "run \($0)" } ?? "–")  \(metricsText(model.metrics))")
            }
        }
    }
}

struct ModelsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A model's schema, training and metrics (or its file with --json).")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "NAME, NAME@ALIAS, NAME:VERSION or a model id.")
    var reference: String

    @Flag(help: "Print the model file itself (thesis-model JSON).")
    var json = false

    func run() throws {
        let (store, catalog, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        let model = try reporting("models show") { try catalog.load(reference) }
        if json { return FileHandle.standardOutput.write(try store.modelBytes(model.id)) }
        let artifact = model.artifact, record = try store.model(id: model.id)
        Console.out("model \(model.id)" + (model.name.map { " (\($0) version \(model.version ?? 0))" } ?? ""))
        Console.out("  kind \(artifact.kind.rawValue), \(artifact.weights.map { $0.precision.rawValue } ?? "float64"), \(artifact.parameterCount) \(artifact.kind.isNetwork ? "parameters" : "coefficients"); engine \(artifact.engine); format \(artifact.format) \(artifact.formatVersion)")
        if let image = artifact.input.image, image.count == 3 {
            Console.out("  input: \(image[0] == 1 ? "grey" : "\(image[0])-channel") images of \(image[2]) × \(image[1]) pixels, values 0-1")
        } else {
            Console.out("  input: " + artifact.input.columns.joined(separator: ", ") + (artifact.input.window.map { " (windows of \($0) consecutive rows)" } ?? "")
                    + (artifact.input.lags.map { " (each at the row and its \($0 - 1) lags)" } ?? ""))
        }
        Console.out("  output: " + artifact.output.names.joined(separator: ", ") + (artifact.output.classes.map { " (classes \($0.map(String.init).joined(separator: ", ")))" } ?? "")
                    + (artifact.output.horizon.map { " (\($0) period\($0 == 1 ? "" : "s") after each window)" } ?? ""))
        Console.out("  trained by [\(artifact.training.directive)]" + (record.map { " at \($0.location)" + ($0.runID.map { ", run \($0)" } ?? "") } ?? "") + ", seed \(artifact.training.seed)")
        Console.out("  options: " + artifact.training.options.keys.sorted().map { "\($0)=\(artifact.training.options[$0] ?? "")" }.joined(separator: ", "))
        Console.out("  metrics: " + metricsText(artifact.training.metrics))
        Console.out("  data hash \(artifact.training.dataHash)")
        if let parent = artifact.training.parent { Console.out("  continued from model \(parent) (nn train from=)") }
        let versions = try store.registeredModels().flatMap { registered in
            registered.versions.filter { $0.modelID == model.id }.map { version in
                "\(registered.name):\(version.version)" + registered.aliases.filter { $0.value == version.version }.keys.sorted().map { " @\($0)" }.joined()
            }
        }
        if !versions.isEmpty { Console.out("  registered as " + versions.joined(separator: ", ")) }
    }
}

struct ModelsDiff: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "What differs between two models: schema, options, data, metrics, weights.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The first model (NAME, NAME@ALIAS, NAME:VERSION or an id).")
    var first: String

    @Argument(help: "The second model.")
    var second: String

    func run() throws {
        let (_, catalog, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        let (a, b) = try reporting("models diff") { (try catalog.load(first), try catalog.load(second)) }
        Console.out("--- \(a.label)  \(a.id.prefix(12))\n+++ \(b.label)  \(b.id.prefix(12))")
        for line in ModelDifference.lines(a.artifact, b.artifact) { Console.out(line) }
    }
}

struct ModelsRegister: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register", abstract: "Register a saved model as the next version of a name, optionally with aliases.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The model name: a letter, then letters, digits, '_', '-' or '.'.")
    var name: String

    @Option(name: .customLong("from"), help: "The model to register: an id from `thesis models list` (or NAME@ALIAS, NAME:VERSION).")
    var source: String

    @Option(name: .customLong("alias"), parsing: .singleValue, help: "Point this alias (e.g. champion) at the new version; repeatable.")
    var aliases: [String] = []

    @Option(help: "Why, for the registry's record.")
    var reason = "thesis models register"

    func run() throws {
        let (store, catalog, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        try reporting("models register") {
            let model = try catalog.load(source)
            let (version, created) = try store.register(model.id, as: name, source: reason)
            Console.out(created ? "registered \(model.id.prefix(12)) as \(name) version \(version)" : "\(name) version \(version) already is \(model.id.prefix(12))")
            for alias in aliases {
                try store.setAlias(alias, of: name, to: version, reason: reason)
                Console.out("\(name)@\(alias) → version \(version)")
            }
        }
    }
}

struct ModelsAlias: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alias", abstract: "Point an alias of a registered name at a version, or remove it.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The registered name.")
    var name: String

    @Argument(help: "The alias, e.g. champion or challenger.")
    var alias: String

    @Argument(help: "The version it points to (omit with --remove).")
    var version: Int?

    @Flag(help: "Remove the alias.")
    var remove = false

    @Option(help: "Why, for the registry's record.")
    var reason = "thesis models alias"

    func validate() throws {
        if remove, version != nil { throw ValidationError("--remove takes no version") }
        if !remove, version == nil { throw ValidationError("name the version the alias points to, e.g. `thesis models alias \(name) \(alias) 2`") }
    }

    func run() throws {
        let (store, _, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        try reporting("models alias") {
            let known = try store.registeredModels().map(\.name)
            guard known.contains(name) else {
                throw ModelReferenceError(description: "no registered model '\(name)'" + (known.isEmpty ? "; register one with `thesis models register NAME --from ID`" : " (registered: \(known.joined(separator: ", ")))"))
            }
            if remove {
                try store.removeAlias(alias, of: name, reason: reason)
                Console.out("removed \(name)@\(alias)")
            } else if let version {
                try store.setAlias(alias, of: name, to: version, reason: reason)
                Console.out("\(name)@\(alias) → version \(version)")
            }
        }
    }
}

struct ModelsEvents: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "The registry's record: every registration and alias change, oldest first.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Only this name.")
    var name: String?

    func run() throws {
        let (store, _, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        let events = try store.registryEvents(name: name)
        guard !events.isEmpty else { Console.out("thesis models events: none recorded"); return }
        for event in events {
            let what = [event.version.map { "version \($0)" }, event.alias.map { "@\($0)" }].compactMap { $0 }.joined(separator: " ")
            Console.out("\(event.at)  \(event.name)  \(event.action) \(what)  (\(event.reason))")
        }
    }
}

struct ModelsPromotions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promotions",
        abstract: "Every promotion decision of model promote: who, what, when and why, with both models' holdout metrics.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Only this name.")
    var name: String?

    func run() throws {
        let (store, _, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        let records = try store.promotions(name: name)
        guard !records.isEmpty else { Console.out("thesis models promotions: none recorded"); return }
        func metrics(_ m: [String: Double]) -> String {
            m.keys.sorted().map { "\($0) \(String(format: "%.6g", m[$0] ?? .nan))" }.joined(separator: ", ")
        }
        for r in records {
            let champion = r.championVersion.map { "v\($0) \(r.championModel?.prefix(12) ?? "")" } ?? "none"
            Console.out("\(r.at)  \(r.name)  \(r.decision)  challenger v\(r.challengerVersion) \(r.challengerModel.prefix(12)) against champion \(champion)")
            Console.out("    by \(r.who), \(r.source); rule \(r.rule)")
            Console.out("    why: \(r.reason)")
            Console.out("    challenger: \(metrics(r.challengerMetrics))" + (r.championMetrics.isEmpty ? "" : "; champion: \(metrics(r.championMetrics))"))
        }
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict with a saved model from a CSV file.",
        discussion: """
        The input has a header row with the model's input columns (any order; other columns are \
        ignored, except that the first keys the output rows when the model does not read it). A \
        recurrent model (LSTM, GRU) reads consecutive rows as windows and predicts, for each \
        window, the period `horizon` after its last row; that row's key labels the prediction. \
        A VAR or FAVAR predicts, from each window of its lag order, the next period; with \
        `--steps N` it forecasts N periods after the last row instead (a `step` column counts \
        them), as `var forecast` and `favar forecast` do from the end of the fit's sample. \
        The output has the key, `predicted_TARGET` and, for a classifier, `p_CLASS` per class.
        """)

    @OptionGroup var project: ProjectOptions

    @Argument(help: "NAME, NAME@ALIAS, NAME:VERSION or a model id.")
    var reference: String

    @Option(help: "The CSV file to predict from.")
    var input: String

    @Option(help: "Write the predictions here instead of to standard output.")
    var output: String?

    @Option(help: "For a VAR or FAVAR: forecast this many periods after the last row (1-1000).")
    var steps: Int?

    func run() throws {
        let (_, catalog, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        let model = try reporting("predict") { try catalog.load(reference) }
        guard let data = FileManager.default.contents(atPath: input) else {
            Console.error("thesis predict: cannot read \(input)")
            throw ExitCode.failure
        }
        let rows = try reporting("predict") { try PredictionInput.csv(data, file: input, input: model.artifact.input) }
        let text: String, count: Int
        do {
            let prediction =
                try steps.map { try model.artifact.forecast(rows.rows, steps: $0) } ?? model.artifact.predict(rows.rows)
            (text, count) = (PredictionCSV.write(prediction, artifact: model.artifact, input: rows), prediction.values.count)
        } catch {
            Console.error("thesis predict: \(input): \(error)")
            throw ExitCode.failure
        }
        guard let output else { return FileHandle.standardOutput.write(Data(text.utf8)) }
        try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output))
        Console.error("thesis predict: \(count) prediction\(count == 1 ? "" : "s") from \(model.label) → \(output)")
    }
}

struct GC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove saved models nothing refers to (no registered version, no cached result).")

    @OptionGroup var project: ProjectOptions

    @Flag(name: .customLong("dry-run"), help: "Only list what would be removed.")
    var dryRun = false

    func run() throws {
        let (store, _, lock) = try openCatalog(project)
        defer { withExtendedLifetime(lock) {} }
        let unreferenced = try store.unreferencedModels()
        var bytes = 0
        for id in unreferenced {
            bytes += (try? store.model(id: id))??.size ?? 0
            if !dryRun { try store.removeModel(id) }
        }
        let size = ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
        if unreferenced.isEmpty { Console.out("thesis gc: every saved model is referenced; nothing to remove"); return }
        Console.out("thesis gc: \(dryRun ? "would remove" : "removed") \(unreferenced.count) unreferenced model\(unreferenced.count == 1 ? "" : "s") (\(size))")
        for id in unreferenced { Console.out("  \(id.prefix(12))") }
    }
}
