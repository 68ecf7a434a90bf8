#!/usr/bin/python3
"""Independent reference for the import of the Nesta UK makerspaces answers
(../shared/data/makerspaces/nesta_uk_makerspaces_2015.csv) against
data/instruments/nesta_uk_makerspaces.xlsx: for every question, how many answered; for
every choice of a select, how many chose it; how many answers fell outside the choices
("other"). Written apart from the C++ importer, with other means:
- the CSV is split by a character state machine where only LF ends a row (bare CR are
  line breaks typed in the form, SOURCES.md), not by a CSV library;
- a question's column is the header equal to its label;
- a select_one answer is a choice when it equals a name or a label once case and blanks
  are ignored, else "other";
- a select_multiple answer is searched label by label, longest first, with a regular
  expression anchored on ", " boundaries; what is left is "other".
Output: tests/reference/expected/collect/nesta_summary.csv (question, choice, answers).
Run: /usr/bin/python3 tests/reference/collect/nesta_answers.py [DATA_DIR]
"""
import os
import re
import sys

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")


def rows_of(text):
    rows, row, field, quoted, i = [], [], [], False, 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == '"':
                if i + 1 < len(text) and text[i + 1] == '"':
                    field.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                field.append(c)
        elif c == '"':
            quoted = True
        elif c == ',':
            row.append("".join(field))
            field = []
        elif c == '\n':
            row.append("".join(field))
            rows.append(row)
            row, field = [], []
        else:
            field.append(c)
        i += 1
    if field or row:
        row.append("".join(field))
        rows.append(row)
    return rows


def key(s):
    return re.sub(r"\s+", "", s).casefold()


def main():
    wb = openpyxl.load_workbook(os.path.join(ROOT, "data", "instruments", "nesta_uk_makerspaces.xlsx"))
    survey = list(wb["survey"].iter_rows(values_only=True))[1:]
    lists = {}
    for list_name, name, label in list(wb["choices"].iter_rows(values_only=True))[1:]:
        lists.setdefault(list_name, []).append((name, label))
    text = open(os.path.join(DATA, "makerspaces", "nesta_uk_makerspaces_2015.csv"), encoding="utf-8",
                newline="").read()
    table = rows_of(text)
    header, data = [h.strip() for h in table[0]], [r for r in table[1:] if any(c.strip() for c in r)]
    assert len(data) == 98 and all(len(r) == len(header) for r in data), "98 rows of 114 columns"
    out = [("question", "choice", "answers")]
    for type_, name, label in survey:
        if type_ in ("begin group", "end group"):
            continue
        cells = [r[header.index(label.strip())].strip() for r in data]
        answered = [c for c in cells if c]
        out.append((name, "", len(answered)))
        parts = type_.split()
        if parts[0] not in ("select_one", "select_multiple"):
            continue
        choices = lists[parts[1]]
        counts = {n: 0 for n, _ in choices}
        other = 0
        for c in answered:
            if parts[0] == "select_one":
                hit = [n for n, lab in choices if key(c) in (key(n), key(lab))]
                if hit:
                    counts[hit[0]] += 1
                else:
                    other += 1
                continue
            rest = c
            for n, lab in sorted(choices, key=lambda x: -len(x[1])):
                pattern = r"(^|,)\s*" + re.escape(lab) + r"\s*(?=,|$)"
                if re.search(pattern, rest, flags=re.IGNORECASE):
                    counts[n] += 1
                    rest = re.sub(pattern, r"\1", rest, flags=re.IGNORECASE)
            if rest.replace(",", "").strip():
                other += 1
        for n, _ in choices:
            if counts[n]:
                out.append((name, n, counts[n]))
        if other:
            out.append((name, "other", other))
        if "or_other" in parts:
            out.append((name + "_other", "", other))
    path = os.path.join(ROOT, "tests", "reference", "expected", "collect", "nesta_summary.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        for q, ch, n in out:
            f.write(f"{q},{ch},{n}\n")
    print("written:", path, len(out) - 1, "rows")


if __name__ == "__main__":
    main()
