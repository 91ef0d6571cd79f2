#!/usr/bin/env bash
# Two gazette binaries timed in alternating cold builds of the same site: how BENCHMARKS.md
# compares a change with the binary before it ("alternating runs").
#
# usage: bench/ab.sh SITE RUNS BINARY_A BINARY_B [BUILD ARGS...]
#   e.g. cp target/release/gazette /tmp/gazette-before   # then make the change, and
#        cargo build --release
#        bench/ab.sh /tmp/gazette-bench/scale-site-10000-hugo 10 /tmp/gazette-before target/release/gazette
#
# SITE is any site folder, such as those bench/scale.sh makes (scale-site-N-CONFIG). Each run
# builds from an empty output folder under $OUT (default /dev/shm/gazette-ab, a memory file
# system) and without the site's body cache (.gazette-cache/articles/, removed: a cold build
# writes it), A then B, RUNS times; alternating spreads the machine's noise over both. Prints
# the median, minimum and maximum of wall seconds, CPU seconds (user + system) and peak memory
# (GNU time). Not part of `cargo test`.
set -euo pipefail
[[ $# -ge 4 ]] || { sed -n '4,7p' "$0"; exit 2; }
SITE=$1; RUNS=$2; A=$(realpath "$3"); B=$(realpath "$4"); shift 4
OUT=${OUT:-/dev/shm/gazette-ab}
TIMES=$(mktemp)
trap 'rm -rf "$OUT" "$TIMES"' EXIT
cd "$SITE"
for _ in $(seq "$RUNS"); do
  for label in A B; do
    binary=$A; [[ $label == B ]] && binary=$B
    rm -rf "$OUT" .gazette-cache/articles
    /usr/bin/time -f "$label %e %U %S %M" -o "$TIMES.one" \
      "$binary" build --output "$OUT" --quiet "$@" >/dev/null 2>&1
    cat "$TIMES.one" >> "$TIMES"
  done
done
rm -f "$TIMES.one"
# median (min-max) of one column of one binary's runs: 2 wall s, 3 cpu s, 4 peak MiB
stats() {
  awk -v l="$1" '$1 == l { print $1, $2, $3 + $4, int($5 / 1024) }' "$TIMES" |
    awk -v c="$2" '{ print $c }' | sort -g |
    awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
printf '%-3s %-26s %-26s %s\n' "" "wall s: median (min-max)" "cpu s" "peak MiB"
for label in A B; do
  printf '%-3s %-26s %-26s %s\n' "$label" "$(stats $label 2)" "$(stats $label 3)" "$(stats $label 4)"
done
