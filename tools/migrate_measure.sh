#!/bin/sh
# Issue 21's "Must show", for one corpus: import its root into a fresh `gazette init` site,
# build, check, then measure with migrate_measure.py. The corpora stay where they are: the
# site is written under $WORK (default /tmp/mig), never into the repository.
#
#   tools/migrate_measure.sh GAZETTE NAME FORMAT SOURCE [SOURCE_URL] [-- extra import flags]
#   tools/migrate_measure.sh target/release/gazette 18f jekyll ../shared/corpora/18f/raw https://18f.gsa.gov
set -eu
gazette=$(realpath "$1"); name=$2; format=$3; source=$(realpath "$4"); shift 4
url=${1:-}; [ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
work=${WORK:-/tmp/mig}/$name
rm -rf "$work"; mkdir -p "$(dirname "$work")"
"$gazette" init "$work" --ci none >/dev/null 2>&1
# The two example articles of `init` are not the corpus's.
rm -rf "$work/content/articles/"* "$work/content/actors/"* "$work/content/authors/"* 2>/dev/null || true
set -- "$@"
[ -n "$url" ] && set -- --source-url "$url" "$@"
"$gazette" import "$format" "$source" --root "$work" "$@" >"$work.import.txt" 2>&1 || true
"$gazette" build --root "$work" >"$work.build.txt" 2>&1 || echo "build failed: $work.build.txt"
"$gazette" check --root "$work" --format json >"$work.check.json" 2>"$work.check.txt" || true
python3 "$(dirname "$0")/migrate_measure.py" "$work"
