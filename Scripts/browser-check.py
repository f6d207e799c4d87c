#!/usr/bin/env python3
"""Checks an HTML report in a real browser: headless Chromium driven over the DevTools protocol
(through a pipe: --remote-debugging-pipe, so nothing listens on a port and only the standard
library is needed).

For every page of the report (reports/html/*.html) it checks that:
  - the page loads with no console error, no uncaught exception and no failed resource load;
  - every file the page refers to (images, scripts, style sheets) exists in the report;
  - every internal link resolves: its page exists and the fragment is an element id on that page;
  - at 1280 x 900 nothing overflows horizontally and the sidebar is visible; at 390 x 800 (a
    phone) nothing overflows either and the contents button is visible;
and, when asked:
  --search WORD=PAGE   typing WORD into the search box lists a result on PAGE (e.g. 06-comparison.html)
  --zoom PAGE          clicking the first figure on PAGE opens it full size
  --screenshot PAGE    saves a 1280 x 900 PNG of PAGE into --out

Prints one line per problem and a summary; exits 1 when anything fails, 2 when Chromium is missing.

  Scripts/browser-check.py reports/html --search inflation=06-comparison.html --screenshot index.html --out /tmp/shots
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """Headless Chromium over --remote-debugging-pipe (fd 3: commands in, fd 4: replies out)."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="thesis-chromium-")
        command_read, self.command_write = os.pipe()
        self.reply_read, reply_write = os.pipe()

        def wire():
            os.dup2(command_read, 3)
            os.dup2(reply_write, 4)

        args = [chromium, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--font-render-hinting=none",
                "--user-data-dir=" + self.profile, "about:blank"]
        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=wire,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(command_read)
        os.close(reply_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.call("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        import select
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no reply from Chromium")
            ready, _, _ = select.select([self.reply_read], [], [], remaining)
            if ready:
                chunk = os.read(self.reply_read, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.command_write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"].get("message")))
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        for k, event in enumerate(self.events):
            if event["method"] == method:
                del self.events[k]
                return event
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method:
                return event
            if "method" in event:
                self.events.append(event)

    def open_tab(self):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")

    def viewport(self, width, height, mobile=False):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def navigate(self, url, timeout=30):
        self.events = []
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired", timeout)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError("script failed: %s" % result["exceptionDetails"].get("text"))
        return result["result"].get("value")

    def problems(self):
        """Console errors, uncaught exceptions and failed loads seen since the last navigation."""
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append("uncaught exception: %s" % (details.get("exception", {}).get("description") or details.get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append("console.error: %s" % " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                found.append("%s: %s" % (entry.get("source"), entry.get("text")) + (" (%s)" % entry["url"] if entry.get("url") else ""))
        return found

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


PAGE_FACTS = """(() => {
  const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));
  const resources = [];
  document.querySelectorAll('img[src]').forEach(e => resources.push(e.getAttribute('src')));
  document.querySelectorAll('source[srcset]').forEach(e => resources.push(e.getAttribute('srcset')));
  document.querySelectorAll('script[src]').forEach(e => resources.push(e.getAttribute('src')));
  document.querySelectorAll('link[rel=stylesheet]').forEach(e => resources.push(e.getAttribute('href')));
  document.querySelectorAll('object[data]').forEach(e => resources.push(e.getAttribute('data')));
  return {ids, links, resources};
})()"""

LAYOUT = """(() => {
  const root = document.documentElement;
  const sidebar = document.querySelector('.sidebar');
  const toggle = document.querySelector('.menu-toggle');
  const visible = e => !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0;
  const wide = Array.from(document.querySelectorAll('main *')).filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > window.innerWidth + 1 && !e.closest('.table-wrap, pre, .math, .katex-display');
  }).slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {overflow: root.scrollWidth - window.innerWidth, sidebar: visible(sidebar), toggle: visible(toggle), wide};
})()"""


def search(browser, word):
    return browser.evaluate("""(() => {
      const input = document.getElementById('search-input');
      if (!input) { return null; }
      input.value = %s;
      input.dispatchEvent(new Event('input'));
      return Array.from(document.querySelectorAll('#search-results a')).map(a => a.getAttribute('href'));
    })()""" % json.dumps(word))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", help="the HTML report's folder (reports/html) or a URL (http://127.0.0.1:8000/)")
    parser.add_argument("--search", action="append", default=[], metavar="WORD=PAGE")
    parser.add_argument("--zoom", action="append", default=[], metavar="PAGE")
    parser.add_argument("--screenshot", action="append", default=[], metavar="PAGE")
    parser.add_argument("--out", default=".", help="folder for screenshots")
    args = parser.parse_args()

    chromium = find_chromium()
    if not chromium:
        print("browser-check: no Chromium found (Debian: apt-get install chromium)")
        return 2
    root = os.path.abspath(args.report)
    pages = sorted(name for name in os.listdir(root) if name.endswith(".html"))
    if not pages:
        print("browser-check: no .html pages in %s" % root)
        return 1
    failures = []
    facts = {}
    browser = Browser(chromium)
    try:
        browser.open_tab()
        for page in pages:
            url = "file://" + os.path.join(root, page)
            browser.viewport(1280, 900)
            browser.navigate(url)
            time.sleep(0.05)
            for problem in browser.problems():
                failures.append("%s: %s" % (page, problem))
            facts[page] = browser.evaluate(PAGE_FACTS)
            layout = browser.evaluate(LAYOUT)
            if layout["overflow"] > 0:
                failures.append("%s: the page is %d px wider than the 1280 px window (%s)" % (page, layout["overflow"], ", ".join(layout["wide"])))
            if not layout["sidebar"]:
                failures.append("%s: no visible sidebar at 1280 px" % page)
            browser.viewport(390, 800, mobile=True)
            browser.navigate(url)
            layout = browser.evaluate(LAYOUT)
            if layout["overflow"] > 0:
                failures.append("%s: the page is %d px wider than a 390 px phone (%s)" % (page, layout["overflow"], ", ".join(layout["wide"])))
            if not layout["toggle"]:
                failures.append("%s: no contents button on a 390 px phone" % page)
        links = 0
        for page, found in facts.items():
            for resource in found["resources"]:
                path = urllib.parse.unquote(resource.split("#")[0].split("?")[0])
                if "://" not in resource and not os.path.exists(os.path.join(root, path)):
                    failures.append("%s: refers to %s, which is not in the report" % (page, resource))
            for href in found["links"]:
                if href.startswith(("http:", "https:", "mailto:")):
                    continue
                links += 1
                target, _, fragment = href.partition("#")
                target = urllib.parse.unquote(target) or page
                fragment = urllib.parse.unquote(fragment)
                if target not in facts:
                    failures.append("%s: link %s: no page %s" % (page, href, target))
                elif fragment and fragment not in facts[target]["ids"]:
                    failures.append("%s: link %s: no element with id '%s' on %s" % (page, href, fragment, target))
        browser.viewport(1280, 900)
        for item in args.search:
            word, _, expected = item.partition("=")
            browser.navigate("file://" + os.path.join(root, "index.html"))
            results = search(browser, word)
            if results is None:
                failures.append("search: index.html has no search box")
            elif not any(r.split("#")[0] == expected for r in results):
                failures.append("search: '%s' lists no result on %s (results: %s)" % (word, expected, ", ".join(results[:5]) or "none"))
            else:
                print("search: '%s' found on %s (%d results)" % (word, expected, len(results)))
            for problem in browser.problems():
                failures.append("search '%s': %s" % (word, problem))
        for page in args.zoom:
            browser.navigate("file://" + os.path.join(root, page))
            opened = browser.evaluate("""(() => {
              const img = document.querySelector('main figure img');
              if (!img) { return 'no figure'; }
              img.click();
              const zoom = document.querySelector('.zoom');
              return zoom && !zoom.hidden && zoom.querySelector('img').getAttribute('src') ? 'open' : 'closed';
            })()""")
            if opened != "open":
                failures.append("zoom: clicking the first figure on %s: %s" % (page, opened))
        if args.screenshot:
            os.makedirs(args.out, exist_ok=True)
        for page in args.screenshot:
            browser.navigate("file://" + os.path.join(root, page))
            time.sleep(0.2)
            path = os.path.join(args.out, page.replace(".html", ".png"))
            browser.screenshot(path)
            print("screenshot: %s" % path)
    finally:
        browser.close()
    for failure in failures:
        print("FAIL " + failure)
    print("browser-check: %d pages, %d internal links, %d problems" % (len(pages), links, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
