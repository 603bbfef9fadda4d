#!/usr/bin/env bash
# The headless commands at 1,000 to 1,000,000 nodes: wall time and peak
# memory (max RSS) of check, export in every format, and import of the CSV,
# with `jq empty` on the same file for scale. One run each (medians: run it
# again); figures go to standard output as a Markdown table.
#
#   bash bench/commands.sh                    # 1k, 10k, 100k, 1M
#   SIZES="1000 100000" bash bench/commands.sh
#
# Needs jq and GNU time (bench/compare.sh installs them). VisiData, when
# installed (`pip install visidata`), converts the same CSV to JSON for the
# import comparison.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000 100000 1000000}"
cargo build --release --quiet
ALLOT="$PWD/target/release/allot"
DIR="$PWD/target/bench"
mkdir -p "$DIR"

# "seconds KiB" of one run of a command.
measure() {
    /usr/bin/time -f "%e %M" -o "$DIR/time.txt" "$@" >/dev/null 2>&1 || true
    cat "$DIR/time.txt"
}

printf '| nodes | JSON MB | check s (MiB) | jq empty s | csv s (MiB) | xlsx s (MiB) | md s (MiB) | json s (MiB) | import csv s (MiB) | VisiData csv→json s (MiB) |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in $SIZES; do
    plan="$DIR/plan-$n.json"
    [ -f "$plan" ] || "$ALLOT" generate --nodes "$n" -o "$plan" --force 2>/dev/null
    mb=$(awk -v b="$(stat -c %s "$plan")" 'BEGIN { printf "%.1f", b / 1e6 }')
    row="| $n | $mb"
    read -r s k < <(measure "$ALLOT" check "$plan")
    row="$row | $s ($((k / 1024)))"
    read -r s _ < <(measure jq empty "$plan")
    row="$row | $s"
    for f in csv xlsx md json; do
        out="$DIR/out-$n.$f"
        rm -f "$out"
        read -r s k < <(measure "$ALLOT" export "$plan" --format "$f" -o "$out" --force)
        row="$row | $s ($((k / 1024)))"
    done
    rm -f "$DIR/imported-$n.json"
    read -r s k < <(measure "$ALLOT" import "$DIR/out-$n.csv" -o "$DIR/imported-$n.json" --force)
    row="$row | $s ($((k / 1024)))"
    if command -v vd >/dev/null 2>&1; then
        rm -f "$DIR/vd-$n.json"
        read -r s k < <(measure vd -b "$DIR/out-$n.csv" -o "$DIR/vd-$n.json")
        row="$row | $s ($((k / 1024)))"
    else
        row="$row | -"
    fi
    echo "$row |"
done
