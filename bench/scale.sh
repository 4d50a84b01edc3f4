#!/usr/bin/env bash
# Scaling of `certkit inspect DIR`: wall time, CPU time and peak memory for
#   10k           10,000 PEM files, 10,000 distinct certificates (the corpus of inspect.sh)
#   100k-dup      100,000 PEM files: that corpus copied ten times (10,000 distinct certificates)
#   100k-distinct 100,000 PEM files, 100,000 distinct certificates
# in each output form (--json, the table, --json-lines), each measured by /usr/bin/time -v.
# See bench/README.md. Settings (environment):
#   ROWS="10k 100k-dup 100k-distinct"   which corpora
#   FORMS="json table json-lines"       which output forms
#   ROUNDS=1                            runs of each cell (the figures are the medians)
#   BASELINE=PATH                       another certkit binary run side by side in every cell
#                                       (a form it does not know is left out)
#   CERTKIT=PATH                        the binary to measure (default: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-"10k 100k-dup 100k-distinct"}
FORMS=${FORMS:-"json table json-lines"}
ROUNDS=${ROUNDS:-1}
out=bench/out
scale=$out/scale
mkdir -p "$scale"

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
python3 -c 'import cryptography' 2>/dev/null || {
  echo "bench: the Python package cryptography is missing" >&2
  exit 2
}

count() { [ -d "$1" ] && find "$1" -type f -name '*.pem' | wc -l || echo 0; }

# The corpora, made once and reused.
corpus_of() {
  case "$1" in
    10k)
      if [ "$(count $out/corpus)" -ne 10000 ]; then
        rm -rf "$out/corpus"
        python3 bench/gen_corpus.py "$out/corpus" 10000 >&2
      fi
      echo "$out/corpus" ;;
    100k-dup)
      corpus_of 10k >/dev/null
      if [ "$(count $scale/dup-100k)" -ne 100000 ]; then
        rm -rf "$scale/dup-100k"
        mkdir -p "$scale/dup-100k"
        # Real copies (not links): a scan reads a linked file once.
        for i in 0 1 2 3 4 5 6 7 8 9; do cp -r "$out/corpus" "$scale/dup-100k/copy$i"; done
      fi
      echo "$scale/dup-100k" ;;
    100k-distinct)
      if [ "$(count $scale/distinct-100k)" -ne 100000 ]; then
        rm -rf "$scale/distinct-100k"
        python3 bench/gen_corpus.py "$scale/distinct-100k" 100000 >&2
      fi
      echo "$scale/distinct-100k" ;;
    *) echo "bench: unknown row $1" >&2; exit 2 ;;
  esac
}

if [ -z "${CERTKIT:-}" ]; then
  cargo build --release --quiet
  CERTKIT=target/release/certkit
fi

args_of() {
  case "$1" in
    json) echo "--json" ;;
    table) echo "" ;;
    json-lines) echo "--json-lines" ;;
  esac
}

# One measurement: wall s, CPU s (user + system), peak RSS MiB, from /usr/bin/time -v.
measure() {
  local bin=$1 dir=$2 form=$3 log
  log=$(mktemp)
  # shellcheck disable=SC2046
  if ! /usr/bin/time -v "$bin" inspect "$dir" $(args_of "$form") >/dev/null 2>"$log"; then
    grep -q 'Exit status: [01]$' "$log" || { echo "n/a"; rm -f "$log"; return; }
  fi
  python3 - "$log" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
print(f"{secs:.2f} {cpu:.2f} {rss:.1f}")
EOF
  rm -f "$log"
}

median() { python3 -c 'import statistics,sys; v=[l.split() for l in sys.stdin if l.strip() and l.strip()!="n/a"]; print("n/a" if not v else " ".join(f"{statistics.median(float(x[i]) for x in v):.2f}" for i in range(3)))'; }

# A baseline that predates --json-lines cannot run that form.
knows_json_lines() { "$1" inspect --help 2>/dev/null | grep -q -- '--json-lines'; }

{
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
printf '%-14s %-11s %-9s %8s %8s %10s\n' row form binary wall_s cpu_s peak_MiB
for row in $ROWS; do
  dir=$(corpus_of "$row")
  for form in $FORMS; do
    for who in certkit ${BASELINE:+baseline}; do
      bin=$CERTKIT
      [ "$who" = baseline ] && bin=$BASELINE
      if [ "$form" = json-lines ] && ! knows_json_lines "$bin"; then continue; fi
      m=$(for _ in $(seq "$ROUNDS"); do measure "$bin" "$dir" "$form"; done | median)
      # shellcheck disable=SC2086
      printf '%-14s %-11s %-9s %8s %8s %10s\n' "$row" "$form" "$who" $m
    done
  done
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/scale-results.txt"
echo "(results also in $out/scale-results.txt)"
