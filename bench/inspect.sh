#!/usr/bin/env bash
# Benchmark of `certkit inspect DIR` on 10,000 PEM certificates against one Python process
# using the `cryptography` package and against a loop of `openssl x509` calls.
# See bench/README.md. Settings (environment):
#   COUNT=10000           certificates in the corpus
#   ROUNDS=7              runs of each certkit form and of Python (round-robin)
#   OPENSSL_ROUNDS=3      runs of the openssl loop (the slowest by far)
#   OPENSSL_SUBSET=1000   files the openssl loop reads; its time is scaled up to COUNT files
#   REGENERATE=1          make a fresh corpus even if one exists
#   BASELINE=PATH         another certkit binary (e.g. a release build of an older commit) run
#                         side by side as the contender "baseline-json", so a change is reported
#                         as a ratio against the code before it
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-10000}
ROUNDS=${ROUNDS:-7}
OPENSSL_ROUNDS=${OPENSSL_ROUNDS:-3}
OPENSSL_SUBSET=${OPENSSL_SUBSET:-1000}
out=bench/out
corpus=$out/corpus

python3 -c 'import cryptography' 2>/dev/null || {
  echo "bench: the Python package cryptography is missing (python3 -m pip install cryptography)" >&2
  exit 2
}
command -v openssl >/dev/null || { echo "bench: openssl is missing (apt-get install openssl)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

# (a) The corpus, made once and reused (its certificates are dated from the day it was made).
mkdir -p "$out"
have=$( [ -d "$corpus" ] && find "$corpus" -type f -name '*.pem' | wc -l || echo 0)
if [ "${REGENERATE:-0}" = 1 ] || [ "$have" -ne "$COUNT" ]; then
  rm -rf "$corpus"
  echo "== generating $COUNT certificates into $corpus"
  python3 bench/gen_corpus.py "$corpus" "$COUNT"
fi
find "$corpus" -type f -name '*.pem' | sort | awk -v n="$OPENSSL_SUBSET" 'NR <= n' > "$out/openssl-subset.txt"
subset=$(wc -l < "$out/openssl-subset.txt")

# (b) The release build.
echo "== cargo build --release"
cargo build --release --quiet
certkit=target/release/certkit

# Sanity: every contender sees every certificate (and certkit reads them all without error).
echo "== checking the contenders agree on the certificate count"
ck=$("$certkit" inspect "$corpus" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["certificates"])')
py=$(python3 bench/inspect_cryptography.py "$corpus" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["certificates"])')
echo "certkit: $ck certificates, python: $py certificates"
[ "$ck" = "$COUNT" ] && [ "$py" = "$COUNT" ] || { echo "bench: counts differ from $COUNT" >&2; exit 2; }

# (c) Side by side, round-robin.
echo "== timing: $ROUNDS rounds (openssl loop: $OPENSSL_ROUNDS rounds on $subset files, scaled to $COUNT)"
scale=$(python3 -c "print($COUNT / $subset)")
openssl_loop="while read -r f; do openssl x509 -noout -text -fingerprint -sha1 -in \"\$f\"; openssl x509 -noout -fingerprint -sha256 -in \"\$f\"; done < $out/openssl-subset.txt"
python3 bench/run.py "$ROUNDS" "$OPENSSL_ROUNDS" "$scale" \
  "certkit-json=$certkit inspect $corpus --json" \
  "certkit-table=$certkit inspect $corpus" \
  "certkit-json-1thread=RAYON_NUM_THREADS=1 $certkit inspect $corpus --json" \
  "python-cryptography=python3 bench/inspect_cryptography.py $corpus" \
  ${BASELINE:+"baseline-json=$BASELINE inspect $corpus --json"} \
  "openssl-loop(scaled)=$openssl_loop" | tee "$out/results.txt"

# (d) Peak memory as /usr/bin/time reports it, for the record.
echo "== /usr/bin/time -v (peak memory)" | tee -a "$out/results.txt"
for args in "--json" ""; do
  /usr/bin/time -v "$certkit" inspect "$corpus" $args 2>&1 >/dev/null \
    | grep -E 'Maximum resident set size|Elapsed \(wall' \
    | sed "s|^|certkit inspect $corpus $args: |" | tee -a "$out/results.txt"
done
echo "(results also in $out/results.txt)"
