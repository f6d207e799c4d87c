import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// Routes a server feature adds to `thesis serve`'s router. The live preview is one such
/// feature (`PreviewRoutes`); model serving adds `/v1/models` the same way, beside it.
public protocol ServerRoutes: Sendable {
    func add(to router: Router<BasicRequestContext>)
    /// Called when the server begins to stop (Ctrl-C): end whatever never ends by itself.
    func shutDown()
}

extension ServerRoutes {
    public func shutDown() {}
}

/// The live preview's routes: the book, its event stream and script, a status and a health check.
///
/// - `GET /…`: a file of `reports/html` (pages with the live script put in);
/// - `GET /_thesis/events`: server-sent events (`PreviewEvent`);
/// - `GET /_thesis/live.js`: the script pages load;
/// - `GET /_thesis/status`: `{"generation": N, "building": BOOL, "listeners": N}`;
/// - `GET /health`: `ok`.
public struct PreviewRoutes: ServerRoutes {
    public let files: ReportFiles
    public let events: LiveReload

    public init(files: ReportFiles, events: LiveReload) {
        self.files = files
        self.events = events
    }

    public func add(to router: Router<BasicRequestContext>) {
        let files = files, events = events
        router.get("/health") { _, _ in Self.response(.ok, "text/plain; charset=utf-8", Data("ok\n".utf8)) }
        router.get(RouterPath(LiveScript.path)) { _, _ in
            Self.response(.ok, "text/javascript; charset=utf-8", Data(LiveScript.source.utf8))
        }
        router.get("/_thesis/status") { _, _ in
            let json =
                "{\"generation\": \(events.generation), \"building\": \(events.isBuilding), \"listeners\": \(events.listeners)}\n"
            return Self.response(.ok, "application/json", Data(json.utf8))
        }
        router.get("/_thesis/events") { _, _ in
            let stream = events.subscribe()
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "retry: 300\n\n"))
                    for await event in stream {
                        try await writer.write(ByteBuffer(string: event.serverSent))
                    }
                    try await writer.finish(nil)
                })
        }
        let page: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            // The generation is read before the file, so a page is never marked newer than it is.
            let generation = events.generation
            do {
                let file = try files.file(for: request.uri.path, generation: generation)
                return Self.response(.ok, file.contentType, file.bytes)
            } catch ReportFiles.Refusal.badPath {
                return Self.response(.badRequest, "text/plain; charset=utf-8", Data("bad path\n".utf8))
            } catch {
                if (try? ReportFiles.relativePath(for: request.uri.path)) == "index.html" {
                    let placeholder = ReportFiles.placeholder(generation: generation)
                    return Self.response(.ok, placeholder.contentType, placeholder.bytes)
                }
                return Self.response(
                    .notFound, "text/plain; charset=utf-8", Data("not found: \(request.uri.path)\n".utf8))
            }
        }
        router.get("/", use: page)
        router.get("**", use: page)
    }

    /// Open pages' event streams end, so the server's graceful shutdown does not wait for them.
    public func shutDown() { events.finish() }

    static func response(_ status: HTTPResponse.Status, _ type: String, _ bytes: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        // The preview changes under the browser: never serve a page from its cache.
        headers[.cacheControl] = "no-store"
        headers[.contentLength] = String(bytes.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// `thesis serve`'s HTTP server (Hummingbird over SwiftNIO): 127.0.0.1 unless told otherwise,
/// HTTP/1.1, requests with bodies refused (the preview only reads), headers capped by the
/// parser, idle connections closed.
public struct ThesisServer: Sendable {
    public var host: String
    public var port: Int
    public var routes: [any ServerRoutes]

    public init(host: String = "127.0.0.1", port: Int = 8000, routes: [any ServerRoutes]) {
        self.host = host
        self.port = port
        self.routes = routes
    }

    /// Serves until the process gets SIGINT or SIGTERM; `ready` gets the bound port (the one
    /// asked for, or the one the system chose for port 0).
    public func run(ready: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.add(middleware: RefuseBodiesMiddleware())
        for feature in routes { feature.add(to: router) }
        var logger = Logger(label: "thesis-serve")
        logger.logLevel = .error
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024,
            maxHeaderFieldCount: 100)
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(30), httpDecoderConfiguration: decoder)),
            configuration: .init(address: .hostname(host, port: port), serverName: "thesis"),
            onServerRunning: { channel in ready(channel.localAddress?.port ?? 0) },
            logger: logger)
        // The group stops its services last to first: the routes hear of the shutdown (and end
        // their streams) before the server waits for the requests in flight.
        let group = ServiceGroup(
            configuration: .init(
                services: [app, ShutdownNotice(routes: routes)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The preview only reads: a request that sends a body (a declared length above zero, or a
/// chunked upload) is refused with 413 before any of the body is read. Model serving's routes
/// read their bodies with a limit of their own.
struct RefuseBodiesMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let length = request.headers[.contentLength].flatMap { Int($0) } ?? 0
        if length > 0 || request.headers[.transferEncoding] != nil, !request.uri.path.hasPrefix("/v1/") {
            return PreviewRoutes.response(
                .contentTooLarge, "text/plain; charset=utf-8", Data("the preview takes no request bodies\n".utf8))
        }
        return try await next(request, context)
    }
}

/// Tells the routes when the server begins to stop (a service of the server's group that does
/// nothing but wait for the graceful shutdown).
struct ShutdownNotice: Service {
    let routes: [any ServerRoutes]

    func run() async throws {
        try? await gracefulShutdown()
        for feature in routes { feature.shutDown() }
    }
}
