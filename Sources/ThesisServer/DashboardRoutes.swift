import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import ThesisKit

/// The tracking dashboard on `thesis serve`: one page, `GET /dashboard`, reading
///
/// - `GET /v1/runs` (the runs as `thesis runs list --json` prints them; `?limit=N`, at most 5,000),
/// - `GET /v1/runs/ID` (one run with its metrics by step),
/// - `GET /v1/runs/ID/curves.svg` (its metrics by step, drawn by the tool's figure kit),
/// - `GET /v1/artifacts/SHA256.EXT` (a run's figure, kept in .thesis/artifacts),
/// - `GET /v1/models` and `POST /v1/models/…:predict` (`ModelRoutes`).
///
/// The page's script is inline and loads nothing from elsewhere; every string from the store is
/// put into the page as text, never as markup.
public struct DashboardRoutes: ServerRoutes {
    private let store: ResultStore

    public init(store: ResultStore) { self.store = store }

    public func add(to router: Router<BasicRequestContext>) {
        let store = store
        router.get("/dashboard") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.cacheControl] = "no-store"
            headers[.contentSecurityPolicy] =
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:"
            return Response(
                status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        router.get("/v1/runs") { request, _ in
            let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 500
            guard (1...5000).contains(limit) else {
                return ModelRoutes.error(.badRequest, "limit must be between 1 and 5000")
            }
            do {
                return ModelRoutes.json(.ok, try RunExport.json(try store.runs(limit: limit)))
            } catch {
                return ModelRoutes.error(.internalServerError, "cannot read the runs: \(error)")
            }
        }
        router.get("/v1/runs/:id") { _, context in
            guard let id = context.parameters.get("id").flatMap({ Int($0) }) else {
                return ModelRoutes.error(.badRequest, "a run id is a number")
            }
            do {
                guard let run = try store.run(id: id) else { return ModelRoutes.error(.notFound, "no run \(id)") }
                return ModelRoutes.json(.ok, try RunExport.json(run, artifacts: try store.artifacts(ofRun: id)))
            } catch {
                return ModelRoutes.error(.internalServerError, "cannot read run \(id): \(error)")
            }
        }
        router.get("/v1/runs/:id/curves.svg") { _, context in
            guard let id = context.parameters.get("id").flatMap({ Int($0) }) else {
                return ModelRoutes.error(.badRequest, "a run id is a number")
            }
            do {
                guard let run = try store.run(id: id) else { return ModelRoutes.error(.notFound, "no run \(id)") }
                guard let svg = try RunCurves.svg(run) else {
                    return ModelRoutes.error(.notFound, "run \(id) has no metrics by step")
                }
                var headers = HTTPFields()
                headers[.contentType] = "image/svg+xml"
                headers[.cacheControl] = "no-store"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: svg)))
            } catch {
                return ModelRoutes.error(.internalServerError, "cannot draw run \(id): \(error)")
            }
        }
        router.get("/v1/artifacts/:name") { _, context in
            let name = context.parameters.get("name") ?? ""
            guard let type = Self.artifactType(name) else {
                return ModelRoutes.error(.badRequest, "an artifact is named SHA256.svg, .png or .pdf")
            }
            guard let directory = store.artifactsDirectory,
                let bytes = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
            else { return ModelRoutes.error(.notFound, "no artifact \(name)") }
            var headers = HTTPFields()
            headers[.contentType] = type
            headers[.cacheControl] = "no-store"
            // A figure a script drew could hold markup: opened on its own, nothing in it runs.
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// The content type of a kept figure's name (64 hex digits and an extension), nil for any other name.
    static func artifactType(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            return nil
        }
        return ["svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"][String(parts[1])]
    }
}

/// The dashboard's page: runs (sortable, filtered), a run's curves, runs side by side, models with
/// versions and aliases, and a prediction form.
public enum DashboardPage {
    static let html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>thesis dashboard</title><link rel="icon" href="data:,">
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 1.5em;color:#222}
        h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;width:100%;font-size:.92em}th,td{padding:.25em .5em;border-bottom:1px solid #eee;text-align:left}
        th[data-key]{cursor:pointer;user-select:none}th[data-key]:hover{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
        input[type=search]{width:18em;padding:.3em}textarea{width:100%;font:13px monospace}
        #curves img{max-width:100%;border:1px solid #eee}.error{color:#a00}.muted{color:#777}
        button{padding:.3em .9em}pre{background:#f7f7f7;padding:.6em;overflow:auto;max-height:18em}
        </style></head><body>
        <h1>thesis dashboard</h1>
        <p class="muted">Runs and models of this project's store (.thesis/runs.sqlite). Click a column to sort, a run to see its curves; tick runs to compare them.</p>
        <h2>Runs</h2>
        <p><input type="search" id="filter" placeholder="filter: experiment, directive, location" aria-label="filter runs">
        <button id="compare-button" type="button">Compare ticked runs</button> <span id="run-count" class="muted"></span></p>
        <table id="runs"><thead><tr><th></th><th data-key="id">id</th><th data-key="experiment">experiment</th>
        <th data-key="directive">directive</th><th data-key="location">location</th><th data-key="duration_seconds">duration (s)</th>
        <th data-key="metrics">metrics</th></tr></thead><tbody></tbody></table>
        <div id="curves"></div>
        <div id="comparison"></div>
        <h2>Models</h2>
        <table id="models"><thead><tr><th>name</th><th>version</th><th>aliases</th><th>kind</th><th>inputs</th><th>metrics</th></tr></thead><tbody></tbody></table>
        <h2>Predict</h2>
        <form id="predict-form"><p><label>Model <select id="predict-model" aria-label="model"></select></label></p>
        <p><textarea id="predict-rows" rows="6" aria-label="rows as JSON"></textarea></p>
        <p><button type="submit">Predict</button></p></form>
        <pre id="predict-result" aria-live="polite"></pre>
        <script>
        "use strict";
        const $ = (s) => document.querySelector(s);
        function cell(row, text, numeric) { const td = row.insertCell(); td.textContent = text; if (numeric) td.className = "n"; return td; }
        function short(v) { return typeof v === "number" ? Number(v.toPrecision(5)).toString() : String(v); }
        function metricText(m) { return Object.keys(m || {}).sort().map((k) => k + "=" + short(m[k])).join("  "); }
        // A static copy (`thesis dashboard`) carries its data in the page and has no server to ask.
        const embedded = document.getElementById("thesis-data") ? JSON.parse(document.getElementById("thesis-data").textContent) : null;
        async function getJSON(url) {
          if (embedded) {
            if (url === "/v1/runs") return embedded.runs;
            if (url === "/v1/models") return embedded.models;
            const run = embedded.details[url.replace("/v1/runs/", "")]; if (run) return run;
            throw new Error(url + ": not in this copy");
          }
          const r = await fetch(url); if (!r.ok) throw new Error(url + ": " + r.status); return r.json();
        }
        function curveURL(id) { return embedded ? "curves/" + id + ".svg" : "/v1/runs/" + id + "/curves.svg"; }
        function artifactURL(ref) { return (embedded ? "artifacts/" : "/v1/artifacts/") + ref; }
        let runs = [], sortKey = "id", sortDown = true, models = [];
        function drawRuns() {
          const words = $("#filter").value.toLowerCase().split(/\\s+/).filter(Boolean);
          const shown = runs.filter((r) => words.every((w) => (r.experiment + " " + r.directive + " " + r.location).toLowerCase().includes(w)));
          const value = (r) => sortKey === "metrics" ? metricText(r.metrics) : r[sortKey];
          shown.sort((a, b) => { const x = value(a), y = value(b); const c = x < y ? -1 : x > y ? 1 : 0; return sortDown ? -c : c; });
          const body = $("#runs tbody"); body.replaceChildren();
          for (const r of shown) {
            const row = body.insertRow(); row.dataset.id = r.id;
            const box = document.createElement("input"); box.type = "checkbox"; box.value = r.id; box.setAttribute("aria-label", "compare run " + r.id);
            row.insertCell().append(box);
            const link = document.createElement("a"); link.href = "#run-" + r.id; link.textContent = r.id;
            link.addEventListener("click", (e) => { e.preventDefault(); showRun(r.id); });
            row.insertCell().append(link);
            cell(row, r.experiment); cell(row, r.parent_id == null ? r.directive : r.directive + " (trial of run " + r.parent_id + ")");
            cell(row, r.location);
            cell(row, r.duration_seconds.toFixed(2), true);
            if (r.status === "failed") { const td = cell(row, "failed: " + (r.error || "")); td.className = "error"; } else cell(row, metricText(r.metrics));
          }
          $("#run-count").textContent = shown.length + " of " + runs.length + " runs";
        }
        async function showRun(id) {
          const box = $("#curves"); box.replaceChildren();
          const h = document.createElement("h2"); h.textContent = "Run " + id; box.append(h);
          const run = await getJSON("/v1/runs/" + id);
          const p = document.createElement("p"); p.textContent = "params: " + Object.keys(run.params).sort().map((k) => k + "=" + run.params[k]).join(", ");
          box.append(p);
          if (Object.keys(run.history || {}).length) {
            const img = document.createElement("img"); img.alt = "metrics by step of run " + id; img.src = curveURL(id); box.append(img);
          } else { const none = document.createElement("p"); none.className = "muted"; none.textContent = "No metrics by step."; box.append(none); }
          const made = run.artifacts || [];
          if (made.length) {
            const list = document.createElement("p"); list.className = "artifacts"; list.textContent = "artifacts: " + made.map((a) => a.kind + " " + a.ref.slice(0, 12)).join(", "); box.append(list);
            for (const a of made.filter((a) => a.kind === "figure" && !a.ref.endsWith(".pdf"))) {
              if (a.ref.endsWith(".png") && made.some((b) => b.ref.endsWith(".svg"))) continue;  // one copy of each figure
              const img = document.createElement("img"); img.className = "figure"; img.alt = "figure of run " + id; img.src = artifactURL(a.ref); box.append(img);
            }
          }
        }
        function compare() {
          const ids = [...document.querySelectorAll("#runs tbody input:checked")].map((b) => Number(b.value));
          const chosen = runs.filter((r) => ids.includes(r.id));
          const box = $("#comparison"); box.replaceChildren();
          if (chosen.length < 2) { const p = document.createElement("p"); p.className = "muted"; p.textContent = "Tick two or more runs to compare."; box.append(p); return; }
          const h = document.createElement("h2"); h.textContent = "Runs side by side"; box.append(h);
          const table = document.createElement("table"); table.id = "comparison-table"; box.append(table);
          const head = table.createTHead().insertRow(); cell(head, ""); for (const r of chosen) cell(head, "run " + r.id);
          const body = table.createTBody();
          const rows = [["experiment", (r) => r.experiment]];
          for (const k of [...new Set(chosen.flatMap((r) => Object.keys(r.params)))].sort()) rows.push(["param " + k, (r) => r.params[k] ?? "–"]);
          for (const k of [...new Set(chosen.flatMap((r) => Object.keys(r.metrics)))].sort()) rows.push(["metric " + k, (r) => r.metrics[k] == null ? "–" : short(r.metrics[k])]);
          for (const [label, get] of rows) { const row = body.insertRow(); cell(row, label); const values = chosen.map(get);
            const differ = new Set(values.map(String)).size > 1; for (const v of values) { const td = cell(row, v); if (differ) td.style.fontWeight = "600"; } }
        }
        function drawModels() {
          const body = $("#models tbody"); body.replaceChildren(); const select = $("#predict-model"); select.replaceChildren();
          for (const m of models) {
            for (const v of m.versions) {
              const row = body.insertRow(); cell(row, m.name); cell(row, v.version, true);
              cell(row, Object.keys(m.aliases).filter((a) => m.aliases[a] === v.version).sort().join(", "));
              cell(row, v.kind || "?"); cell(row, v.input ? v.input.columns.join(", ") + (v.input.window ? " (window " + v.input.window + ")" : "") : "");
              cell(row, metricText(v.metrics));
              const option = document.createElement("option"); option.value = m.name + "/versions/" + v.version;
              option.textContent = m.name + " version " + v.version; select.append(option);
            }
          }
          fillExample();
        }
        function fillExample() {
          const [name, , version] = $("#predict-model").value.split("/");
          const m = models.find((x) => x.name === name); const v = m && m.versions.find((x) => String(x.version) === version);
          if (!v || !v.input) { $("#predict-rows").value = ""; return; }
          const n = v.input.window || 1; const rows = [];
          for (let i = 0; i < n; i++) { const row = {}; for (const c of v.input.columns) row[c] = 0; rows.push(row); }
          $("#predict-rows").value = JSON.stringify({rows}, null, 1);
        }
        async function predict(event) {
          event.preventDefault(); const out = $("#predict-result"); out.className = ""; out.textContent = "…";
          try {
            const r = await fetch("/v1/models/" + $("#predict-model").value + ":predict", {method: "POST", headers: {"Content-Type": "application/json"}, body: $("#predict-rows").value});
            const answer = await r.json();
            if (!r.ok) { out.className = "error"; out.textContent = answer.error ? answer.error.message : r.status; return; }
            out.textContent = JSON.stringify(answer.predictions, null, 1);
          } catch (e) { out.className = "error"; out.textContent = String(e); }
        }
        for (const th of document.querySelectorAll("#runs th[data-key]")) th.addEventListener("click", () => {
          sortDown = sortKey === th.dataset.key ? !sortDown : th.dataset.key === "id"; sortKey = th.dataset.key; drawRuns(); });
        $("#filter").addEventListener("input", drawRuns);
        $("#compare-button").addEventListener("click", compare);
        $("#predict-model").addEventListener("change", fillExample);
        $("#predict-form").addEventListener("submit", predict);
        if (embedded) {
          $("#predict-form").hidden = true;
          $("#predict-result").textContent = "A copy written by `thesis dashboard`: predictions need `thesis serve`.";
        }
        (async () => {
          try { runs = await getJSON("/v1/runs"); drawRuns(); } catch (e) { $("#run-count").textContent = String(e); }
          try { models = (await getJSON("/v1/models")).models; drawModels(); } catch (e) { $("#predict-result").textContent = String(e); }
          document.body.dataset.ready = "true";
        })();
        </script></body></html>
        """

    /// A static copy of the dashboard (`thesis dashboard`): the page with its data in it (runs,
    /// each run with its metrics by step, models) and each run's curves as `curves/ID.svg`, by
    /// path relative to the folder it is written to.
    public static func staticCopy(store: ResultStore, limit: Int = 5000) throws -> [String: Data] {
        let runs = try store.runs(limit: limit)
        var files: [String: Data] = [:]
        var details: [String] = []
        for summary in runs {
            guard let run = try store.run(id: summary.id) else { continue }
            let artifacts = try store.artifacts(ofRun: run.id)
            details.append(
                "\"\(run.id)\":" + String(decoding: try RunExport.json(run, artifacts: artifacts), as: UTF8.self))
            if let svg = try RunCurves.svg(run) { files["curves/\(run.id).svg"] = svg }
            for artifact in artifacts
            where artifact.kind == "figure" && DashboardRoutes.artifactType(artifact.ref) != nil {
                if let directory = store.artifactsDirectory,
                    let bytes = FileManager.default.contents(
                        atPath: directory.appendingPathComponent(artifact.ref).path)
                {
                    files["artifacts/\(artifact.ref)"] = bytes
                }
            }
        }
        let models = String(decoding: try ModelRoutes.listing(ModelCatalog(store: store)), as: UTF8.self)
        let data =
            "{\"runs\":" + String(decoding: try RunExport.json(runs), as: UTF8.self) + ",\"details\":{"
            + details.joined(separator: ",") + "},\"models\":" + models + "}"
        // "<" as \u003c: no string from the store can end the script element.
        let script =
            "<script type=\"application/json\" id=\"thesis-data\">"
            + data.replacingOccurrences(of: "<", with: "\\u003c")
            + "</script>\n"
        files["index.html"] = Data(html.replacingOccurrences(of: "<script>\n", with: script + "<script>\n").utf8)
        return files
    }
}
