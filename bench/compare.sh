#!/usr/bin/env bash
# `allot check` against `jq empty` on the generated 100,000-node plan: the
# median wall time of several runs of each and their peak memory (max RSS).
# Target (issue 6): allot check takes at most a fifth of jq's time.
#
#   bash bench/compare.sh            # 7 runs each, 100,000 nodes
#   RUNS=11 NODES=1000000 bash bench/compare.sh
#
# Installs jq and GNU time with apt-get when they are missing. Exits 0 even
# when the target is missed (the table says MISSED).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

NODES="${NODES:-100000}"
RUNS="${RUNS:-7}"
TARGET_RATIO="0.2" # allot check <= 1/5 of jq empty

need_apt() {
    local cmd=$1 pkg=$2
    if ! command -v "$cmd" >/dev/null 2>&1 && ! [ -x "$cmd" ]; then
        echo "compare: installing $pkg"
        local sudo=""
        if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
    fi
}
need_apt jq jq
need_apt /usr/bin/time time

echo "compare: building (cargo build --release)"
cargo build --release --quiet
ALLOT=target/release/allot
DIR=target/bench
mkdir -p "$DIR"
PLAN="$DIR/plan-$NODES.json"
"$ALLOT" generate --nodes "$NODES" -o "$PLAN" --force
BYTES=$(stat -c %s "$PLAN")

# One run of a command: prints "seconds max_rss_kib". Wall time from bash's
# microsecond clock around the run, peak memory from GNU time.
now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "$EPOCHREALTIME"; else date +%s.%N; fi; }
run_once() {
    local mem start end rc=0
    mem=$(mktemp)
    start=$(now)
    /usr/bin/time -f "%M" -o "$mem" "$@" >/dev/null 2>&1 || rc=$?
    end=$(now)
    if [ "$rc" -gt 1 ]; then
        echo "compare: '$*' failed (exit $rc)" >&2
        exit 1
    fi
    echo "$(echo "$end - $start" | awk '{print $1 - $3}') $(tail -n 1 "$mem")"
    rm -f "$mem"
}

# Median of the numbers on standard input.
median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# measure NAME COMMAND...: RUNS runs (after one untimed warm-up that also
# brings the file into the page cache); sets <NAME>_S and <NAME>_KIB.
measure() {
    local name=$1
    shift
    "$@" >/dev/null 2>&1 || true
    local times=() mems=()
    local out s kib
    for _ in $(seq "$RUNS"); do
        out=$(run_once "$@")
        read -r s kib <<<"$out"
        times+=("$s")
        mems+=("$kib")
    done
    printf -v "${name}_S" '%s' "$(printf '%s\n' "${times[@]}" | median)"
    printf -v "${name}_KIB" '%s' "$(printf '%s\n' "${mems[@]}" | sort -g | tail -n 1)"
    echo "compare: $name runs (s): ${times[*]}"
}

measure ALLOT "$ALLOT" check "$PLAN"
measure JQ jq empty "$PLAN"

awk -v a="$ALLOT_S" -v j="$JQ_S" -v am="$ALLOT_KIB" -v jm="$JQ_KIB" \
    -v bytes="$BYTES" -v nodes="$NODES" -v runs="$RUNS" -v target="$TARGET_RATIO" \
    -v jqv="$(jq --version)" 'BEGIN {
    mib = 1048576
    printf "\nallot check vs jq empty: %d nodes, %.1f MiB of JSON, median of %d runs\n\n", nodes, bytes / mib, runs
    printf "| command | median s | max RSS MiB | RSS / file |\n"
    printf "|---|---:|---:|---:|\n"
    printf "| allot check | %.3f | %.1f | %.2fx |\n", a, am / 1024, am * 1024 / bytes
    printf "| %s empty | %.3f | %.1f | %.2fx |\n", jqv, j, jm / 1024, jm * 1024 / bytes
    r = a / j
    printf "\nratio allot/jq = %.3f (target <= %.2f, i.e. a fifth): %s\n", r, target, (r <= target ? "met" : "MISSED")
    printf "memory allot/jq = %.2f\n", am / jm
}'
exit 0
