import Foundation

/// The line a long build keeps up to date on a terminal (standard error):
///
///     [2/5] nn train id=mlp at chapters/05-neural.md:14 · 12 s of about 25 s (last build)
///
/// It shows the directive that has run longest of those running now, n of N, its elapsed time
/// and the last recorded duration at that place. Redrawn twice a second, cleared when the build
/// ends, so the summary line prints as before. Off when standard error is not a terminal (logs,
/// CI) and with `--quiet`.
public final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var running: [Int: (activity: DirectiveActivity, started: Double)] = [:]
    /// The steps a running directive reported last (`DirectiveContext.progress`), by number.
    private var steps: [Int: Steps] = [:]
    private var shown = false
    private var timer: DispatchSourceTimer?

    private let width: Int

    /// `width`: the terminal's columns (a longer line would wrap and break the redraw).
    public init(enabled: Bool, width: Int = ProgressLine.terminalColumns(), write: @escaping @Sendable (String) -> Void)
    {
        self.enabled = enabled
        self.width = max(20, width)
        self.write = write
    }

    /// The columns of the terminal on standard error (80 when it cannot tell).
    public static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Whether the line is drawn at all.
    public var isEnabled: Bool { enabled }

    /// Whether standard error is a terminal that can redraw a line.
    public static func isTerminal() -> Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Feeds a build's progress (`BuildOptions.progress`).
    public var report: @Sendable (BuildProgress) -> Void {
        { [self] event in handle(event) }
    }

    private func handle(_ event: BuildProgress) {
        guard enabled else { return }
        let now = Self.now()
        lock.lock()
        switch event {
        case .planned:
            break
        case .started(let activity):
            running[activity.number] = (activity, now)
            if timer == nil {
                let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "thesis-progress"))
                source.schedule(deadline: .now() + 0.5, repeating: 0.5)
                source.setEventHandler { [weak self] in self?.redraw() }
                source.resume()
                timer = source
            }
        case .advanced(let activity, let done, let total, let unit):
            guard running[activity.number] != nil else { break }
            steps[activity.number] = Steps(done: done, total: total, unit: unit)
        case .finished(let activity, _, _):
            running[activity.number] = nil
            steps[activity.number] = nil
        }
        lock.unlock()
        redraw()
    }

    /// Removes the line (before anything else is printed).
    public func clear() {
        guard enabled else { return }
        lock.lock()
        timer?.cancel()
        timer = nil
        running = [:]
        steps = [:]
        let wasShown = shown
        shown = false
        lock.unlock()
        if wasShown { write("\r\u{1B}[K") }
    }

    private func redraw() {
        lock.lock()
        let now = Self.now()
        let oldest = running.values.min { $0.started < $1.started }
        let others = max(0, running.count - 1)
        let text = oldest.map {
            String(
                Self.text($0.activity, elapsed: now - $0.started, others: others, steps: steps[$0.activity.number])
                    .prefix(width - 1))
        }
        if text != nil { shown = true }
        lock.unlock()
        if let text { write("\r\u{1B}[K" + text) }
    }

    /// How far a running directive got, as it last reported: `done` of `total` `unit`.
    public struct Steps: Sendable, Equatable {
        public var done: Int, total: Int, unit: String
        public init(done: Int, total: Int, unit: String) {
            self.done = done
            self.total = total
            self.unit = unit
        }
    }

    /// The line for `activity` after `elapsed` seconds, with `others` more running beside it and
    /// the `steps` it reported (`· 120/290 fits`, with the time left at the rate so far).
    public static func text(
        _ activity: DirectiveActivity, elapsed: Double, others: Int = 0, steps: Steps? = nil
    ) -> String {
        var line = "[\(activity.number)/\(activity.total)] \(activity.kind)"
        if let id = activity.id { line += " id=\(id)" }
        line += " at \(activity.location.file):\(activity.location.line) · \(duration(elapsed))"
        if let steps, steps.total > 0 {
            line += " · \(steps.done)/\(steps.total) \(steps.unit)"
            if steps.done > 0, steps.done < steps.total {
                line += ", about \(duration(elapsed / Double(steps.done) * Double(steps.total - steps.done))) left"
            }
        } else if let estimate = activity.estimate {
            line +=
                elapsed <= estimate
                ? " of about \(duration(estimate)) (last build)" : " (\(duration(estimate)) last build)"
        } else {
            line += " (first run)"
        }
        if others > 0 { line += " · \(others) more running" }
        return line
    }

    /// "4 s", "1:05", "1:02:03".
    static func duration(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds.rounded(.down)))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return String(format: "%d:%02d", whole / 60, whole % 60) }
        return String(format: "%d:%02d:%02d", whole / 3600, (whole / 60) % 60, whole % 60)
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
