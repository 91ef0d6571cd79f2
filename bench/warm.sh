#!/usr/bin/env bash
# A warm build timed: how BENCHMARKS.md measures "one article added" (issue 24, item 4).
#
# usage: bench/warm.sh SITE [BINARY] [OUT]
#   e.g. bench/warm.sh /tmp/gazette-bench/scale-site-100000-all target/release/gazette
#
# Builds SITE into OUT (default /dev/shm/gazette-warm) from nothing (its body cache,
# .gazette-cache/articles/, removed first), adds one article dated 2015-06-14 naming two actors
# and two tags, builds again with the previous output and the body cache present
# (`--timings`), then builds the same site into a second, empty folder without the body cache
# (`--no-cache`) and compares the two outputs, which must be byte-identical but for the marker.
# Prints the three builds' wall, CPU and peak memory (GNU time) and the warm build's stages.
# The added article is removed at the end, whatever happens; so are both outputs. Not part of
# `cargo test`.
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '4,5p' "$0"; exit 2; }
SITE=$(realpath "$1"); BINARY=$(realpath "${2:-target/release/gazette}")
OUT=${3:-/dev/shm/gazette-warm}
ADDED=$SITE/content/articles/2015/06/un-article-ajoute-pour-la-mesure.md
LOG=$(mktemp)
trap 'rm -rf "$ADDED" "$OUT" "$OUT-clean" "$LOG"' EXIT
rm -rf "$ADDED" "$OUT" "$OUT-clean" "$SITE/.gazette-cache/articles"
cd "$SITE"
timed() { /usr/bin/time -f "$1 %e s wall, %U + %S s CPU, %M KB peak" "${@:2}"; }
timed clean "$BINARY" build --output "$OUT" --quiet 2>&1 | tail -1
mkdir -p "$(dirname "$ADDED")"
cat > "$ADDED" <<'MD'
---
title: "Un article ajouté pour la mesure"
date: 2015-06-14T10:00:00Z
actors: ["Raphaël Muñoz", "Lucía Sun"]
tags: ["énergie", "droits-humains"]
summary: "Un article de plus, pour mesurer une construction avec la sortie précédente."
---

Raphaël Muñoz et Lucía Sun ont parlé d'énergie et de droits humains devant la presse.
MD
timed warm "$BINARY" build --output "$OUT" --timings > "$LOG" 2>&1
# The warm build's summary line and its stages, without the archive's warnings.
grep -E "^gazette: [0-9]+ articles read|^ +[0-9.]+ s |memory: peak|^warm " "$LOG"
timed clean-after "$BINARY" build --output "$OUT-clean" --quiet --no-cache 2>&1 | tail -1
if diff -r -q -x .gazette-output "$OUT" "$OUT-clean" > /dev/null; then
  echo "same output as a clean build (marker aside)"
else
  echo "DIFFERENT from a clean build:"; diff -r -q -x .gazette-output "$OUT" "$OUT-clean" | head
  exit 1
fi
