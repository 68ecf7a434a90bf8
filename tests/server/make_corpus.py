#!/usr/bin/env python3
"""Writes tests/server/http_corpus.txt: hostile HTTP requests for the server test
(tests/unit/server/test_hostile.cpp). One case per line:

    EXPECTED<TAB>NAME<TAB>REQUEST

EXPECTED is a status or several separated by '|' (0: the server may close the connection
without answering); a trailing '!' means the body must not reflect the string
<script>alert(1)</script>. REQUEST is the raw request with \\r, \\n, \\t, \\\\ and \\xHH
escapes, and \\*N:c for the byte c repeated N times. Regenerate with: python3 tests/server/make_corpus.py > tests/server/http_corpus.txt
"""

cases = []


def esc(raw: bytes) -> str:
    out = []
    i = 0
    while i < len(raw):
        b = raw[i]
        j = i
        while j < len(raw) and raw[j] == b:
            j += 1
        if j - i >= 64 and 0x21 <= b < 0x7F and b != 0x5C:
            out.append("\\*%d:%s" % (j - i, chr(b)))
            i = j
            continue
        i += 1
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x0D:
            out.append("\\r")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        else:
            out.append("\\x%02X" % b)
    return "".join(out)


def add(expected, name, raw):
    if isinstance(raw, str):
        raw = raw.encode("latin-1")
    cases.append((expected, name, raw))


def get(target, expected, name, method="GET", headers=b"", body=b""):
    if isinstance(target, str):
        target = target.encode("latin-1")
    raw = method.encode() + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
    if body:
        raw += b"Content-Length: " + str(len(body)).encode() + b"\r\n"
    raw += b"\r\n" + body
    add(expected, name, raw)


api_routes = [
    "/api/v1/health", "/api/v1/openapi.json", "/api/v1/indicators", "/api/v1/territories/search?q=rennes",
    "/api/v1/territories/dep", "/api/v1/territories/commune/35238", "/api/v1/workshops",
    "/api/v1/workshops/fablabs_io:Lab01", "/api/v1/evaluation?top=3",
]
page_routes = [
    "/", "/carte.svg", "/carte.geojson", "/carte.csv", "/ateliers", "/ateliers/fablabs_io:Lab01", "/territoires",
    "/territoires/commune/35238", "/referentiel", "/static/app.js",
]
all_routes = api_routes + page_routes

# 1. Invalid bytes, NUL and control characters in the path and the query, on every route family.
bad_bytes = ["%FF", "%ff", "%C3%28", "%ED%A0%80", "%F8%88%80%80%80", "%C0%AF", "%00", "%0A", "%0D", "%1B", "%7F"]
for b in bad_bytes:
    for base in ["/api/v1/territories/", "/api/v1/anything", "/api/", "/api/v1/workshops/", "/ateliers/",
                 "/territoires/commune/", "/", "/carte.svg/"]:
        get(base + b, "400", f"path {base}{b}")
for b in ["%FF", "%00", "%C3%28", "%0D%0A"]:
    for r in ["/api/v1/territories/search?q=a&level=", "/api/v1/territories/dep?limit=", "/api/v1/workshops?kind=",
              "/?indicator=", "/ateliers?q=", "/territoires?q=", "/carte.svg?level=", "/?lang=",
              "/api/v1/evaluation?top="]:
        get(r + b, "400", f"query {r}{b}")
    get("/ateliers?" + b + "=1", "400", f"query key {b}")
# 2. Bad percent-encoding.
for b in ["%", "%4", "%zz", "%%", "%G0", "%-1", "%%41"]:
    get("/api/v1/territories/commune/" + b, "400", f"percent {b} (API)")
    get("/territoires/" + b, "400", f"percent {b} (page)")
    get("/api/v1/workshops?dep=" + b, "400", f"percent {b} (query)")
# 3. Raw bytes that are not ASCII in the request line.
add("400|0", "raw 0xFF in the path", b"GET /api/v1/\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
add("400|404|0", "raw NUL in the path (the target ends at the NUL)", b"GET /api/v1/\x00x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
add("200|400|404", "raw UTF-8 in the path", "GET /territoires?q=Ch\u00e2teaulin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
# 4. Overlong targets, many and huge headers.
get("/api/v1/territories/search?q=" + "a" * 9000, "414|431", "target of 9 KB (API)")
get("/ateliers?q=" + "b" * 9000, "414|431", "target of 9 KB (page)")
get("/" + "c" * 40000, "414|431", "target of 40 KB")
get("/ateliers", "431|413|400", "150 header fields", headers=b"".join(b"X-H%d: v\r\n" % i for i in range(150)))
get("/ateliers", "431|413|400", "a 40 KB header", headers=b"X-Big: " + b"d" * 40000 + b"\r\n")
get("/api/v1/health", "200", "90 header fields", headers=b"".join(b"X-H%d: v\r\n" % i for i in range(90)))
# 5. Headers with invalid bytes are not echoed; the request is still answered.
get("/api/v1/health", "200|400", "invalid UTF-8 in a header", headers=b"X-Name: \xff\xfe\r\n")
get("/api/v1/health", "200|400", "NUL in a header", headers=b"X-Name: a\x00b\r\n")
get("/api/v1/health", "200|400", "Accept-Language with bad bytes", headers=b"Accept-Language: \xc3\x28\r\n")
get("/", "200|400|503", "Accept-Encoding garbage", headers=b"Accept-Encoding: \xff, gzip;q=\x00\r\n")
get("/api/v1/health", "400", "header without a colon", headers=b"NoColonHere\r\n")
# 6. Every method on every route.
for m in ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO"]:
    for r in all_routes:
        get(r, "405", f"{m} {r}", method=m, body=b"x=1" if m in ("POST", "PUT", "PATCH") else b"")
for r in all_routes:
    get(r, "204", f"OPTIONS {r}", method="OPTIONS")
for r in all_routes:
    get(r, "200", f"HEAD {r}", method="HEAD")
for m in ["POST", "DELETE", "HEAD"]:
    get("/api/v1/nothing-here", "404", f"{m} unknown API route", method=m)
# 7. Content-Length and bodies.
add("400|413", "Content-Length not a number", b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: abc\r\n\r\n")
add("400|413", "Content-Length negative", b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -1\r\n\r\n")
add("400|413", "Content-Length of 20 digits", b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 99999999999999999999\r\n\r\n")
add("413", "Content-Length of 1 GB", b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1000000000\r\n\r\n")
add("400|413", "two Content-Length", b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde")
add("200", "GET with a body of bad bytes", b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 4\r\n\r\n\xff\x00\xfe\x01")
add("413|0", "chunked body of 2 MB (refused while the client still sends: the answer may be lost in the reset)", b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n" + b"e" * 0x200000 + b"\r\n0\r\n\r\n")
add("400|405|413", "bad chunk size", b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
# 8. Malformed request lines.
add("400|0", "no target", b"GET\r\n\r\n")
add("400|0", "no version", b"GET /\r\nHost: x\r\n\r\n")
add("400|505|0", "HTTP/9.9", b"GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n")
add("400|0", "binary garbage", bytes(range(256)) + b"\r\n\r\n")
add("400|0", "lone CRLFs then garbage", b"\r\n\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n")
add("400|0", "TLS ClientHello", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 64 + b"\r\n\r\n")
add("400|0", "spaces in the target", b"GET /a b c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
add("400|404|0", "absolute-form target", b"GET http://evil.example/api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
add("400|0", "asterisk target on GET", b"GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
add("200|400", "HTTP/1.0 without Host", b"GET /api/v1/health HTTP/1.0\r\n\r\n")
add("400", "HTTP/1.1 without Host", b"GET /api/v1/health HTTP/1.1\r\nConnection: close\r\n\r\n")
add("400|0", "LF-only line endings with bad bytes", b"GET /\xff HTTP/1.1\nHost: x\nConnection: close\n\n")
# 9. Bad parameter values on the API and the pages.
for q in ["limit=-1", "limit=1e99", "limit=abc", "limit=99999999999999999999", "offset=-5", "offset=x", "limit=5001"]:
    get("/api/v1/territories/dep?" + q, "400", f"territories {q}")
for q in ["top=-1", "top=abc", "top=100001", "top=1e3"]:
    get("/api/v1/evaluation?" + q, "400", f"evaluation {q}")
for q in ["level=nope", "limit=0x10", "limit=101", "q="]:
    get("/api/v1/territories/search?q=a&" + q if q != "q=" else "/api/v1/territories/search?q=", "400", f"search {q}")
for q in ["laureate=2", "laureate=%C3%A9"]:
    get("/api/v1/workshops?" + q, "400", f"workshops {q}")
get("/api/v1/territories/nope", "400", "unknown level")
get("/api/v1/territories/commune/00000", "404", "unknown commune")
get("/api/v1/workshops/nope:nothing", "404", "unknown workshop")
# A store without the commune polygons of all France has no EPCI boundaries: 404, saying so.
get("/?level=epci", "404", "home level=epci")
get("/carte.svg?level=epci", "404", "map svg level=epci")
for q in ["indicator=nope", "level=fr", "level=nope", "method=nope", "classes=-3", "classes=1000", "method=manual&breaks=a,b,c",
          "method=manual&breaks=1e400",
          "indicator=%3Cscript%3E"]:
    get("/?" + q, "400", f"home {q}")
    get("/carte.svg?" + q, "400", f"map svg {q}")
for q in ["format=doc", "format=%3Cscript%3Ealert(1)%3C/script%3E", "score_min=abc", "density_class=x"]:
    get("/ateliers?" + q, "400!", f"workshops page {q}")
get("/ateliers?q=%3Cscript%3Ealert(1)%3C/script%3E", "200!", "workshops search reflects escaped")
get("/territoires?q=%3Cscript%3Ealert(1)%3C/script%3E", "200!", "territory search reflects escaped")
get("/territoires/commune/35238?format=nope", "400", "territory page format")
get("/territoires/nope/35238", "400|404", "territory page bad level")
get("/territoires/commune/99999", "404", "territory page unknown commune")
get("/ateliers/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "404!", "unknown fiche reflects escaped")
get("/api/v1/workshops/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "404!", "unknown workshop in the API")
# 10. Traversal and odd paths.
for t in ["/../../etc/passwd", "/static/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fetc%2fpasswd",
          "//etc/passwd", "/static/", "/static/style.css", "/api/v1/", "/api/v1", "/api", "/ateliers/", "/.git/config",
          "/<script>alert(1)</script>"]:
    get(t, "404!" if "script" in t else "404", f"odd path {t}")
get("/%3Cscript%3Ealert(1)%3C/script%3E", "404!", "XSS in the path (page)")
get("/api/%3Cscript%3Ealert(1)%3C/script%3E", "404!", "XSS in the path (API)")
# 11. Conditional and encoded requests are ordinary requests.
get("/api/v1/indicators", "200", "If-None-Match garbage", headers=b"If-None-Match: \xff\"\r\n")
get("/api/v1/indicators", "200", "gzip asked", headers=b"Accept-Encoding: gzip\r\n")
get("/api/v1/health", "200", "Expect 100-continue without body", headers=b"Expect: 100-continue\r\n")

for expected, name, raw in cases:
    assert "\t" not in name
    print(f"{expected}\t{name}\t{esc(raw)}")
