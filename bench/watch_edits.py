#!/usr/bin/env python3
"""Times incremental rebuilds under `gazette watch` on a site (BENCHMARKS.md, issue 5).

    python3 bench/watch_edits.py SITE_DIR [--edits 500] [--output DIR] [--binary PATH]

Starts `gazette watch` on SITE_DIR (a copy is not made: the script edits articles in place and
restores each one afterwards), then, one at a time, appends one line to the body of a random
article and measures:
- rebuild: the milliseconds gazette reports for the rebuild (change seen -> pages on disk);
- on disk: from the file write to the article's page holding the new line (polled every
  0.5 ms), which includes the watcher's debounce;
- memory: the watch process's resident set after each edit.
The search index update that follows each rebuild is waited for before the next edit.
Prints medians, 90th percentiles and the memory curve.
"""

import argparse
import os
import pathlib
import random
import re
import statistics
import sys
import time

from watch_process import Watch


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--output", default="/tmp/gazette-watch-bench-output")
    parser.add_argument("--binary", default=str(pathlib.Path(__file__).resolve().parent.parent / "target/release/gazette"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    site = pathlib.Path(args.site).resolve()
    output = pathlib.Path(args.output)
    articles = sorted((site / "content/articles").rglob("*.md"))
    watch = Watch(args.binary, site, output)

    def settled():
        line, _search = watch.settled(timeout=600)
        rebuild = re.search(r"(\d+) ms", line)
        return line, int(rebuild.group(1)) if rebuild else None

    first, first_ms = settled()
    print(f"first build: {first}", flush=True)
    rng = random.Random(args.seed)
    rebuilds, on_disk, memory = [], [], [rss_mib(watch.pid)]
    try:
        for n in range(args.edits):
            source = rng.choice(articles)
            original = source.read_text()
            marker = f"Edited line {n} {time.time_ns()}."
            text = original.rstrip("\n") + f"\n\n{marker}\n"
            page = find_page(output, source, original)
            started = time.perf_counter()
            source.write_text(text)
            while page is not None and marker not in read(page):
                if time.perf_counter() - started > 60:
                    raise SystemExit(f"edit {n}: {page} never showed the edit")
                time.sleep(0.0005)
            if page is not None:
                on_disk.append((time.perf_counter() - started) * 1000)
            line, ms = settled()
            rebuilds.append(ms)
            source.write_text(original)
            settled()
            memory.append(rss_mib(watch.pid))
            if n % 50 == 0:
                print(f"edit {n}: {line} | on disk after {on_disk[-1]:.1f} ms | RSS {memory[-1]:.0f} MiB", flush=True)
    finally:
        watch.kill()
    def summary(name, values):
        values = sorted(values)
        p90 = values[int(len(values) * 0.9) - 1] if len(values) >= 10 else values[-1]
        print(f"{name}: median {statistics.median(values):.1f} ms, p90 {p90:.1f} ms, max {values[-1]:.1f} ms ({len(values)} edits)")
    summary("rebuild (as reported)", rebuilds)
    summary("write -> page on disk", on_disk)
    step = max(1, len(memory) // 10)
    print("RSS (MiB) every", step, "edits:", " ".join(f"{m:.0f}" for m in memory[::step]), f"last {memory[-1]:.0f}")


def read(path):
    try:
        return path.read_text()
    except OSError:
        return ""


def find_page(output, source, text):
    """The output page of an article: the file whose canonical link ends with its URL is not
    known here, so look for the page holding the article's title in its <h1>."""
    title = re.search(r"^title:\s*(.+)$", text, re.M)
    date = re.search(r"^date:\s*(\d{4})-(\d{2})", text, re.M)
    if not title or not date:
        return None
    folder = output / date.group(1) / date.group(2)
    slug = source.stem
    for candidate in [folder / slug / "index.html"] + sorted(folder.glob("*/index.html")):
        if candidate.is_file() and title.group(1).strip().strip('"') in read(candidate):
            return candidate
    return None


if __name__ == "__main__":
    sys.exit(main())
