#!/usr/bin/env python3
"""Times the incremental rebuilds of structural changes under `gazette watch` (BENCHMARKS.md).

    python3 bench/watch_changes.py SITE_DIR [--binary PATH] [--rounds 3]

On SITE_DIR (edited in place, every change undone): moves an article of 2024 to another
month and back, adds an article and deletes it, edits three templates (the article page's,
the actor page's, and the base every page extends) and restores each. Prints
gazette's line for each rebuild (pages rendered, files written, milliseconds) and for the
search index update that follows.
"""

import argparse
import pathlib
import re

from watch_process import Watch

parser = argparse.ArgumentParser()
parser.add_argument("site")
parser.add_argument("--binary", default=str(pathlib.Path(__file__).resolve().parent.parent / "target/release/gazette"))
parser.add_argument("--output", default="/tmp/gazette-watch-changes-output")
parser.add_argument("--rounds", type=int, default=3)
args = parser.parse_args()
site = pathlib.Path(args.site).resolve()
watch = Watch(args.binary, site, args.output)


def settled():
    line, search = watch.settled(timeout=900)
    return line.split(": ", 2)[-1], search.split(": ", 2)[-1]


def step(name, action):
    action()
    rebuild, search = settled()
    print(f"{name}: {rebuild}" + (f" | {search}" if search else ""), flush=True)


try:
    print("first build:", settled()[0], flush=True)
    article = sorted((site / "content/articles/2024").rglob("*.md"))[0]
    original = article.read_text()
    moved = re.sub(r"^date: (\d{4})-(\d{2})",
                   lambda m: f"date: {m.group(1)}-{'03' if m.group(2) != '03' else '04'}",
                   original, count=1, flags=re.M)
    new = site / "content/articles/2024/bench-new.md"
    templates = [site / "themes/default/templates" / name
                 for name in ("article.html", "actor.html", "base.html")]
    template_texts = {template: template.read_text() for template in templates}
    for _ in range(args.rounds):
        step("date moved to another month", lambda: article.write_text(moved))
        step("date restored", lambda: article.write_text(original))
        step("new article", lambda: new.write_text(
            '---\ntitle: "New article"\ndate: 2024-06-15T10:00:00Z\nactors: ["Someone New"]\n'
            'tags: ["bench"]\n---\nText.\n'))
        step("article deleted", lambda: new.unlink())
        for template, text in template_texts.items():
            step(f"{template.name} edited", lambda: template.write_text(text + "\n"))
            step(f"{template.name} restored", lambda: template.write_text(text))
finally:
    watch.kill()
    for template, text in locals().get("template_texts", {}).items():
        template.write_text(text)
