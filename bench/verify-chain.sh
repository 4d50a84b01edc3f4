#!/usr/bin/env bash
# Benchmark of `certkit verify-chain` (a script, never a timed test). Reports medians of
# repeated runs:
#   1. one chain verified against a hashed directory (OpenSSL CApath layout, like the store's
#      root/) holding 10 CA certificates, then 10,000: the second must take at most twice as
#      long, because issuers are found through the <subject-hash>.N index, not by reading
#      every file;
#   2. the same 10,000 certificates given as one --untrusted bundle file: certkit against
#      `openssl verify -untrusted` on that bundle; certkit must be at least 15 times faster.
# Usage: bench/verify-chain.sh [RUNS]   (CERTKIT=path/to/certkit to skip the release build)
# Needs: openssl, python3 with the cryptography module.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
count=10000
if [ -z "${CERTKIT:-}" ]; then
  cargo build --release --quiet
  CERTKIT=$PWD/target/release/certkit
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "generating 1 chain and $count unrelated CA certificates..."
python3 bench/gen_cas.py "$work" "$count"
# Split the bundle into one PEM per certificate.
mkdir "$work/all"
awk -v dir="$work/all" '/BEGIN CERT/{n++; f=sprintf("%s/ca%05d.pem", dir, n)} {print > f}' "$work/others.pem"
make_dir() { # make_dir NAME HOW_MANY
  mkdir "$work/$1"
  cp "$work/root.pem" "$work/$1/"
  local i
  for i in $(seq 1 "$2"); do ln "$work/all/$(printf 'ca%05d.pem' "$i")" "$work/$1/"; done
  openssl rehash "$work/$1"
}
make_dir dir10 10
make_dir dir10k "$count"
cat "$work/others.pem" "$work/int.pem" > "$work/bundle.pem"
echo "  hashed dirs: $(ls "$work/dir10" | wc -l) and $(ls "$work/dir10k" | wc -l) entries; bundle: $(grep -c BEGIN "$work/bundle.pem") certificates"

# median_ms CMD...: runs CMD $runs times (after one warm-up) and prints the median in ms.
median_ms() {
  "$@" >/dev/null 2>&1 || true
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

at=2027-01-01T00:00:00Z
check() { # the run must succeed, or the timing means nothing
  "$@" >/dev/null || { echo "FAILED: $*"; exit 1; }
}
check "$CERTKIT" verify-chain "$work/leaf.pem" --untrusted "$work/int.pem" --capath "$work/dir10k" --at $at
check "$CERTKIT" verify-chain "$work/leaf.pem" --untrusted "$work/bundle.pem" --ca "$work/root.pem" --at $at
check openssl verify -CAfile "$work/root.pem" -untrusted "$work/bundle.pem" "$work/leaf.pem"

echo "runs per figure: $runs (median), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
d10=$(median_ms "$CERTKIT" verify-chain "$work/leaf.pem" --untrusted "$work/int.pem" --capath "$work/dir10" --at $at)
d10k=$(median_ms "$CERTKIT" verify-chain "$work/leaf.pem" --untrusted "$work/int.pem" --capath "$work/dir10k" --at $at)
echo "1. hashed directory, 10 CAs:     certkit ${d10} ms"
echo "   hashed directory, $count CAs: certkit ${d10k} ms  (ratio $(awk -v a="$d10k" -v b="$d10" 'BEGIN{printf "%.2f", a/b}'), limit 2.00)"
ck=$(median_ms "$CERTKIT" verify-chain "$work/leaf.pem" --untrusted "$work/bundle.pem" --ca "$work/root.pem" --at $at)
os=$(median_ms openssl verify -CAfile "$work/root.pem" -untrusted "$work/bundle.pem" "$work/leaf.pem")
echo "2. --untrusted bundle of $((count + 1)) certificates: certkit ${ck} ms, openssl verify ${os} ms  (openssl/certkit $(awk -v a="$os" -v b="$ck" 'BEGIN{printf "%.1f", a/b}')x, target at least 15x)"
