import Foundation
import ThesisCache
import ThesisDirectives
import ThesisDocument
import ThesisFigures
import ThesisWriters

extension Pipeline {
    /// Version of the drawing code, part of each drawing key (bump when figures change).
    static let rendererVersion = "figures-3"

    // MARK: - Stage 4: draw figures

    /// Draws every figure of every shown result (see `shownResults`) in every format, skipping
    /// files that already hold the bytes drawn from the same spec. File names come from the
    /// figures' numbers.
    func drawFigures(_ report: inout BuildReport, results: [Int: DirectiveResult], numbering: Numbering, outputRoot: URL,
                     write: Bool, diagnostics: DiagnosticCollector) -> PlacedFigures {
        let stemByFile = Dictionary(uniqueKeysWithValues: report.document.chapters.map { ($0.file, $0.stem) })
        var placed = PlacedFigures()
        var hashes: [Int: [String: String]] = [:]
        var drawn = 0
        for node in report.plan.directives {
            guard let result = results[node.index] else { continue }
            let resolved = node.resolved
            let targets = numbering.contentTargets[node.node] ?? []
            let stem = stemByFile[node.call.location.file] ?? "figure"
            // The result is a function of its cache key, so the key, the position and the
            // presentation identify the drawn spec without encoding it.
            let presentation = resolved.presentation.drawingText(projectLabels: SeriesLabels(project.metadata.labels))
            for (position, content) in result.content.enumerated() {
                let label = targets.indices.contains(position) ? targets[position]?.label ?? "fig:\(stem)-\(position)" : "fig:\(stem)-\(position)"
                var base = String(label.dropFirst(4))
                if node.id != nil { base = "\(stem)-\(base)" }
                if case .externalFigure(let figure) = content {
                    do {
                        var wroteAny = false
                        defer { if wroteAny { drawn += 1 } }
                        for (format, data) in figure.formats.sorted(by: { $0.key < $1.key }) {
                            let path = "\(Project.figuresDirectory)/\(base).\(format)"
                            let (hash, wrote) = try writeIfChanged(data, to: path, outputRoot: outputRoot, write: write)
                            wroteAny = wroteAny || wrote
                            placed.files[node.node, default: [:]][position, default: [:]][format] = path
                            hashes[node.index, default: [:]][path] = hash
                        }
                    } catch {
                        diagnostics.emit(Diagnostic(.error, at: node.call.location, directive: node.call.kind, "cannot write the figure: \(FileSystemError.describe(error))"))
                    }
                    continue
                }
                guard case .figure(let figure) = content else { continue }
                let spec = figure.spec
                let specKey = SHA256.hex([node.key, String(position), presentation, Self.rendererVersion].joined(separator: "\u{1E}"))
                do {
                    let (files, count) = try draw(spec, specKey: specKey, base: base, outputRoot: outputRoot, write: write)
                    drawn += count
                    for (format, entry) in files {
                        placed.files[node.node, default: [:]][position, default: [:]][format] = entry.path
                        hashes[node.index, default: [:]][entry.path] = entry.hash
                    }
                } catch {
                    diagnostics.emit(Diagnostic(.error, at: node.call.location, directive: node.call.kind, "cannot draw the figure: \(FileSystemError.describe(error))"))
                }
            }
        }
        report.outputHashes = hashes
        report.figuresDrawn = drawn
        return placed
    }

    /// Writes a figure file made outside the tool unless the file already holds these bytes.
    private func writeIfChanged(_ data: Data, to path: String, outputRoot: URL, write: Bool) throws -> (hash: String, wrote: Bool) {
        let hash = SHA256.hex(data)
        let url = outputRoot.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: url.path), (try? store.fileHash(absolutePath: url.path, key: url.path)) == hash {
            return (hash, false)
        }
        if write { try AtomicFile.write(data, to: url, inside: outputRoot) }
        return (hash, write)
    }

    /// Draws one spec in every format unless the files already hold what this spec draws.
    private func draw(_ spec: FigureSpec, specKey: String, base: String, outputRoot: URL, write: Bool) throws -> ([String: (path: String, hash: String)], Int) {
        let recorded = try store.drawing(specKey) ?? [:]
        var files: [String: (path: String, hash: String)] = [:]
        var count = 0
        var newHashes = recorded
        for format in FigureFormat.allCases {
            let path = "\(Project.figuresDirectory)/\(base).\(format.rawValue)"
            let url = outputRoot.appendingPathComponent(path)
            if let expected = recorded[format.rawValue], FileManager.default.fileExists(atPath: url.path),
               (try? store.fileHash(absolutePath: url.path, key: url.path)) == expected {
                files[format.rawValue] = (path, expected)
                continue
            }
            let data = try FigureRenderer.render(spec, format: format)
            let hash = SHA256.hex(data)
            if write { try AtomicFile.write(data, to: url, inside: outputRoot) }
            newHashes[format.rawValue] = hash
            files[format.rawValue] = (path, hash)
            count += 1
        }
        if newHashes != recorded { try store.storeDrawing(newHashes, for: specKey) }
        return (files, count > 0 ? 1 : 0)
    }

    // MARK: - Stage 5: write reports and the manifest

    func writeReports(_ report: inout BuildReport, numbering: Numbering, bibliography: Bibliography, outputRoot: URL,
                      draftProblems: [String]? = nil, diagnostics: DiagnosticCollector) {
        var input = WriterInput(document: report.document, metadata: project.metadata, bibliography: bibliography,
                                bibliographyFile: project.bibliographyFile, numbering: numbering)
        input.draftProblems = draftProblems
        var reportHashes: [String: String] = [:]
        // The writers only read the document: render them side by side, write in order.
        let rendered = RenderedOutputs(count: writers.count)
        DispatchQueue.concurrentPerform(iterations: writers.count) { k in rendered.set(k, writers[k].write(input)) }
        do {
            for (k, writer) in writers.enumerated() {
                guard let output = rendered.take(k) else { continue }
                let directory = "\(Project.reportsDirectory)/\(type(of: writer).name)"
                for (path, data) in output.files.sorted(by: { $0.key < $1.key }) {
                    let relative = "\(directory)/\(path)"
                    try AtomicFile.write(data, to: outputRoot.appendingPathComponent(relative), inside: outputRoot)
                    reportHashes[relative] = SHA256.hex(data)
                }
                for (destination, source) in output.copies.sorted(by: { $0.key < $1.key }) {
                    let relative = "\(directory)/\(destination)"
                    let target = outputRoot.appendingPathComponent(relative)
                    // Absolute: a system file (KaTeX). Relative: a generated file under the output
                    // root (figures), else a project file (the bibliography).
                    let candidates = source.hasPrefix("/") ? [URL(fileURLWithPath: source)]
                        : [outputRoot.appendingPathComponent(source), project.url(source)]
                    guard let sourceURL = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
                        diagnostics.emit(.error("cannot copy \(source) into the report"))
                        continue
                    }
                    // Memoised hashes (by size, mtime, inode) avoid re-reading unchanged copies.
                    let sourceHash = try store.fileHash(absolutePath: sourceURL.path, key: sourceURL.path)
                    if FileManager.default.fileExists(atPath: target.path),
                       (try? store.fileHash(absolutePath: target.path, key: target.path)) == sourceHash {
                        reportHashes[relative] = sourceHash
                        continue
                    }
                    guard let data = FileManager.default.contents(atPath: sourceURL.path) else {
                        diagnostics.emit(.error("cannot read \(source) to copy it into the report"))
                        continue
                    }
                    try AtomicFile.write(data, to: target, inside: outputRoot)
                    reportHashes[relative] = SHA256.hex(data)
                }
                if output.files[type(of: writer).mainFile] != nil {
                    report.writtenReports.append("\(directory)/\(type(of: writer).mainFile)")
                }
            }
            // A preview's first pass (directives pending) is not a build to verify or to clean
            // up after: the pass that follows writes the manifest against the last one.
            guard report.pending.isEmpty else { return }
            var manifest = makeManifest(report, reports: reportHashes)
            if draftProblems != nil { manifest.draft = true }
            let previous = Manifest.read(root: outputRoot)
            try AtomicFile.write(try CanonicalJSON.encode(manifest, pretty: true) + Data("\n".utf8),
                                 to: outputRoot.appendingPathComponent(Manifest.path), inside: outputRoot)
            report.manifest = manifest
            removeStaleOutputs(previous: previous, current: manifest, outputRoot: outputRoot)
        } catch {
            diagnostics.emit(.error("cannot write the reports: \(FileSystemError.describe(error))"))
        }
    }

    /// The manifest of a finished build.
    func makeManifest(_ report: BuildReport, reports: [String: String]) -> Manifest {
        var entries: [Manifest.Entry] = []
        var inputs: [String: String] = [:]
        for node in report.plan.directives {
            guard let result = report.results[node.index] else { continue }
            inputs.merge(node.inputHashes) { a, _ in a }
            let dependencies = node.dependencyKeys
            let resultHash = report.resultHashes[node.index] ?? SHA256.hex((try? CanonicalJSON.encode(result)) ?? Data())
            entries.append(Manifest.Entry(location: node.call.location.description, kind: node.call.kind, id: node.id,
                                          options: node.resolved.values.mapValues(\.description), key: node.key,
                                          inputs: node.inputHashes, dependencies: dependencies,
                                          outputs: report.outputHashes[node.index] ?? [:], result: resultHash, scalars: result.scalars))
        }
        return Manifest(format: Manifest.formatVersion, engine: Engine.version, blasThreads: Engine.blasThreads,
                        directives: entries, inputs: inputs, reports: reports,
                        dataOverrides: project.dataOverrides.isEmpty ? nil : project.dataOverrides)
    }

    /// Deletes figures and report files the previous build wrote that this build no longer makes,
    /// and temporary files left by a build that was killed mid-write (we hold the project lock).
    private func removeStaleOutputs(previous: Manifest?, current: Manifest, outputRoot: URL) {
        let fm = FileManager.default
        for top in [Project.figuresDirectory, Project.reportsDirectory] {
            let base = outputRoot.appendingPathComponent(top)
            guard let paths = fm.enumerator(atPath: base.path) else { continue }
            while let path = paths.nextObject() as? String {
                let name = (path as NSString).lastPathComponent
                if name.hasPrefix("."), name.contains(".tmp-") { try? fm.removeItem(at: base.appendingPathComponent(path)) }
            }
        }
        guard let previous else { return }
        let keep = Set(current.directives.flatMap { $0.outputs.keys }).union(current.reports.keys)
        let old = Set(previous.directives.flatMap { $0.outputs.keys }).union(previous.reports.keys)
        for path in old.subtracting(keep).sorted()
        where path.hasPrefix(Project.figuresDirectory + "/") || path.hasPrefix(Project.reportsDirectory + "/") {
            try? FileManager.default.removeItem(at: outputRoot.appendingPathComponent(path))
        }
    }
}

/// Where each drawn figure was written: by directive, by position in its output, by format.
struct PlacedFigures {
    var files: [DirectiveID: [Int: [String: String]]] = [:]
}

/// The writers' outputs, filled concurrently (one slot per writer) and taken in order, so each is
/// released as soon as its files are written.
private final class RenderedOutputs: @unchecked Sendable {
    private var slots: [WriterOutput?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ output: WriterOutput) {
        lock.lock()
        slots[k] = output
        lock.unlock()
    }

    func take(_ k: Int) -> WriterOutput? {
        lock.lock()
        defer { lock.unlock() }
        let output = slots[k]
        slots[k] = nil
        return output
    }
}
