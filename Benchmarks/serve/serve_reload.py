#!/usr/bin/env python3
"""Save-to-reload latency of the live preview, measured in headless Chromium.

A copy of a project is served with `thesis serve --port 0`; Chromium opens a chapter page (the
live script connects its event stream); then, RUNS times, a sentence with a new marker word is
appended to the chapter's Markdown file and the clock runs until the page in the browser shows
the word: watcher, rebuild (draft, through the cache), event, reload, load and render, end to end.
The page is scrolled halfway down first; "scroll_kept" says whether every reload kept the place.

With --peer mkdocs, the same chapters (as plain Markdown) are served by `mkdocs serve` (its
livereload) and measured the same way in the same run, for the ratio.

  Benchmarks/serve/serve_reload.py --thesis .build/release/thesis --project . --chapter chapters/03-data.md --runs 15
Prints one JSON object: medians, p90 and every sample in milliseconds.
"""
import argparse
import importlib.util
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("browser_check", os.path.join(HERE, "..", "..", "Scripts", "browser-check.py"))
browser_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(browser_check)


def copy_project(source, target):
    ignore = shutil.ignore_patterns(".git", ".build", ".build-*", "reports", "figures", "*.sqlite-wal", "*.sqlite-shm", "lock")
    shutil.copytree(source, target, ignore=ignore, symlinks=True)


def page_shows(browser, word):
    try:
        return bool(browser.evaluate("document.body !== null && document.body.innerText.indexOf(%s) >= 0" % json.dumps(word)))
    except Exception:
        return False  # the page is between documents (reloading)


def scroll_position(browser):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            if browser.evaluate("document.readyState") == "complete":
                time.sleep(0.1)  # the live script restores the position on load
                return browser.evaluate("window.scrollY")
        except Exception:
            pass
        time.sleep(0.01)
    return None


def measure(browser, url, chapter_file, runs, settle, ready_check, scroll_kept=None):
    browser.navigate(url)
    deadline = time.monotonic() + 30
    while not ready_check():
        if time.monotonic() > deadline:
            raise RuntimeError("the page's live-reload connection did not open")
        time.sleep(0.05)
    # Scrolled halfway down, as an author reading the page would be.
    target = browser.evaluate("Math.floor((document.documentElement.scrollHeight - window.innerHeight) / 2)")
    browser.evaluate("window.scrollTo(0, %d)" % target)
    samples = []
    for run in range(runs):
        word = "zqmarker%d" % run
        time.sleep(settle)
        start = time.monotonic()
        with open(chapter_file, "a", encoding="utf-8") as handle:
            handle.write("\n\nAn edit for the benchmark: %s.\n" % word)
        deadline = start + 30
        while not page_shows(browser, word):
            if time.monotonic() > deadline:
                raise RuntimeError("the edit %s did not show within 30 s" % word)
            time.sleep(0.002)
        samples.append((time.monotonic() - start) * 1000)
        if scroll_kept is not None:
            position = scroll_position(browser)
            scroll_kept.append(position is not None and abs(position - target) <= 2)
    return samples


def summary(samples):
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered), 1),
            "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
            "samples_ms": [round(s, 1) for s in samples]}


def in_browser(chromium, body):
    """body(browser) in a fresh 1280 x 900 tab of a Chromium that is closed afterwards."""
    browser = browser_check.Browser(chromium)
    try:
        browser.open_tab()
        browser.viewport(1280, 900)
        return body(browser)
    finally:
        browser.close()


def stop(server):
    """Ends a preview server as Ctrl-C does (killed if it does not stop in 10 s)."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def run_thesis(args, chromium, work):
    project = os.path.join(work, "thesis")
    copy_project(args.project, project)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    server = subprocess.Popen([os.path.abspath(args.thesis), "serve", "--port", "0", "--quiet"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        line = server.stdout.readline()
        base = line.split()[2].rstrip("/")
        status = lambda: json.load(urllib.request.urlopen(base + "/_thesis/status", timeout=5))
        # The first build (from the copied cache) must be written before measuring.
        deadline = time.monotonic() + 600
        while status()["generation"] < 1:
            if time.monotonic() > deadline:
                raise RuntimeError("the first build did not finish")
            time.sleep(0.1)
        time.sleep(1)
        page = os.path.splitext(os.path.basename(args.chapter))[0] + ".html"
        kept = []
        samples = in_browser(chromium, lambda browser: measure(
            browser, base + "/" + page, os.path.join(project, args.chapter), args.runs, args.settle,
            lambda: status()["listeners"] >= 1, kept))
        return samples, all(kept)
    finally:
        stop(server)


def run_mkdocs(args, chromium, work):
    site = os.path.join(work, "mkdocs")
    docs = os.path.join(site, "docs")
    os.makedirs(docs)
    chapters = sorted(os.listdir(os.path.join(args.project, "chapters")))
    for name in chapters:
        shutil.copy(os.path.join(args.project, "chapters", name), os.path.join(docs, name))
    with open(os.path.join(site, "mkdocs.yml"), "w") as handle:
        handle.write("site_name: Thesis\nnav:\n" + "".join("  - %s\n" % name for name in chapters))
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    log = open(os.path.join(work, "mkdocs.log"), "w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:%d" % port, "--livereload"],
                              cwd=site, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = "http://127.0.0.1:%d" % port
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers (the site has no index page)
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    log.flush()
                    raise RuntimeError("mkdocs serve did not start:\n" + open(log.name).read()[-2000:])
                time.sleep(0.1)
        page = os.path.splitext(os.path.basename(args.chapter))[0] + "/"
        # mkdocs's script long-polls /livereload/N/N; give it a moment to connect.
        started = time.monotonic()
        return in_browser(chromium, lambda browser: measure(
            browser, base + "/" + page, os.path.join(docs, os.path.basename(args.chapter)), args.runs,
            args.settle, lambda: time.monotonic() - started > 1.5))
    finally:
        stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--thesis", required=True, help="the thesis binary")
    parser.add_argument("--project", required=True, help="the project to copy and serve (built once, so its cache is warm)")
    parser.add_argument("--chapter", required=True, help="the chapter to edit, relative to the project")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--settle", type=float, default=0.6, help="seconds between edits")
    parser.add_argument("--peer", choices=["mkdocs"], help="also measure this peer in the same run")
    args = parser.parse_args()
    chromium = browser_check.find_chromium()
    if not chromium:
        print("serve_reload: Chromium is not installed", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="serve-reload-")
    try:
        samples, scroll_kept = run_thesis(args, chromium, work)
        out = {"thesis": summary(samples)}
        out["thesis"]["scroll_kept"] = scroll_kept
        if args.peer == "mkdocs":
            out["mkdocs"] = summary(run_mkdocs(args, chromium, work))
            out["ratio"] = round(out["mkdocs"]["median_ms"] / out["thesis"]["median_ms"], 2)
        print(json.dumps(out, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
