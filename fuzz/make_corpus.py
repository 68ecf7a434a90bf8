#!/usr/bin/env python3
"""Regenerates the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from small
samples cut from the bundled data (../shared/data, or the directory given as argument):
a few KB each, never whole data files. The output is deterministic; run it again only
when a target's input format changes.  Usage: fuzz/make_corpus.py [DATA_DIR]"""
import gzip
import io
import json
import os
import re
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "data")
OUT = os.path.join(HERE, "corpus")
LIMIT = 4096


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def head_lines(path, limit=LIMIT, encoding=None):
    with open(path, "rb") as f:
        raw = f.read(limit)
    cut = raw.rfind(b"\n")
    return raw[: cut + 1] if cut > 0 else raw


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def tar_of(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zip_of(files, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


def p(*parts):
    return os.path.join(DATA, *parts)


# --- csv: mode byte (bits 0-1 delimiter , ; \t |; bit 3 latin1; bit 4 decimal comma;
# bit 5 table reader) + text.
csvs = [
    ("communes_cog", p("communes", "communes_cog2026_etalab.csv"), 0),
    ("departements", p("communes", "departements_cog2026_etalab.csv"), 0),
    ("laposte", p("raw", "laposte_hexasmal_giloop.csv"), 1),
    ("grille", p("communes", "insee_grille_densite_7niv_2024.csv"), 0),
    ("comparateur", p("economy", "insee_base_cc_comparateur_2022.csv"), 1),
    ("fablabs_io", p("fablabs", "fablabs_io_fr_2017.csv"), 0),
    ("maplab", p("fablabs", "maplabbzh_bretagne_2020.csv"), 0),
    ("nesta", p("raw", "nesta_uk_makerspaces_anonymised_2015.csv"), 0),
]
for name, path, delim in csvs:
    if not os.path.exists(path):
        continue
    text = head_lines(path)
    if b";" in text.split(b"\n")[0] and b"," not in text.split(b"\n")[0]:
        delim = 1
    put("csv", name, bytes([delim]) + text)
    put("csv", name + "_table", bytes([delim | 32]) + text)
laposte = head_lines(p("raw", "laposte_hexasmal_giloop.csv"), 2048)
put("csv", "laposte_latin1", bytes([1 | 8]) + laposte.decode("utf-8").encode("latin-1", "replace"))
put("csv", "decimal_comma", bytes([1 | 16 | 32]) + b"code;valeur\n22113;1,5\n29019;\"2,25\"\r\n35238;-0,75\n")
put("csv", "quoted", bytes([0]) + b'a,"b ""q"" c",d\r\n"x\ny",,z\n\n"",1\n')
put("csv", "bom_tab", bytes([2]) + b"\xef\xbb\xbfcol\tvaleur\n1\t2\n")
put("csv", "any_delim", bytes([4]) + b"#a#b#c\nx#y#z\n")

# --- xlsx: sheet1.xml \0 sharedStrings.xml \0 workbook.xml \0 workbook.xml.rels
def cut_sheet(xml, rows):
    start = xml.find(b"<sheetData>")
    if start < 0:
        return xml
    pos = start + len(b"<sheetData>")
    for _ in range(rows):
        end = xml.find(b"</row>", pos)
        if end < 0:
            break
        pos = end + len(b"</row>")
    tail = xml[xml.find(b"</sheetData>"):]
    # Column widths can run to tens of KB; the readers ignore them.
    return re.sub(rb"<cols>.*?</cols>", b"", xml[:pos], flags=re.S) + tail


def compact(sheet_xml, sst):
    """Keeps only the shared strings the cut sheet uses, renumbered in order of use."""
    items = re.findall(rb"<si>.*?</si>", sst, re.S)
    order = {}

    def renumber(m):
        old = int(m.group(2))
        order.setdefault(old, len(order))
        return m.group(1) + b"%d" % order[old] + m.group(3)

    sheet_xml = re.sub(rb'(t="s"[^>]*>(?:<f[^<]*</f>)?<v>)(\d+)(</v>)', renumber, sheet_xml)
    kept = [items[old] for old, _ in sorted(order.items(), key=lambda kv: kv[1]) if old < len(items)]
    head = sst[: sst.find(b"<si>")] if b"<si>" in sst else b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    head = re.sub(rb'uniqueCount="\d+"', b'uniqueCount="%d"' % len(kept), head)
    head = re.sub(rb' count="\d+"', b' count="%d"' % len(kept), head)
    return sheet_xml, head + b"".join(kept) + b"</sst>"


def xlsx_parts(path, sheet, rows):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        sheet_xml = cut_sheet(z.read(sheet), rows)
        sst = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else b""
        if sst:
            sheet_xml, sst = compact(sheet_xml, sst)
        return sheet_xml, sst, z.read("xl/workbook.xml"), z.read("xl/_rels/workbook.xml.rels")


def xlsx_seed(sheet_xml, sst, wb, rels):
    return sheet_xml + b"\0" + sst + b"\0" + wb + b"\0" + rels


grille = p("raw", "grille_densite_7_niveaux_2024.xlsx")
parts = xlsx_parts(grille, "xl/worksheets/sheet1.xml", 8)
# The real workbook has two sheets; the harness stores only sheet1: point both at it.
wb_one = re.sub(rb'Target="worksheets/sheet2.xml"', b'Target="worksheets/sheet1.xml"', parts[3])
put("xlsx", "grille_densite", xlsx_seed(parts[0], parts[1], parts[2], wb_one))
put("xlsx", "grille_densite_sheet_only", parts[0])
with zipfile.ZipFile(p("raw", "table-appartenance-geo-communes-22.zip")) as z:
    inner = z.read("table-appartenance-geo-communes-22.xlsx")
with zipfile.ZipFile(io.BytesIO(inner)) as z:
    names = z.namelist()
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet"))
    sheet_xml, sst = compact(cut_sheet(z.read(sheets[0]), 6), z.read("xl/sharedStrings.xml"))
    put("xlsx", "appartenance", sheet_xml + b"\0" + sst)
niot = p("raw", "FRA_NIOT_nov16.xlsx")
if os.path.exists(niot):
    with zipfile.ZipFile(niot) as z:
        names = z.namelist()
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet"))
        sheet_xml, sst = compact(cut_sheet(z.read(sheets[0]), 6), z.read("xl/sharedStrings.xml"))
        put("xlsx", "niot", sheet_xml + b"\0" + sst)
put("xlsx", "inline_rich", b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>Nom</t></r>'
    b'<r><rPr><b/></rPr><t xml:space="preserve"> &amp; co</t></r></is></c><c r="B1" t="str"><f>A1</f><v>x&#233;</v></c>'
    b'</row><row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c><v>1.5E3</v></c></row><row r="9"/></sheetData></worksheet>')

# --- zip: archives as published (small): a deflated CSV, a stored one, a small XLSX.
put("zip", "csv_deflated", zip_of([("base_cc_comparateur.CSV", head_lines(p("economy", "insee_base_cc_comparateur_2022.csv"), 2048))]))
put("zip", "csv_stored", zip_of([("a.csv", b"code;nom\n22113;Lannion\n"), ("b.txt", b"")], zipfile.ZIP_STORED))
put("zip", "xlsx_small", zip_of([("xl/workbook.xml", parts[2]), ("xl/_rels/workbook.xml.rels", wb_one),
                                 ("xl/sharedStrings.xml", parts[1]), ("xl/worksheets/sheet1.xml", parts[0])]))

# --- targz: mode byte (bit 0: the harness gzips the tar) + bytes; COG package samples.
def cog_sample(name, n):
    with tarfile.open(p("raw", "etalab-decoupage-administratif-6.0.0.tgz")) as t:
        data = json.load(t.extractfile("package/data/" + name))
    return json.dumps(data[:n], ensure_ascii=False, separators=(",", ":")).encode("utf-8")

cog_files = [("package/data/" + n, cog_sample(n, k)) for n, k in
             [("communes.json", 3), ("epci.json", 1), ("departements.json", 3), ("regions.json", 3)]]
cog_tar = tar_of(cog_files + [("package/package.json", b'{"name":"@etalab/decoupage-administratif"}')])
put("targz", "package_tar", b"\x01" + cog_tar)
put("targz", "package_tgz", b"\x00" + gz(cog_tar))
put("targz", "two_members", b"\x00" + gz(cog_tar[:1024]) + gz(cog_tar[1024:]))

# --- cog: communes \0 epci \0 departements \0 regions
put("cog", "package", b"\0".join(d for _, d in cog_files))
put("cog", "communes_more", cog_sample("communes.json", 12))
put("cog", "pretty", json.dumps(json.loads(cog_files[0][1]), indent=2, ensure_ascii=False).encode("utf-8"))

# --- geojson: the smallest features, rings decimated to a few points.
def decimate(ring, keep=12):
    step = max(1, len(ring) // keep)
    out = ring[::step]
    if out[-1] != ring[-1]:
        out.append(ring[-1])
    return out

def shrink(geom):
    if geom["type"] == "Polygon":
        geom["coordinates"] = [decimate(r) for r in geom["coordinates"]]
    elif geom["type"] == "MultiPolygon":
        geom["coordinates"] = [[decimate(r) for r in poly] for poly in geom["coordinates"][:3]]
    return geom

for name, n in [("regions-version-simplifiee.geojson", 3), ("departements-version-simplifiee.geojson", 4),
                ("communes-bretagne.geojson", 4)]:
    with open(p("geo", name), encoding="utf-8") as f:
        fc = json.load(f)
    feats = []
    for feat in fc["features"][:n]:
        feat["geometry"] = shrink(feat["geometry"])
        feats.append(feat)
    put("geojson", name.split(".")[0], json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False))
put("geojson", "holes", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"22113","n":3},'
    '"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}}]}')

# --- referential: the default référentiel and small variants.
with open(os.path.join(HERE, "..", "data", "referential.toml"), "rb") as f:
    ref = f.read()
put("referential", "default_head", ref[: ref.find(b"\n[[", LIMIT) if ref.find(b"\n[[", LIMIT) > 0 else LIMIT])
put("referential", "default", ref)
put("referential", "formula", b"(a + 2.5) * -b / (c - 1)")

# --- mapping: the documented mapping \0 a CSV it reads.
mapping = b'''date = "2023-06"
format = "csv"
delimiter = ";"
encoding = "utf-8"
decimal_comma = true
list_separator = ","
source = "fuzz"
[columns]
key = "ID"
name = "Nom"
kind = "Type"
city = "Commune"
postcode = "CP"
latitude = "Lat"
longitude = "Lon"
equipment = "Machines"
surface_m2 = "Surface"
staff_fte = "ETP"
legal_form = "Statut"
has_fabmanager = "Fabmanager"
[kinds]
"Fablab" = "fablab"
"Tiers-lieu" = "tiers_lieu"
[equipment_values]
"Imprimante 3D" = "3d_printing"
"D\xc3\xa9coupe laser" = "laser_cutting"
'''
rows = (b"ID;Nom;Type;Commune;CP;Lat;Lon;Machines;Surface;ETP;Statut;Fabmanager\n"
        b"1;Lab A;Fablab;Lannion;22300;48,73;-3,46;Imprimante 3D, D\xc3\xa9coupe laser;120,5;1,5;association;oui\n"
        b"2;Lieu B;Tiers-lieu;Rennes;35000;;;;;;;non\n")
put("mapping", "documented", mapping + b"\0" + rows)
maplab = head_lines(p("fablabs", "maplabbzh_bretagne_2020.csv"), 2048)
put("mapping", "maplab", b'date = "2020"\nsource = "maplab"\n[columns]\nkey = "id"\nname = "name"\ncity = "ville"\n'
    b'postcode = "cp"\nwebsite = "web"\nlatitude = "latitude"\nlongitude = "longitude"\n\0' + maplab)

# --- text: numbers and parameters as routes and readers see them.
for i, s in enumerate(["12", "-3,5", "1e308", "+4", " 7 ", "2A", "dep", "commune", "1 234,5", "nan", "inf",
                       "0x10", "\xe9t\xe9", "9223372036854775808", "-0", "1,2,3", ".5", "5.", "a,b\"c\nd"]):
    put("text", "t%02d" % i, s.encode("utf-8"))
# --- iotable: an IO table in WIOD's layout \0 a jobs table \0 an industry map.
textbook = (b"Year,Code,Description,Origin,S1,S2,CONS_h,EXP,GO\n2000,S1,Sector 1,Domestic,150,500,200,150,1000\n"
            b"2000,S2,Sector 2,Domestic,200,100,1000,700,2000\n2000,VA,Value added,TOT,650,1400,0,0,0\n"
            b"2000,GO,Output,TOT,1000,2000,0,0,0\n")
put("iotable", "textbook", textbook)
put("iotable", "textbook_jobs_sectors", textbook + b"\0year,industry,jobs\n2000,S1,100\n2000,S2,50\n\0"
    b'[industry]\nS1 = { sector = "be", fr = "Secteur 1" }\nS2 = { sector = "gu" }\n')
niot_csv = p("io", "wiod_niot_fra_2000_2014.csv")
if os.path.exists(niot_csv):
    import csv as _csv
    with open(niot_csv, newline="") as f:
        rows = list(_csv.reader(f))
    keep_ind = ["A01", "A02", "C26", "M72"]
    cols = [0, 1, 2, 3] + [rows[0].index(c) for c in keep_ind] + [rows[0].index(c) for c in
                                                                   ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP", "GO")]
    out = io.StringIO()
    w = _csv.writer(out, lineterminator="\n")
    w.writerow([rows[0][c] for c in cols])
    for r in rows[1:]:
        if r[0] == "2014" and (r[1] in keep_ind or r[1] in ("VA", "GO")):
            w.writerow([r[c] for c in cols])
    put("iotable", "wiod_2014_four", out.getvalue())
# --- xlsform: survey \0 choices \0 settings sheets (inline strings), from the reference forms.
def inline_sheet(rows):
    out = ["<worksheet><sheetData>"]
    for r, row in enumerate(rows, 1):
        out.append('<row r="%d">' % r)
        for c, v in enumerate(row):
            if v is None:
                continue
            col = chr(ord("A") + c)
            if isinstance(v, (int, float)):
                out.append('<c r="%s%d"><v>%s</v></c>' % (col, r, v))
            else:
                esc = str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                out.append('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col, r, esc))
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out).encode("utf-8")
put("xlsform", "or_other", inline_sheet([("type", "name", "label", "choice_filter"),
                                         ("select_one colors or_other", "fav_color", "What is your favorite color?"),
                                         ("select_one colors", "fav_pastel", "What is your favorite pastel?", "pastel=yes")])
    + b"\0" + inline_sheet([("list name", "name", "label", "pastel"), ("colors", "red", "red", "no"),
                            ("colors", "mauve", "mauve", "yes")]))
put("xlsform", "groups_repeat_languages", inline_sheet([
    ("type", "name", "label::Français (fr)", "label::English (en)", "relevant", "constraint", "repeat_count",
     "appearance", "calculation"),
    ("begin group", "g", "Atelier", "Workshop", None, None, None, "table-list"),
    ("select_one yn", "open", "Ouvert ?", "Open?"),
    ("end group",),
    ("integer", "n", "Combien ?", "How many?", "${open} = 'yes'", ". >= 0"),
    ("begin repeat", "r", "Machine", "Machine", None, None, "${n}"),
    ("text", "kind", "Type", "Kind"),
    ("calculate", "c", None, None, None, None, None, None, "${n} * 2"),
    ("end repeat",)]) + b"\0" + inline_sheet([("list_name", "name", "label::Français (fr)", "label::English (en)"),
                                               ("yn", "yes", "Oui", "Yes"), ("yn", "no", "Non", "No")])
    + b"\0" + inline_sheet([("form_title", "form_id", "version", "default_language", "instance_name"),
                            ("Démo", "demo", 3, "Français (fr)", "${n}")]))
# --- tableschema: CSV files in the national schema of lieux de médiation numérique.
put("tableschema", "valid", "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,typologie,date_maj,"
    "publics_specifiquement_adresses,frais_a_charge,telephone\n"
    "s1,43493312300029,Lieu,Reims,51100,12 rue X,49.25,4.03,TIERS_LIEUX|ASSO,2024-04-02,Jeunes|Femmes,Gratuit,"
    "+33180059880\n")
put("tableschema", "invalid", "id,pivot,nom,commune,code_postal,adresse,date_maj,inconnu\n"
    "s1,12,,Reims,5110,x,2024-02-30,\ns1,43493312300029,B,C,51100,y,2024-01-01,z\n")
# --- answers: main CSV \0 firms CSV \0 projects CSV (ODK Central's layout) for the harness's form.
put("answers", "nested", "KEY,ws,staff,firms_q,opened\nuuid:a,Fablab A,2,yes,2012-05-04\nuuid:b,B,3,No,2020-01-01\n"
    + "\0" + "PARENT_KEY,KEY,firm,services,services_other\nuuid:a,uuid:a/firms[1],C,\"Prototyping, design, Training\",\n"
    + "uuid:a,uuid:a/firms[2],D,proto other,bikes\n"
    + "\0" + "PARENT_KEY,KEY,amount,where\nuuid:a/firms[1],uuid:a/firms[1]/projects[1],12.5,48.5 -2.7\n")
put("answers", "problems", "ws,staff,firms_q,opened,x\n,500,maybe,2099-01-01,1\nA,abc,yes,31/12/2020,\n"
    + "\0" + "PARENT_KEY,firm\n9,\n")
# --- xpath: expressions of XLSForm.
for name, text in [("constraint", ". >= 0 and . <= 100 or selected(${s}, 'b')"),
                   ("functions", "concat(substr(${d}, 0, 4), '-', if(count(${n}) > 2, round(sum(${n}) div 3, 2), 'x'))"),
                   ("dates", "date(${d} + 30) < today() and regex(., '^[0-9]+$')"),
                   ("broken", "((${a} = 'x' and not(")]:
    put("xpath", name, text)
print("corpus written under", OUT)
