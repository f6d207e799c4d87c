#!/usr/bin/env python3
"""Checks the tracking dashboard of a running `thesis serve` in headless Chromium (the DevTools
driver of Scripts/browser-check.py): the page loads with no console error, uncaught exception or
failed load; the runs table lists the runs, sorts by a clicked column and filters; two ticked runs
are compared side by side; a clicked run shows its curves (an SVG drawn by the server); the models
table lists the registered versions; and the prediction form, sent for MODEL with ROWS, shows a
prediction.

  Scripts/dashboard-check.py http://127.0.0.1:8000 --model NAME/versions/1 --rows '{"rows": [...]}' [--screenshot FILE [--show-run ID]]
  Scripts/dashboard-check.py file:///PROJECT/reports/dashboard/index.html --static
Prints one JSON object of what it saw; exits 1 when anything failed, 2 when Chromium is missing.
"""
import argparse
import importlib.util
import json
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("browser_check", os.path.join(here, "browser-check.py"))
browser_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(browser_check)


def wait(browser, expression, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--model")
    parser.add_argument("--rows")
    parser.add_argument("--static", action="store_true", help="BASE is a copy written by `thesis dashboard` (a file:// URL of its index.html); no prediction")
    parser.add_argument("--screenshot")
    parser.add_argument("--show-run", type=int, help="open this run's curves before the screenshot")
    args = parser.parse_args()
    chromium = browser_check.find_chromium()
    if not chromium:
        print("Chromium is not installed", file=sys.stderr)
        return 2
    browser = browser_check.Browser(chromium)
    seen, failures = {}, []
    try:
        browser.open_tab()
        browser.viewport(1280, 900)
        browser.navigate(args.base if args.static else args.base.rstrip("/") + "/dashboard")
        if not wait(browser, "document.body.dataset.ready === 'true'"):
            failures.append("the page never finished loading its data")
        ids = "Array.from(document.querySelectorAll('#runs tbody tr')).map(r => Number(r.dataset.id))"
        seen["runs"] = browser.evaluate(ids)
        seen["experiments"] = browser.evaluate("Array.from(document.querySelectorAll('#runs tbody tr')).map(r => r.cells[2].textContent)")
        seen["images_in_table"] = browser.evaluate("document.querySelectorAll('#runs img, #models img').length")
        browser.evaluate("document.querySelector('#runs th[data-key=id]').click()")
        seen["runs_sorted_by_id_ascending"] = browser.evaluate(ids)
        if seen["runs_sorted_by_id_ascending"] != sorted(seen["runs"]):
            failures.append("clicking 'id' did not sort the runs ascending")
        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'no-such-experiment'; f.dispatchEvent(new Event('input')); })()")
        seen["runs_after_filter"] = len(browser.evaluate(ids))
        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input')); })()")
        browser.evaluate("Array.from(document.querySelectorAll('#runs tbody input')).slice(0, 2).forEach(b => b.click())")
        browser.evaluate("document.getElementById('compare-button').click()")
        seen["comparison_columns"] = browser.evaluate(
            "document.querySelectorAll('#comparison-table thead td, #comparison-table thead th').length")
        # The first run (in id order) with metrics by step: a run without them says so instead.
        seen["curve_width"] = None
        for k in range(min(len(seen["runs"]), 10)):
            browser.evaluate("document.querySelectorAll('#runs tbody a')[%d].click()" % k)
            shown = wait(browser, "(() => { const i = document.querySelector('#curves img'); if (i) return i.complete && i.naturalWidth ? 'img' : null;"
                                  " return document.querySelector('#curves p.muted') ? 'none' : null; })()")
            if shown == "img":
                seen["curve_width"] = browser.evaluate("document.querySelector('#curves img').naturalWidth")
                break
        if not seen["curve_width"]:
            failures.append("the run's curves did not load")
        seen["model_rows"] = browser.evaluate("document.querySelectorAll('#models tbody tr').length")
        if args.static:
            seen["prediction"] = browser.evaluate("document.getElementById('predict-result').textContent")
            if "thesis serve" not in (seen["prediction"] or ""):
                failures.append("the static copy does not say predictions need thesis serve")
        else:
            browser.evaluate(
                "(() => { const s = document.getElementById('predict-model'); s.value = %s; s.dispatchEvent(new Event('change'));"
                " document.getElementById('predict-rows').value = %s;"
                " document.querySelector('#predict-form button').click(); })()" % (json.dumps(args.model), json.dumps(args.rows)))
            result = wait(browser, "(() => { const t = document.getElementById('predict-result').textContent;"
                                   " return t.includes('predicted_') || document.getElementById('predict-result').className === 'error' ? t : null; })()")
            seen["prediction"] = json.loads(result) if result and result.lstrip().startswith("[") else result
            if not isinstance(seen["prediction"], list):
                failures.append("the prediction form showed no prediction: %s" % result)
        if args.screenshot:
            if args.show_run is not None:
                browser.evaluate("document.querySelector('#runs tbody tr[data-id=\"%d\"] a').click()" % args.show_run)
                wait(browser, "(() => { const i = document.querySelector('#curves img'); return i && i.complete && i.naturalWidth; })()")
            browser.evaluate("window.scrollTo(0, 0)")
            browser.screenshot(args.screenshot)
        seen["problems"] = browser.problems()
        failures += seen["problems"]
    finally:
        browser.close()
    seen["failures"] = failures
    print(json.dumps(seen))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
