import Foundation

/// What the open pages of the preview are told, as server-sent events on `/_thesis/events`.
public enum PreviewEvent: Sendable, Equatable {
    /// A rebuild started (the page shows a small "Rebuilding…" badge).
    case building(String)
    /// A rebuild wrote the book: generation `n` is on disk; the page reloads itself.
    case reload(Int)
    /// Something stops the whole build (thesis.toml does not load, say): shown over the page,
    /// which keeps the last good book under it.
    case problem(String)

    /// The event in the `text/event-stream` format: one `data:` line per line of text.
    var serverSent: String {
        func event(_ name: String, _ data: String) -> String {
            "event: \(name)\n"
                + data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
        }
        switch self {
        case .building(let what): return event("building", what)
        case .reload(let generation): return event("reload", String(generation))
        case .problem(let text): return event("problem", text)
        }
    }
}

/// The open pages' event streams, and the book's generation: it counts the rebuilds that wrote
/// the book, so a page that was served generation 4 and hears of generation 5 reloads.
public final class LiveReload: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [UUID: AsyncStream<PreviewEvent>.Continuation] = [:]
    private var generationValue = 0
    private var lastProblem: String?
    private var buildingValue = false

    public init() {}

    /// The generation of the book on disk now.
    public var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return generationValue
    }

    /// Whether a rebuild runs or waits now.
    public var isBuilding: Bool {
        lock.lock()
        defer { lock.unlock() }
        return buildingValue
    }

    /// How many pages listen (for tests and the status endpoint).
    public var listeners: Int {
        lock.lock()
        defer { lock.unlock() }
        return subscribers.count
    }

    /// A new page's stream. It starts with the current generation (so a page that missed a
    /// reload while it was connecting catches up) and any standing problem.
    public func subscribe() -> AsyncStream<PreviewEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<PreviewEvent>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            self.lock.lock()
            self.subscribers[id] = nil
            self.lock.unlock()
        }
        lock.lock()
        subscribers[id] = continuation
        let generation = generationValue
        let problem = lastProblem
        lock.unlock()
        continuation.yield(.reload(generation))
        if let problem { continuation.yield(.problem(problem)) }
        return stream
    }

    /// The book was rewritten: every page hears the new generation.
    @discardableResult
    public func bookWritten() -> Int {
        lock.lock()
        generationValue += 1
        lastProblem = nil
        let generation = generationValue
        lock.unlock()
        send(.reload(generation))
        return generation
    }

    /// A rebuild started.
    public func building(_ what: String) {
        lock.lock()
        buildingValue = true
        lock.unlock()
        send(.building(what))
    }

    /// No rebuild runs or waits any more.
    public func idle() {
        lock.lock()
        buildingValue = false
        lock.unlock()
    }

    /// The build could not run at all; the problem stands until the book is written again.
    public func problem(_ text: String) {
        lock.lock()
        lastProblem = text
        lock.unlock()
        send(.problem(text))
    }

    /// Ends every stream (the server is stopping).
    public func finish() {
        lock.lock()
        let all = Array(subscribers.values)
        subscribers = [:]
        lock.unlock()
        for continuation in all { continuation.finish() }
    }

    private func send(_ event: PreviewEvent) {
        lock.lock()
        let all = Array(subscribers.values)
        lock.unlock()
        for continuation in all { continuation.yield(event) }
    }
}

/// The script served pages get (and only served pages: the book on disk has none of it). It
/// listens to the event stream, reloads at a new generation keeping the scroll position, and
/// shows a badge while rebuilding and a box when the build cannot run.
enum LiveScript {
    static let path = "/_thesis/live.js"

    /// The tag put before `</body>` of each served page, with the generation it was served at.
    static func tag(generation: Int) -> String {
        "<script src=\"\(path)\" data-generation=\"\(generation)\"></script>\n"
    }

    static let source = """
        (function () {
          "use strict";
          var served = document.currentScript ? document.currentScript.getAttribute("data-generation") : null;
          var key = "thesis-scroll:" + location.pathname;
          var saved = sessionStorage.getItem(key);
          if (saved !== null) {
            sessionStorage.removeItem(key);
            window.addEventListener("load", function () { window.scrollTo(0, parseFloat(saved) || 0); });
          }
          function badge(id, text, style) {
            var box = document.getElementById(id);
            if (!box) {
              box = document.createElement("div");
              box.id = id;
              box.setAttribute("role", "status");
              box.style.cssText = "position:fixed;z-index:1000;font:13px/1.4 system-ui,sans-serif;" + style;
              document.body.appendChild(box);
            }
            box.textContent = text;
            return box;
          }
          function reload() {
            sessionStorage.setItem(key, String(window.scrollY));
            location.reload();
          }
          var source = new EventSource("/_thesis/events");
          source.addEventListener("reload", function (event) {
            if (served !== null && event.data !== served) { reload(); }
            served = event.data;
          });
          source.addEventListener("building", function (event) {
            badge("thesis-building", "Rebuilding\\u2026 " + event.data,
                  "right:12px;bottom:12px;padding:4px 10px;border-radius:4px;background:#333;color:#fff;opacity:.85");
          });
          source.addEventListener("problem", function (event) {
            var box = badge("thesis-problem", event.data,
                  "left:12px;right:12px;top:12px;padding:10px 14px;border:2px solid #c62828;background:#fdecea;color:#7f1d1d;white-space:pre-wrap;max-height:40vh;overflow:auto");
            box.setAttribute("role", "alert");
          });
        })();

        """
}
