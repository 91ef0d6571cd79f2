#!/usr/bin/env bash
# The same 1,000-article archive built with and without a lead photo (a 12 MP JPEG) on every
# article, once the image cache holds every variant: what a rebuild with nothing changed adds.
#
# usage: bench/images_rebuild.sh [DISTINCT]   (run from the gazette checkout, after
#        bench/images.sh DISTINCT made the photos $BENCH_DIR/photos-s42/p0000..: the 1,000
#        articles take them in turn, each under its own name in static/photos/)
# - generates the 1,000-article archive of ../shared/bench/gen_corpus.py (seed 42)
# - site `plain`: as generated; site `photos`: the same, each article with `image:` naming
#   its photo; both with this checkout's themes
# - one first build each (the photos site makes its variants), then RUNS timed builds each
#   (median; warm-up 1) with nothing changed: prints wall and CPU seconds and the difference
set -euo pipefail
N=${1:-100}
PROJECT=$(pwd)
cargo build -q --release --bin gazette
TARGET=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
GAZ=$TARGET/release/gazette
SHARED=${SHARED:-$PROJECT/../shared/bench}
[[ -f $SHARED/timeit.py ]] || SHARED=/work/shared/bench
B=${BENCH_DIR:-/tmp/gazette-bench}
CORPUS=$B/corpus1000/gazette
[[ -d $CORPUS ]] || python3 "$SHARED/gen_corpus.py" 1000 "$B/corpus1000" --peers gazette
PHOTOS=$B/photos-s42
W=$B/rebuild-cmp
rm -rf "$W"; mkdir -p "$W"
cp -r "$CORPUS" "$W/plain"
cp -r "$CORPUS" "$W/photos"
for s in plain photos; do cp -r "$PROJECT/themes" "$W/$s/"; done
python3 - "$W/photos" "$PHOTOS" "$N" <<'PY'
import os, sys, pathlib
site, photos, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
(site / "static/photos").mkdir(parents=True)
for i, path in enumerate(sorted((site / "content/articles").rglob("*.md"))):
    name = "a%04d.jpg" % i
    os.link(photos / ("p%04d" % (i % n)) / "photo.jpg", site / "static/photos" / name)
    text = path.read_text()
    assert text.startswith("---\n")
    path.write_text("---\nimage: /photos/%s\nimage_alt: Photo %d\n" % (name, i) + text[4:])
PY
echo "articles: $(find "$W/photos/content/articles" -name '*.md' | wc -l), photos: $(ls "$W/photos/static/photos" | wc -l) ($N distinct)"
for s in plain photos; do
  echo "== $s: first build"
  ( cd "$W/$s" && /usr/bin/time -f "%e s wall, %U s user" "$GAZ" build 2>&1 | tail -2 )
done
echo "photos site: $(find "$W/photos/output" -name '*.webp' | wc -l) WebP, $(find "$W/photos/output" -name '*.jpg' | wc -l) JPEG files published"
timeit() { python3 "$SHARED/timeit.py" --timeout 600 "$@"; }
for s in plain photos; do
  timeit -n "${RUNS:-7}" --warmup 1 -- sh -c "cd '$W/$s' && exec '$GAZ' build" > "$B/rebuild-$s.txt"
done
for s in plain photos; do
  printf '%-7s ' "$s"; grep -E '^A (wall|cpu|peak)' "$B/rebuild-$s.txt" | tr '\n' ' '; echo
done
python3 - "$B/rebuild-plain.txt" "$B/rebuild-photos.txt" <<'PY'
import sys
med = lambda p, what: float(next(l.split()[4] for l in open(p) if l.startswith(f"A {what} s")))
for what in ("wall", "cpu"):
    a, b = med(sys.argv[1], what), med(sys.argv[2], what)
    print(f"rebuild, nothing changed, {what}: {a:.3f} s without photos, {b:.3f} s with: {100 * (b - a) / a:+.1f}%")
PY
