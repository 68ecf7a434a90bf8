#!/usr/bin/env python3
"""Values from a register are escaped wherever the server shows them (ctest: server_escaping).

    tests/server/escaping.py FABSCOPE_BINARY WORK_DIR

Builds a store (import --all) with a register whose names hold markup, quotes, ampersands
and spreadsheet formulas, serves it on 127.0.0.1 and checks the workshop list, a fiche, the
home map, the CSV download and the API: markup never comes out raw.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body


NAMES = [
    '<script>alert(1)</script>',
    'Lab "guillemets" & co',
    "<img src=x onerror=alert(2)>",
    '=HYPERLINK("http://example.invalid","clic")',
]


def main():
    binary, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    store = os.path.join(work, "escaping.db")
    subprocess.run([binary, "--quiet", "--store", store, "import", "--all"], check=True, timeout=300)
    csv_path = os.path.join(work, "hostile.csv")
    with open(csv_path, "w", encoding="utf-8") as f:
        f.write("ID;Nom;Commune;CP\n")
        for i, n in enumerate(NAMES):
            f.write(f'h{i};"{n.replace(chr(34), chr(34) * 2)}";Rennes;35000\n')
    mapping = os.path.join(work, "hostile.toml")
    with open(mapping, "w", encoding="utf-8") as f:
        f.write('date = "2026-12"\nformat = "csv"\ndelimiter = ";"\nencoding = "utf-8"\n'
                '[columns]\nkey = "ID"\nname = "Nom"\ncity = "Commune"\npostcode = "CP"\n')
    r = subprocess.run([binary, "--quiet", "--store", store, "workshops", "import", "hostile_test", csv_path,
                        "--mapping", mapping], capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"hostile register imported (exit {r.returncode}) {r.stderr[:300]}")
    p = subprocess.Popen([binary, "--store", store, "serve", "--bind", "127.0.0.1", "--port", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        m = re.search(r":(\d+)/", p.stdout.readline())
        port = int(m.group(1))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            st, body = get(port, "/api/v1/health")
            if '"ready":true' in body:
                break
            time.sleep(0.2)
        st, workshops = get(port, "/api/v1/workshops?source=hostile_test")
        records = json.loads(workshops) if st == 200 else []
        check(len(records) == len(NAMES), f"the API lists the {len(NAMES)} hostile workshops ({len(records)})")
        check("<script>" not in workshops and "\\u003cscript\\u003e" in workshops, "API: markup written \\u003c…")
        check(sorted(w["name"] for w in records) == sorted(NAMES), "API: the names are given back exactly")
        pages = {"/ateliers": None, "/ateliers?q=script": None, "/": None, "/carte.svg": None}
        for w in records:
            pages["/ateliers/" + urllib.parse.quote(w["id"], safe="")] = w["name"]
        for path in pages:
            st, body = get(port, path)
            check(st == 200, f"{path}: {st}")
            for n in NAMES[:3]:
                check(n not in body, f"{path}: raw {n!r} absent")
            if pages[path] == NAMES[0]:
                check("&lt;script&gt;alert(1)&lt;/script&gt;" in body, f"{path}: the name shown escaped")
            if pages[path] == NAMES[1]:
                check("Lab &quot;guillemets&quot; &amp; co" in body or "Lab &#34;guillemets&#34; &amp; co" in body,
                      f"{path}: quotes and ampersand escaped")
        st, csv = get(port, "/ateliers?format=csv&q=HYPERLINK")
        check(st == 200, f"CSV download: {st}")
        check(not re.search(r'(^|[;,\n])"?=HYPERLINK', csv), "CSV: no cell starts with a formula")
    finally:
        p.terminate()
        p.wait(30)
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
