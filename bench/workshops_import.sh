#!/bin/sh
# Times `fabscope workshops import` of 1k / 10k / 100k FICTITIOUS workshops (seeded,
# bench/gen_fictitious_workshops.py: rows around real La Poste postcode points, names
# "Atelier fictif …") into a store where the territory has been imported.
# usage: bench/workshops_import.sh [BUILD_DIR] [SIZES…]   (default build/release, 1000 10000 100000)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../build/release"}
[ $# -gt 0 ] && shift
sizes=${*:-"1000 10000 100000"}
bin="$build/fabscope"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --quiet --store "$work/s.db" import --all >/dev/null
for n in $sizes; do
  python3 "$here/gen_fictitious_workshops.py" "$n" "$work/f$n.csv" "$work/f$n.toml"
  /usr/bin/time -f "$n fictitious rows: %e s wall, %M KB max RSS" \
    "$bin" --quiet --store "$work/s.db" workshops import fictif "$work/f$n.csv" --mapping "$work/f$n.toml" \
    --force --allow-shrink >/dev/null
done
