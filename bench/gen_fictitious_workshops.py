#!/usr/bin/env python3
"""FICTITIOUS workshops for load tests: N rows drawn with a fixed seed around real La Poste
postcode points (so that they can be placed), written as a ';'-separated CSV with its
column mapping. No row describes a real place: every name starts with "Atelier fictif".

usage: gen_fictitious_workshops.py N OUT.csv OUT_mapping.toml [SEED] [LAPOSTE_CSV]
"""
import csv
import math
import random
import sys
from pathlib import Path

n = int(sys.argv[1])
out_csv, out_map = Path(sys.argv[2]), Path(sys.argv[3])
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20260101
laposte = Path(sys.argv[5]) if len(sys.argv) > 5 else Path(__file__).resolve().parents[2] / "shared/data/communes/laposte_hexasmal.csv"

points = []
with laposte.open(encoding="utf-8") as f:
    for row in csv.DictReader(f):
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            continue
        points.append((row["Code_postal"], row["Nom_commune"], lat, lon))

rng = random.Random(seed)
kinds = ["Fablab", "Makerspace", "Tiers-lieu", "Hackerspace"]
words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet"]
with out_csv.open("w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["ID", "Nom", "Type", "Commune", "CP", "Lat", "Lon"])
    for i in range(n):
        pc, city, lat, lon = rng.choice(points)
        # Within about 1.5 km of the postcode's point; one row in 20 without coordinates.
        r, a = 0.0135 * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        lat2, lon2 = lat + r * math.sin(a), lon + r * math.cos(a) / math.cos(math.radians(lat))
        has_xy = rng.random() >= 0.05
        w.writerow([f"F{i:06d}", f"Atelier fictif {rng.choice(words)} {i}", rng.choice(kinds), city, pc,
                    f"{lat2:.6f}" if has_xy else "", f"{lon2:.6f}" if has_xy else ""])
out_map.write_text('''date = "2026-01"
format = "csv"
delimiter = ";"
[columns]
key = "ID"
name = "Nom"
kind = "Type"
city = "Commune"
postcode = "CP"
latitude = "Lat"
longitude = "Lon"
[kinds]
"Fablab" = "fablab"
"Makerspace" = "makerspace"
"Tiers-lieu" = "tiers_lieu"
"Hackerspace" = "hackerspace"
''', encoding="utf-8")
