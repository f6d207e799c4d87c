import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import Prometheus
import ThesisKit

/// Model serving on `thesis serve`'s server, beside the preview:
///
/// - `POST /v1/models/NAME:predict`, `/v1/models/NAME@ALIAS:predict`,
///   `/v1/models/NAME/versions/N:predict`: JSON rows in (`PredictionRequest`), predictions out;
/// - `GET /v1/models`: registered models with their versions, aliases and schemas;
/// - `GET /metrics`: requests, errors and latency by model, in the Prometheus text format.
///
/// Every prediction request, answered or refused, goes into the store's request log (written in
/// batches, off the request's path). Bad requests get a 4xx with `{"error": {"status", "message"}}`.
public final class ModelRoutes: ServerRoutes, @unchecked Sendable {
    /// The largest request body read; a larger one is refused with 413 before it is read.
    public static let maximumBodyBytes = 8 * 1024 * 1024

    private let catalog: ModelCatalog
    private let log: RequestLogWriter
    private let references: ReferenceCache
    private let registry = PrometheusCollectorRegistry()
    private let buckets: [Duration] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
        .map {
            .nanoseconds(Int64($0 * 1e9))
        }

    public init(store: ResultStore) {
        catalog = ModelCatalog(store: store)
        log = RequestLogWriter(store: store)
        references = ReferenceCache(store: store)
    }

    public func add(to router: Router<BasicRequestContext>) {
        router.get("/v1/models") { [self] _, _ in
            do {
                return Self.json(.ok, try Self.listing(catalog))
            } catch {
                return Self.error(.internalServerError, "cannot read the registry: \(error)")
            }
        }
        router.post("/v1/models/**") { [self] request, _ in await predict(request) }
        router.get("/metrics") { [self] _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    /// Writes the requests not yet in the log.
    public func shutDown() { log.flush() }

    /// The answer to one prediction request, timed and logged.
    func predict(_ request: Request) async -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        let requested = Self.reference(fromPath: path)
        let name = String((requested?.name ?? "?").prefix(64))
        var body = Data(), rows = 0
        var answered: LoadedModel?
        let response: Response
        do {
            guard let requested else {
                throw Refusal(
                    .notFound,
                    "no such endpoint: \(path); use POST /v1/models/NAME:predict, /v1/models/NAME@ALIAS:predict or /v1/models/NAME/versions/N:predict"
                )
            }
            if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maximumBodyBytes {
                throw Refusal(
                    .contentTooLarge, "the body has \(length) bytes; a request takes at most \(Self.maximumBodyBytes)")
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: Self.maximumBodyBytes)
            } catch is NIOTooManyBytesError {
                throw Refusal(
                    .contentTooLarge, "the body is larger than a request takes (\(Self.maximumBodyBytes) bytes)")
            }
            body = Data(buffer.readableBytesView)
            let model = try references.load(requested.reference, catalog: catalog)
            answered = model
            let (input, steps) = try PredictionRequest.parse(body, input: model.artifact.input)
            rows = input.count
            let prediction =
                try steps.map { try model.artifact.forecast(input, steps: $0) } ?? model.artifact.predict(input)
            response = Self.json(.ok, PredictionRequest.response(prediction, model: model))
        } catch let refusal as Refusal {
            response = Self.error(refusal.status, refusal.message)
        } catch let error as ModelReferenceError {
            response = Self.error(.notFound, error.description)
        } catch let error as PredictionInputError {
            response = Self.error(.badRequest, error.description)
        } catch {
            response = Self.error(answered == nil ? .internalServerError : .unprocessableContent, "\(error)")
        }
        let elapsed = ContinuousClock.now - start
        // Metrics are labelled by the models that exist, so requests for made-up names add no series.
        record(name: answered?.name ?? "unknown", model: answered, status: response.status.code, elapsed: elapsed)
        log.append(
            RequestLogEntry(
                at: RequestLogWriter.timestamp(), model: name, version: answered?.version, modelID: answered?.id,
                inputHash: SHA256.hex(body), rows: rows,
                latencyMilliseconds: Double(elapsed.components.attoseconds) / 1e15
                    + Double(elapsed.components.seconds) * 1000, status: response.status.code))
        return response
    }

    private func record(name: String, model: LoadedModel?, status: Int, elapsed: Duration) {
        let version = model?.version.map(String.init) ?? ""
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "thesis", metricName: "model_requests", unitName: "total",
                helpText: "Prediction requests by model, version and HTTP status."),
            labels: [("model", name), ("version", version), ("status", String(status))]
        ).increment()
        if status >= 400 {
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "thesis", metricName: "model_errors", unitName: "total",
                    helpText: "Prediction requests answered with an error, by model."),
                labels: [("model", name)]
            ).increment()
        }
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "thesis", metricName: "model_request_duration", unitName: "seconds",
                helpText: "Time from a prediction request's arrival to its answer, by model."),
            labels: [("model", name)], buckets: buckets
        ).record(elapsed)
    }

    /// `GET /v1/models`: every registered name with its versions (kind, schema, metrics) and aliases.
    static func listing(_ catalog: ModelCatalog) throws -> Data {
        var text = "{\"models\":["
        for (m, model) in try catalog.registeredModels().enumerated() {
            if m > 0 { text += "," }
            let aliases = model.aliases.keys.sorted().map {
                "\(PredictionRequest.quoted($0)):\(model.aliases[$0] ?? 0)"
            }
            text +=
                "{\"name\":\(PredictionRequest.quoted(model.name)),\"aliases\":{\(aliases.joined(separator: ","))},\"versions\":["
            for (v, version) in model.versions.enumerated() {
                if v > 0 { text += "," }
                text += "{\"version\":\(version.version),\"model_id\":\"\(version.modelID)\""
                if let artifact = try? catalog.artifact(version.modelID) {
                    let columns = artifact.input.columns.map(PredictionRequest.quoted).joined(separator: ",")
                    let outputs = artifact.output.names.map(PredictionRequest.quoted).joined(separator: ",")
                    text += ",\"kind\":\"\(artifact.kind.rawValue)\",\"input\":{\"columns\":[\(columns)]"
                    text += artifact.input.window.map { ",\"window\":\($0)" } ?? ""
                    text += "},\"output\":{\"names\":[\(outputs)]"
                    text +=
                        artifact.output.classes.map { ",\"classes\":[\($0.map(String.init).joined(separator: ","))]" }
                        ?? ""
                    text += artifact.output.horizon.map { ",\"horizon\":\($0)" } ?? ""
                    let metrics = artifact.training.metrics.keys.sorted().compactMap { key -> String? in
                        guard let value = artifact.training.metrics[key], value.isFinite else { return nil }
                        return "\(PredictionRequest.quoted(key)):\(value)"
                    }
                    text += "},\"metrics\":{\(metrics.joined(separator: ","))}"
                } else {
                    text += ",\"error\":\"the model file is missing or changed\""
                }
                text += "}"
            }
            text += "]}"
        }
        return Data((text + "]}\n").utf8)
    }

    /// The model reference a prediction path names: `NAME`, `NAME@ALIAS` or `NAME:VERSION`.
    static func reference(fromPath path: String) -> (name: String, reference: String)? {
        let prefix = "/v1/models/", suffix = ":predict"
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.count > prefix.count + suffix.count else {
            return nil
        }
        let inner = String(path.dropFirst(prefix.count).dropLast(suffix.count)).removingPercentEncoding ?? ""
        let parts = inner.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !inner.contains(":"):
            let name = inner.split(separator: "@").first.map(String.init) ?? inner
            return name.isEmpty ? nil : (name, inner)
        case 3 where parts[1] == "versions" && Int(parts[2]) != nil && !parts[0].isEmpty && !parts[0].contains("@"):
            return (String(parts[0]), "\(parts[0]):\(parts[2])")
        default:
            return nil
        }
    }

    private struct Refusal: Error {
        var status: HTTPResponse.Status
        var message: String
        init(_ status: HTTPResponse.Status, _ message: String) {
            self.status = status
            self.message = message
        }
    }

    static func json(_ status: HTTPResponse.Status, _ bytes: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        headers[.contentLength] = String(bytes.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(
            status,
            Data("{\"error\":{\"status\":\(status.code),\"message\":\(PredictionRequest.quoted(message))}}\n".utf8))
    }
}

/// Resolves references to registered models, re-reading the registry at most once a second, so a
/// request costs no database query; an alias moved by `thesis models alias` is seen within a second.
final class ReferenceCache: @unchecked Sendable {
    private let store: ResultStore
    private let lock = NSLock()
    private var resolved: [String: ResolvedModel] = [:]
    private var readAt = ContinuousClock.now - .seconds(10)

    init(store: ResultStore) { self.store = store }

    /// The registered model `reference` names (an id alone is not served).
    func load(_ reference: String, catalog: ModelCatalog) throws -> LoadedModel {
        lock.lock()
        if ContinuousClock.now - readAt > .seconds(1) {
            resolved = [:]
            readAt = .now
        }
        let known = resolved[reference]
        lock.unlock()
        let model = try known ?? store.resolveModel(reference)
        guard model.name != nil else {
            throw ModelReferenceError(
                description:
                    "'\(reference)' is not a registered name; register it with `thesis models register NAME --from ID`")
        }
        if known == nil {
            lock.lock()
            resolved[reference] = model
            lock.unlock()
        }
        let artifact = try catalog.artifact(model.modelID)
        return LoadedModel(id: model.modelID, name: model.name, version: model.version, artifact: artifact)
    }
}

/// Collects request log entries and writes them to the store in batches: at most every quarter
/// of a second from a background thread, and at shutdown, so no request waits for SQLite.
final class RequestLogWriter: @unchecked Sendable {
    private let store: ResultStore
    private let lock = NSLock()
    private var pending: [RequestLogEntry] = []
    private var scheduled = false

    init(store: ResultStore) { self.store = store }

    func append(_ entry: RequestLogEntry) {
        lock.lock()
        pending.append(entry)
        let schedule = !scheduled
        scheduled = true
        lock.unlock()
        if schedule {
            DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 0.25) { [self] in flush() }
        }
    }

    /// Writes what is pending now.
    func flush() {
        lock.lock()
        let entries = pending
        pending = []
        scheduled = false
        lock.unlock()
        try? store.logRequests(entries)
    }

    /// Now in ISO 8601, UTC, with milliseconds.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var time = tm()
        gmtime_r(&now.tv_sec, &time)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", time.tm_year + 1900, time.tm_mon + 1, time.tm_mday,
            time.tm_hour,
            time.tm_min, time.tm_sec, now.tv_nsec / 1_000_000)
    }
}
