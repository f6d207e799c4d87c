#!/usr/bin/env bash
# End-to-end checks of the example thesis (run by .ci/run after `make test`):
# cold build, a no-op rebuild that executes nothing, a prose edit that executes nothing, a script
# edit that executes exactly the script, verify (scripts included), a tampered figure caught by verify,
# the HTML book checked in headless Chromium (when installed),
# the LaTeX output compiled by latexmk (when installed), and a real FRED-MD vintage update
# (../shared/data, when present) that re-executes exactly the directives that read the data.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${THESIS_BIN:-.build/debug/thesis}
[ -x "$BIN" ] || swift build --product thesis
fail() { echo "ci-example: FAILED: $*" >&2; exit 1; }
summary() {
  local out
  out=$("$BIN" build "$@")
  echo "$out" >&2
  grep '^thesis build:' <<<"$out"
}
executed() { sed -E 's/.* ([0-9]+) executed.*/\1/' <<<"$1"; }

rm -rf .thesis figures reports
"$BIN" example-data data/raw
echo "== cold build"
summary >/dev/null
echo "== no-op rebuild"
line=$(summary)
[ "$(executed "$line")" = 0 ] || fail "the no-op rebuild executed directives: $line"
echo "== a prose edit re-runs nothing"
cp chapters/10-appendix.md /tmp/ci-example-appendix.md
printf '\nOne more sentence of prose.\n' >> chapters/10-appendix.md
line=$(summary)
[ "$(executed "$line")" = 0 ] || fail "a prose edit executed directives: $line"
cp /tmp/ci-example-appendix.md chapters/10-appendix.md
echo "== a script edit re-runs exactly the script"
cp analysis/chart.py /tmp/ci-example-chart.py
printf '\n# an edit to the helper the script imports\n' >> analysis/chart.py
line=$(summary)
[ "$(executed "$line")" = 1 ] || fail "an edit of the script's helper executed $(executed "$line") directives, not 1: $line"
cp /tmp/ci-example-chart.py analysis/chart.py
line=$(summary)
[ "$(executed "$line")" = 0 ] || fail "restoring the helper executed directives (its result is cached): $line"
echo "== verify"
"$BIN" verify | tail -1
echo "== a tampered figure fails verify"
figure=$(ls figures/*.svg | head -1)
cp "$figure" /tmp/ci-example-figure.svg
echo "<!-- edited -->" >> "$figure"
if "$BIN" verify >/tmp/ci-example-verify.txt; then fail "verify passed with a tampered $figure"; fi
grep -q "$figure was modified after the build" /tmp/ci-example-verify.txt || fail "verify did not name $figure"
cp /tmp/ci-example-figure.svg "$figure"
"$BIN" verify | tail -1
if command -v chromium >/dev/null 2>&1; then
  echo "== the HTML book in Chromium"
  # Every page loads without a console error, every internal link resolves, no horizontal
  # overflow at 1280 px or on a phone, search finds a word of chapter 6, a figure opens full size;
  # screenshots of three pages go to /tmp/ci-example-screenshots.
  python3 Scripts/browser-check.py reports/html --search diebold=06-comparison.html --zoom 04-favar.html \
    --screenshot index.html --screenshot 03-data.html --screenshot 06-comparison.html \
    --out /tmp/ci-example-screenshots || fail "the HTML book failed in Chromium"
else
  echo "== the HTML book in Chromium: chromium not installed, skipped"
fi
echo "== the champion: thesis predict and the served endpoint agree bit for bit"
# Chapter 7 registers the LSTM as unemployment@champion; predict from the raw UNRATE column (the
# numbers are not the prepared panel's, but both paths must give the same bits).
python3 - <<'PY'
import csv
rows = list(csv.reader(open('data/raw/fredmd.csv')))
header, data = rows[0], [r for r in rows[1:] if r[0][:1].isdigit()]
k = header.index('UNRATE')
with open('/tmp/ci-example-unrate.csv', 'w') as f:
    f.write('date,UNRATE\n' + ''.join('%s,%s\n' % (r[0], r[k]) for r in data[-60:]))
PY
"$BIN" models show unemployment@champion >/tmp/ci-example-champion.txt
head -3 /tmp/ci-example-champion.txt  # (not piped: head closing the pipe would fail the script)
"$BIN" predict unemployment@champion --input /tmp/ci-example-unrate.csv --output /tmp/ci-example-predicted.csv
python3 - "$BIN" <<'PY' || fail "the served predictions differ from thesis predict, or the dashboard failed"
import csv, json, os, subprocess, sys, urllib.request
expected = [r['predicted_UNRATE'] for r in csv.DictReader(open('/tmp/ci-example-predicted.csv'))]
rows = [{'UNRATE': float(r['UNRATE'])} for r in csv.DictReader(open('/tmp/ci-example-unrate.csv'))]
server = subprocess.Popen([sys.argv[1], 'serve', '--port', '0', '--quiet'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    base = server.stdout.readline().split()[2].rstrip('/')
    request = urllib.request.Request(base + '/v1/models/unemployment@champion:predict', data=json.dumps({'rows': rows}).encode(),
                                     headers={'Content-Type': 'application/json'})
    body = urllib.request.urlopen(request, timeout=30).read().decode()
    # The served numbers as written (shortest round-trip), compared as text with the CSV's.
    served = [part.split('}')[0] for part in body.split('"predicted_UNRATE":')[1:]]
    assert served == expected, (served[:3], expected[:3])
    print('%d predictions agree' % len(served))
    if os.path.exists('/usr/bin/chromium'):
        window = json.dumps({'rows': rows[:12]})
        subprocess.run(['python3', 'Scripts/dashboard-check.py', base, '--model', 'unemployment/versions/1', '--rows', window], check=True,
                       stdout=subprocess.DEVNULL)
        print('the dashboard works in Chromium')
finally:
    server.send_signal(2)
    server.wait(timeout=10)
PY
if command -v latexmk >/dev/null 2>&1; then
  echo "== LaTeX"
  "$BIN" build --pdf >/tmp/ci-example-pdf.txt 2>&1 || { cat /tmp/ci-example-pdf.txt; fail "thesis build --pdf failed"; }
  tail -1 /tmp/ci-example-pdf.txt
  [ -s reports/latex/thesis.pdf ] || fail "no PDF"
  # The example's PDF has no overfull box over 10pt (each is a warning at its chapter line) and
  # no undefined reference or citation.
  if grep -q "warning: LaTeX" /tmp/ci-example-pdf.txt; then cat /tmp/ci-example-pdf.txt; fail "overfull boxes in the example's PDF"; fi
  if grep -qiE "undefined (references|citations)|Citation .* undefined|Reference .* undefined" reports/latex/thesis.log; then
    fail "undefined references in the example's PDF"
  fi
else
  echo "== LaTeX: latexmk not installed, skipped"
fi

SHARED=../shared/data/fred-md
if [ -f "$SHARED/2023-01.csv" ] && [ -f "$SHARED/2023-06.csv" ]; then
  echo "== real FRED-MD: 2023-01, then the 2023-06 vintage as a data update"
  mkdir -p data/fred-md
  cp "$SHARED/2023-01.csv" data/fred-md/current.csv
  summary --data fredmd=data/fred-md/current.csv >/dev/null
  cp "$SHARED/2023-06.csv" data/fred-md/current.csv
  status=$("$BIN" status --data fredmd=data/fred-md/current.csv)
  grep -q "input data/fred-md/current.csv changed" <<<"$status" || fail "status does not name the changed file: $status"
  line=$(summary --data fredmd=data/fred-md/current.csv)
  dependent=$(python3 - <<'PY'
import json
m = json.load(open('reports/manifest.json'))
keys = {e['key']: e for e in m['directives']}
direct = {e['key'] for e in m['directives'] if 'data/fred-md/current.csv' in e['inputs']}
changed = set(direct)
while True:
    more = {e['key'] for e in m['directives'] if any(k in changed for k in e['dependencies'].values())} - changed
    if not more: break
    changed |= more
print(len(changed))
PY
)
  [ "$(executed "$line")" = "$dependent" ] || fail "the update executed $(executed "$line") directives; $dependent depend on the data"
  "$BIN" verify --data fredmd=data/fred-md/current.csv | tail -1
  rm -rf data/fred-md
else
  echo "== real FRED-MD: ../shared/data not found, skipped"
fi
echo "ci-example: all checks passed"
