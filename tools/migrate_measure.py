#!/usr/bin/env python3
"""Issue 21's "Must show" on an imported, built and checked site (see migrate_measure.sh).

Reads the site folder's import-report.json, its content/articles front matter, its output/
and the check report written beside it (<site>.check.json, <site>.import.txt), and prints:
posts imported, each one not imported with its reason, old URLs without a redirect,
bylines not linking to /authors/, article pages showing a template tag outside code,
wordCount 0 with text, titles showing an entity, diagnostics at line 0, and the check's
warnings counted by kind (their message up to its first value).
"""

import collections
import html
import json
import os
import re
import sys
import urllib.parse


def front_matter(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---\n", 4)
    return text[4:end], text[end + 5 :]


def aliases_of(fm):
    """The `aliases:` list as the importer writes it: a flow list of quoted strings."""
    found = re.search(r"^aliases: \[(.*)\]$", fm, re.M)
    if not found:
        return []
    return [json.loads(a) for a in re.findall(r'"(?:[^"\\]|\\.)*"', found.group(1))]


def answers(output, rules, alias):
    path = alias.split("#")[0]
    last = path.rstrip("/").rsplit("/", 1)[-1]
    static_file = path.endswith("/") or "." not in last or last.endswith((".html", ".htm"))
    if "?" in path or not static_file:
        # No static file answers a query string or a `.php`/`.md` address: `_redirects` does.
        return any(line.split(" ")[0] == urllib.parse.quote(path, safe="/?=&%:+,;@") or line.startswith(path + " ") for line in rules)
    decoded = urllib.parse.unquote(path)
    candidates = [decoded, path]
    for c in candidates:
        full = os.path.join(output, c.lstrip("/"))
        if c.endswith("/"):
            full = os.path.join(full, "index.html")
        if os.path.isfile(full) or os.path.isfile(os.path.join(full, "index.html")):
            return True
    return False


CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def article_main(page):
    start = page.find("<article")
    end = page.rfind("</article>")
    return page[start:end] if start >= 0 else page


def kind(message):
    """A warning's kind: the families that repeat per value (one attribute, author or link
    each) counted together, the rest by their message with values blanked."""
    families = [
        (r"raw HTML: `[^`<]*` of `<[^`]*>` removed", "raw HTML: an attribute removed"),
        (r"raw HTML:", "raw HTML: an element, embed or address removed"),
        (r"author `[^`]*` is written", "an author written two ways"),
        (r"author `", "author has no profile"),
        (r"\d+ of \d+ authors have no profile", "N of M authors have no profile (one warning)"),
        (r"link target `", "link target holds a template tag"),
        (r"HTML:", "HTML conformance"),
        (r"a bidirectional control", "a bidirectional control"),
        (r"\d+ of \d+ articles name no actors", "N of M articles name no actors (one warning)"),
    ]
    for pattern, name in families:
        if re.match(pattern, message):
            return name
    return re.sub(r"`[^`]*`", "`…`", message).split(":")[0][:70]


def main(site):
    report = json.load(open(os.path.join(site, "import-report.json")))
    output = os.path.join(site, "output")
    rules_path = os.path.join(output, "_redirects")
    rules = open(rules_path).read().splitlines() if os.path.exists(rules_path) else []
    posts, written = report["posts"], report["articles"]
    print(f"posts {posts}, articles written {written} ({100 * written / max(posts, 1):.2f} %)")
    for f in report["files"]:
        if f["not_imported"]:
            print(f"  not imported: {f['source']}: {f['not_imported']}")
    articles = os.path.join(site, "content", "articles")
    counts = collections.Counter()
    samples = collections.defaultdict(list)
    for folder, _, names in os.walk(articles):
        for name in names:
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            fm, body = front_matter(path)
            if re.search(r"^draft: true$", fm, re.M):
                counts["drafts"] += 1
                continue
            counts["articles"] += 1
            for alias in aliases_of(fm):
                counts["aliases"] += 1
                if not answers(output, rules, alias):
                    counts["aliases not answering"] += 1
                    samples["aliases not answering"].append(f"{path}: {alias}")
            counts["with authors"] += bool(re.search(r"^authors:", fm, re.M))
    pages = []
    for folder, _, names in os.walk(output):
        if "index.html" in names and re.search(r"/\d{4}/\d{2}/[^/]+$", folder):
            pages.append(os.path.join(folder, "index.html"))
    for page_path in pages:
        page = open(page_path, encoding="utf-8").read()
        if 'http-equiv="refresh"' in page[:600] or "http-equiv=refresh" in page[:600]:
            continue
        counts["article pages"] += 1
        main_part = article_main(page)
        if "authors-line" in main_part:
            counts["bylines"] += 1
            line = re.search(r'class="?authors-line"?>(.*?)</p>', main_part, re.S)
            if line and "/authors/" not in line.group(1):
                counts["bylines not linking to /authors/"] += 1
                samples["bylines not linking to /authors/"].append(page_path)
        prose = CODE.sub("", main_part)
        # What a reader sees: the text, tags (and the URLs inside them) left out.
        shown = html.unescape(re.sub(r"<[^>]+>", " ", prose))
        if TAG.search(shown):
            counts["pages showing a template tag"] += 1
            samples["pages showing a template tag"].append(f"{page_path}: {TAG.search(shown).group(0)[:60]}")
        elif TAG.search(html.unescape(prose)):
            counts["pages with a template tag in a link or image address"] += 1
        wc = re.search(r'"wordCount":\s*(\d+)', page)
        body = re.search(r'class="?prose"?>(.*?)<footer class="?article-footer', prose, re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", body.group(1) if body else ""))
        if wc and wc.group(1) == "0" and len(text.split()) > 0:
            counts["wordCount 0 with text"] += 1
            samples["wordCount 0 with text"].append(page_path)
        title = re.search(r"<h1[^>]*>(.*?)</h1>", main_part, re.S)
        if title and ENTITY.search(html.unescape(re.sub(r"<[^>]+>", "", title.group(1)))):
            counts["titles showing an entity"] += 1
            samples["titles showing an entity"].append(f"{page_path}: {title.group(1)[:80]}")
    check = json.load(open(site.rstrip("/") + ".check.json"))
    line0 = [d for d in check["diagnostics"] if d["line"] == 0]
    import_line0 = [l for l in open(site.rstrip("/") + ".import.txt", encoding="utf-8") if re.match(r"^[^ ]+:0:", l)]
    counts["check diagnostics at line 0"] = len(line0)
    counts["import lines at line 0"] = len(import_line0)
    for key in ["articles", "drafts", "aliases", "aliases not answering", "with authors", "article pages", "bylines", "bylines not linking to /authors/", "pages showing a template tag", "pages with a template tag in a link or image address", "wordCount 0 with text", "titles showing an entity", "check diagnostics at line 0", "import lines at line 0"]:
        print(f"{key}: {counts[key]}")
        for s in samples[key][:5]:
            print(f"    {s}")
    for l in import_line0[:3]:
        print(f"    {l.strip()}")
    print(f"check: {check['errors']} errors, {check['warnings']} warnings; by kind:")
    kinds = collections.Counter((d["severity"], kind(d["message"])) for d in check["diagnostics"])
    for (severity, message), n in kinds.most_common():
        print(f"  {n:6}  {severity}: {message}")


if __name__ == "__main__":
    main(sys.argv[1])
