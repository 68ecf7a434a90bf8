#!/bin/sh
# Store failures and out-of-range options through the CLI: each gives a clear message
# naming the file, the documented exit code (docs/commands/index.md), and leaves the store
# as it was. The read-only mount and disk-full cases need root (CI runs as root); without
# it the read-only case uses a read-only directory and the disk-full case is skipped.
# usage: store_failures.sh FABSCOPE WORKDIR
set -u
bin=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect CODE PATTERN -- command…: exit code and a pattern of its standard error.
expect() {
  code=$1 pattern=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  rc=$?
  [ "$rc" = "$code" ] || fail "exit $rc (expected $code): $* — $(cat "$work/err")"
  [ -z "$pattern" ] || grep -q -- "$pattern" "$work/err" || fail "no '$pattern' in the message of $*: $(cat "$work/err")"
}
digest() { sqlite3 "$1" "SELECT count(*) FROM laposte_postcode; SELECT count(*) FROM workshop; SELECT sha256 FROM dataset_import ORDER BY 1" | sha1sum; }

store="$work/s.db"
FABSCOPE_DETERMINISTIC=1 "$bin" --quiet --store "$store" run >/dev/null || { echo "FAIL: run"; exit 1; }
before=$(digest "$store")

# Numeric options: bounded, with a French/English message, before any work.
for v in -1 3000000 1e400 nan abc; do
  expect 2 "n'est pas un nombre entre 0 et 100000 / '$v' is not a number between 0 and 100000" -- \
    "$bin" --store "$store" evaluate --uncertainty "$v"
done
expect 2 "between 0 and 1" -- "$bin" --store "$store" evaluate --weight-spread 2
expect 2 "between 0.1 and 1000" -- "$bin" --store "$store" territory access --radius -5

# A store of a newer schema: refused, named, unchanged.
cp "$store" "$work/newer.db"
sqlite3 "$work/newer.db" "PRAGMA user_version = 99"
expect 8 "newer.db has schema version 99, newer than this program" -- "$bin" --lang en --store "$work/newer.db" territory show 22113
expect 8 "newer.db a le schéma version 99" -- "$bin" --quiet --store "$work/newer.db" import --all --force
[ "$(sqlite3 "$work/newer.db" 'PRAGMA user_version')" = 99 ] || fail "newer store migrated"

# Garbage and truncated files.
head -c 5000 /dev/urandom >"$work/garbage.db"
expect 8 "garbage.db: not a fabscope store or damaged" -- "$bin" --lang en --store "$work/garbage.db" territory show 22113
head -c 1000000 "$store" >"$work/trunc.db"
expect 8 "trunc.db: not a fabscope store or damaged" -- "$bin" --lang en --store "$work/trunc.db" territory show 22113

# Locked by another writer: waits the busy timeout (10 s), then a clear error; unchanged.
(echo "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS lock_holder(x);"; sleep 13; echo "ROLLBACK;") | sqlite3 "$store" &
holder=$!
sleep 1
expect 8 "locked by another process" -- "$bin" --lang en --quiet --store "$store" import laposte_hexasmal --force
wait $holder
[ "$(digest "$store")" = "$before" ] || fail "locked store changed"

# Read-only: readable (territory show works), a write is refused clearly, unchanged.
mkdir -p "$work/ro"
cp "$store" "$work/ro/s.db"
if [ "$(id -u)" = 0 ]; then
  mount --bind "$work/ro" "$work/ro" && mount -o remount,bind,ro "$work/ro" || fail "cannot mount read-only"
else
  chmod 444 "$work/ro/s.db" && chmod 555 "$work/ro"
fi
expect 0 "" -- "$bin" --store "$work/ro/s.db" territory show 22113
grep -q "Lannion" "$work/out" || fail "territory show on a read-only store: $(cat "$work/out")"
expect 8 "ro/s.db: cannot be written or opened" -- "$bin" --lang en --quiet --store "$work/ro/s.db" import laposte_hexasmal --force
if [ "$(id -u)" = 0 ]; then umount "$work/ro"; else chmod 755 "$work/ro" && chmod 644 "$work/ro/s.db"; fi
[ "$(digest "$work/ro/s.db")" = "$before" ] || fail "read-only store changed"

# Disk full (root: a tmpfs 10 MB larger than the store, which a forced import of every
# dataset overflows): rolled back, no WAL left.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$work/full"
  mount -t tmpfs -o size=$(( $(stat -c %s "$store") / 1048576 + 10 ))m tmpfs "$work/full" || fail "cannot mount a tmpfs"
  cp "$store" "$work/full/s.db"
  expect 8 "full/s.db: disk full; the import was rolled back" -- "$bin" --lang en --quiet --store "$work/full/s.db" import --all --force
  [ ! -e "$work/full/s.db-wal" ] || fail "a WAL was left: $(ls -la "$work/full")"
  [ "$(sqlite3 "$work/full/s.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity after disk full"
  [ "$(digest "$work/full/s.db")" = "$before" ] || fail "disk-full store changed"
  umount "$work/full"
else
  echo "disk-full case skipped (needs root)"
fi

[ $failures = 0 ] && echo "store failures: all cases pass"
exit $failures
