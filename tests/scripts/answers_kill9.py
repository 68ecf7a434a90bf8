#!/usr/bin/env python3
"""No acknowledged answer is lost when the server is killed (SIGKILL) during a burst of
submissions (docs/collect/campaigns.md, "Durability"). A campaign of 80 open links to a
one-page questionnaire; 6 clients fill and submit them as fast as they can; the server is
killed at a seeded moment; every submission the clients saw acknowledged (303 to /merci)
must be in the store, with its invitation marked submitted, and the store must hold no
submission without its invitation marked (one transaction). Three rounds, each restarting
the server on the same store. Standard library only.
usage: answers_kill9.py FABSCOPE WORKDIR [SEED]"""
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

bin_, work = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261207
rng = random.Random(seed)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
store = os.path.join(work, "s.db")
failures = []


def sheet(rows):
    out = ["<worksheet><sheetData>"]
    for r, row in enumerate(rows, 1):
        out.append('<row r="%d">' % r)
        for c, v in enumerate(row):
            out.append('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + c), r, v))
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def tiny_form(path):
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", '<workbook %s><sheets><sheet name="survey" sheetId="1" r:id="rId1"/>'
                   '<sheet name="settings" sheetId="2" r:id="rId2"/></sheets></workbook>' % ns)
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="%s" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="%s" Target="worksheets/sheet2.xml"/></Relationships>' % (rel, rel))
        z.writestr("xl/worksheets/sheet1.xml", sheet([("type", "name", "label", "required"),
                                                      ("text", "who", "Who?", "yes"),
                                                      ("integer", "n", "How many?", "yes")]))
        z.writestr("xl/worksheets/sheet2.xml", sheet([("form_id",), ("kill9",)]))


def run(*args):
    r = subprocess.run([bin_, "--quiet", "--store", store, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("FAIL: fabscope %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


tiny_form(os.path.join(work, "kill9.xlsx"))
run("form", "import", os.path.join(work, "kill9.xlsx"))
run("campaign", "create", "k9", "--form", "kill9")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def answer(base, token, acked, stop):
    """Fills and submits one link; records its invitation when the submission is acknowledged."""
    jar = urllib.request.HTTPCookieProcessor()
    op = urllib.request.build_opener(jar, NoRedirect)
    url = base + "/q/" + token

    def call(u, fields=None):
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            r = op.open(urllib.request.Request(u, data=data), timeout=10)
            return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, ""
    status, body = call(url)
    if status != 200:
        return
    csrf = re.search(r'name="_csrf" value="([^"]*)"', body).group(1)
    status, _ = call(url, [("_csrf", csrf), ("_page", "0"), ("_action", "next"), ("who", "client"), ("n", "3")])
    if status != 303 or stop.is_set():
        return
    status, _ = call(url + "/envoyer", [("_csrf", csrf)])
    if status == 303:
        acked.append(token)


for round_ in range(3):
    out = run("campaign", "invite", "k9", "--open", "--count", "80", "--base-url", "")
    links = [line.split(",") for line in out.strip().splitlines()[1:]]
    tokens = {row[6].rsplit("/", 1)[1]: int(row[0]) for row in links}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([bin_, "--quiet", "--store", store, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/v1/health", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    acked, stop = [], threading.Event()
    queue = list(tokens)
    lock = threading.Lock()

    def worker():
        while not stop.is_set():
            with lock:
                if not queue:
                    return
                t = queue.pop()
            try:
                answer(base, t, acked, stop)
            except Exception:
                pass
    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    # Kill once some answers are acknowledged, at a seeded moment of the burst.
    wanted = rng.randint(5, 40)
    deadline = time.time() + 30
    while len(acked) < wanted and time.time() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.005)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    seen = list(acked)
    db = sqlite3.connect(store)
    submitted = {row[0] for row in db.execute("SELECT id FROM invitation WHERE submitted_at != ''")}
    with_answer = {row[0] for row in db.execute("SELECT invitation_id FROM submission WHERE invitation_id IS NOT NULL")}
    db.close()
    lost = [tokens[t] for t in seen if tokens[t] not in submitted or tokens[t] not in with_answer]
    if lost:
        failures.append("round %d: %d acknowledged answers lost: %s" % (round_, len(lost), lost[:10]))
    if submitted != with_answer:
        failures.append("round %d: invitations marked and submissions differ: %s"
                        % (round_, sorted(submitted ^ with_answer)[:10]))
    print("round %d: killed after %d acknowledged answers (%d in the store this round), none lost"
          % (round_, len(seen), len([t for t in tokens if tokens[t] in submitted])) if not lost else failures[-1])

# The store opens and serves after the kills.
run("campaign", "status", "k9")
if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("answers_kill9: ok")
