#!/usr/bin/env python3
"""Compares legacy Jekyll posts as kramdown renders them with the pages gazette built from
their import: the text and the list structure, extracted the same way from both.

Usage: tools/kramdown_compare.py SOURCE_ROOT SITE_ROOT [POST ...]
  SOURCE_ROOT  the Jekyll site that was imported (posts in */_posts/)
  SITE_ROOT    the gazette site it was imported into and built (import-report.json, output/)
  POST         source paths relative to SOURCE_ROOT; without any, the first five posts whose
               HTML lists hold blank lines, one per year from the oldest.

kramdown is run as Jekyll runs it (GFM input), through Ruby (Debian: ruby-kramdown and
ruby-kramdown-parser-gfm). Both renderings go through one extractor: the words of the text
(quotes and apostrophes made plain, whitespace collapsed, heading anchor marks left out) and
every list as (depth, item texts). Prints a line per post and exits 1 if any differs.
"""
import html.parser
import json
import re
import subprocess
import sys
from pathlib import Path

KRAMDOWN = 'require "kramdown"; require "kramdown-parser-gfm"; print Kramdown::Document.new(STDIN.read, input: "GFM").to_html'


BLOCKS = {"p", "div", "ul", "ol", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
          "blockquote", "table", "tr", "td", "th", "hr", "dl", "dt", "dd", "figure", "figcaption"}


class Extract(html.parser.HTMLParser):
    """Text and lists of an HTML fragment, as a browser shows them: an element it does not
    know (`<x>`, `<tab>` in old posts) splits no word, a block element does. A list item
    closes at the next item or at the end of its list."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.lists, self.open_lists, self.skip = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and ("class", "anchor") in attrs:
            self.skip += 1
        if tag in BLOCKS:
            self.add(" ")
        if tag in ("ul", "ol"):
            self.open_lists.append(len(self.lists))
            self.lists.append((len(self.open_lists), []))
        elif tag == "li" and self.open_lists:
            self.lists[self.open_lists[-1]][1].append([])

    def handle_endtag(self, tag):
        if tag == "a" and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.add(" ")
        if tag in ("ul", "ol") and self.open_lists:
            self.open_lists.pop()

    def handle_data(self, data):
        if not self.skip:
            self.add(normal(data))

    def add(self, text):
        self.text.append(text)
        if self.open_lists and self.lists[self.open_lists[-1]][1]:
            self.lists[self.open_lists[-1]][1][-1].append(text)


def normal(text):
    for plain, fancy in (("'", "’‘"), ('"', "“”«»"), (" ", "\u00a0\u202f\u2009"), ("...", "…")):
        for c in fancy:
            text = text.replace(c, plain)
    return text.replace("--", "–")


def extract(fragment):
    parser = Extract()
    parser.feed(fragment)
    lists = [(depth, [" ".join("".join(item).split()) for item in items]) for depth, items in parser.lists]
    return "".join(parser.text).split(), lists


def source_body(path):
    text = path.read_text(encoding="utf-8")
    return re.split(r"^---\s*$", text, maxsplit=2, flags=re.M)[2]


def prose(page):
    start = page.index("<div class=prose>") + len("<div class=prose>")
    depth, at = 1, start
    for tag in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page[start : start + tag.start()]
    return page[start:]


def default_posts(source):
    chosen, years = [], set()
    for post in sorted(source.glob("*/_posts/*.md")):
        body = source_body(post)
        if re.search(r"<(ul|ol)>[^\n]*\n\s*\n", body, re.I) and post.parts[-3] not in years:
            years.add(post.parts[-3])
            chosen.append(str(post.relative_to(source)))
        if len(chosen) == 5:
            break
    return chosen


def main():
    source, site = Path(sys.argv[1]), Path(sys.argv[2])
    report = json.loads((site / "import-report.json").read_text())
    written = {f["source"]: f["written"] for f in report["files"] if f.get("written")}
    posts = sys.argv[3:] or default_posts(source)
    differ = 0
    for post in posts:
        if post not in written:
            print(f"{post}: not imported (see import-report.json)")
            continue
        body = source_body(source / post)
        kramdown = subprocess.run(["ruby", "-e", KRAMDOWN], input=body, capture_output=True, text=True, check=True).stdout
        article = Path(written[post]).relative_to(site / "content/articles").with_suffix("")
        page = (site / "output" / article / "index.html").read_text(encoding="utf-8")
        k_words, k_lists = extract(kramdown)
        g_words, g_lists = extract(prose(page))
        same_text, same_lists = k_words == g_words, k_lists == g_lists
        differ += not (same_text and same_lists)
        items = sum(len(items) for _, items in k_lists)
        print(f"{post}: kramdown {len(k_words)} words, {len(k_lists)} lists, {items} items; "
              f"gazette {len(g_words)} words, {len(g_lists)} lists, {sum(len(i) for _, i in g_lists)} items; "
              f"text {'same' if same_text else 'DIFFERS'}, lists {'same' if same_lists else 'DIFFER'}")
        if not same_text:
            import difflib
            for line in difflib.unified_diff(k_words, g_words, "kramdown", "gazette", n=2, lineterm=""):
                print("   ", line)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
