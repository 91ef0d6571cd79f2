#!/usr/bin/env bash
# The project's own build benchmark: gazette's scale curve, one configuration at a time.
#
# usage: bench/scale.sh [SIZES...]        (default: 1000 10000 50000 100000)
#
# For each size, generates the synthetic archive once with the shared generator
# (../shared/bench/gen_corpus.py through bench/gen_large.py, which lets it make 300k and a
# million; seed 42, kept under $BENCH_DIR), copies this checkout's
# themes/ into it, and times `gazette build` (release, output on a memory file system) in
# three configurations, each from an empty output folder and no body cache (a cold build,
# after one discarded build that warms the file caches) and then again with no change (the
# previous output and the body cache at hand):
#   hugo      the pages of ../shared/bench/hugo/, as Hugo and the floor program write them:
#             the plain theme, lists on one page, no per-year actor pages, no mentions,
#             no feeds, sitemap or search
#   pages     the default theme (paginated lists, cards, structured data, mentions), no
#             feeds, sitemap or search
#   default   the archive's site.yaml as generated, search off
#   all       every feature: pagination, feeds, sitemaps, search index, mentions
# Prints wall seconds, CPU seconds, peak memory (GNU time) and peak memory per article. For a
# million articles, set OUT to a folder on disk: the output is tens of gigabytes. Hugo against gazette on the same
# archive: ../shared/bench/compare.sh N (see BENCHMARKS.md). Not part of `cargo test`.
#
# Environment: BENCH_DIR (default /tmp/gazette-bench), OUT (default /dev/shm/gazette-scale),
# CONFIGS (default "hugo pages default all").
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(dirname "$HERE")
SHARED=$PROJECT/../shared/bench
[[ -f $SHARED/gen_corpus.py ]] || { echo "needs ../shared/bench/gen_corpus.py beside the checkout"; exit 2; }
BENCH_DIR=${BENCH_DIR:-/tmp/gazette-bench}
OUT=${OUT:-/dev/shm/gazette-scale}
CONFIGS=${CONFIGS:-hugo pages default all}
SIZES=${*:-1000 10000 50000 100000}
(cd "$PROJECT" && cargo build -q --release)
GAZETTE=$PROJECT/target/release/gazette

extra_yaml() {
  case $1 in
    hugo) printf 'theme: plain\npaginate: 0\nactor_years: false\ndetect_mentions: false\nsearch: false\nfeeds: false\n' ;;
    pages) printf 'search: false\nfeeds: false\n' ;;
    default) printf 'search: false\n' ;;
    all) printf 'search: true\nfeeds: true\ndetect_mentions: true\n' ;;
  esac
}

printf '%-8s %-8s %-6s %10s %10s %10s %12s\n' articles config build wall_s cpu_s peak_MiB KiB_article
for n in $SIZES; do
  corpus=$BENCH_DIR/scale-n$n
  if [[ ! -d $corpus/gazette ]]; then
    python3 "$HERE/gen_large.py" "$n" "$corpus" --seed 42 --peers gazette >/dev/null 2>&1
  fi
  for config in $CONFIGS; do
    site=$BENCH_DIR/scale-site-$n-$config
    rm -rf "$site"; mkdir -p "$site"
    # Hard links, not a symbolic link: gazette does not read links leading outside the site.
    cp -al "$corpus/gazette/content" "$site/content"
    cp -r "$PROJECT/themes" "$site/themes"
    grep -v -E '^(theme|search|feeds|detect_mentions):' "$corpus/gazette/site.yaml" > "$site/site.yaml"
    extra_yaml "$config" >> "$site/site.yaml"
    # One discarded build first: the fresh copy's directories are not in the kernel's caches
    # yet, and the first build would wait on them (50k: 15 s of wall time for 20 s of CPU).
    rm -rf "$OUT"
    "$GAZETTE" build --root "$site" --output "$OUT" -q --no-cache 2>/dev/null || true
    rm -rf "$OUT"
    # The cold build starts without a body cache too, as a first build does, and writes it;
    # the one again reads it.
    rm -rf "$site/.gazette-cache/articles"
    for build in cold again; do
      /usr/bin/time -f '%e %U %S %M' -o /tmp/gazette-scale-time \
        "$GAZETTE" build --root "$site" --output "$OUT" -q 2>/tmp/gazette-scale-stderr \
        || { echo "gazette build failed:"; grep -v '^ *= hint' /tmp/gazette-scale-stderr | tail -5; exit 1; }
      read -r wall user sys kib < /tmp/gazette-scale-time
      printf '%-8s %-8s %-6s %10s %10.2f %10d %12.1f\n' "$n" "$config" "$build" "$wall" \
        "$(echo "$user + $sys" | bc)" "$((kib / 1024))" "$(echo "$kib / $n" | bc -l)"
    done
  done
done
