#!/usr/bin/env bash
# Cross-builds certkit for Windows (x86_64-pc-windows-gnu) on Linux:
#   target/x86_64-pc-windows-gnu/release/certkit.exe
# with OpenSSL built from source for the target (feature `vendored-openssl`) and linked by
# Debian's mingw-w64, and the lib's unit tests as certkit-lib-tests.exe beside it. Also builds
# the test-only bcryptprimitives.dll shim that lets the .exe
# run under wine 8 (see scripts/windows/processprng-shim.c); the shim is never shipped.
#
# Needs: rustup target x86_64-pc-windows-gnu, and Debian's gcc-mingw-w64-x86-64 (plus make and
# perl for OpenSSL's build, both on the machine image). .ci/run installs them.
#
# Usage: scripts/windows-build.sh [--profile release|dev]   (release by default; honours
# CARGO_TARGET_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    *) echo "windows-build: unknown argument $1 (use --profile release|dev)" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release) cargo_profile=(--release); out_dir=release ;;
  dev) cargo_profile=(); out_dir=debug ;;
  *) echo "windows-build: --profile must be release or dev" >&2; exit 2 ;;
esac

cc=x86_64-w64-mingw32-gcc
if ! command -v "$cc" >/dev/null; then
  echo "windows-build: $cc not found: apt-get install -y gcc-mingw-w64-x86-64" >&2
  exit 2
fi
if ! rustup target list --installed | grep -qx "$target"; then
  echo "windows-build: adding the Rust target $target" >&2
  rustup target add "$target"
fi

start=$(date +%s)
# The linker for the target is set in .cargo/config.toml; the cc crate (OpenSSL's build and
# any other C code) finds x86_64-w64-mingw32-gcc by the target triple.
cargo build "${cargo_profile[@]}" --locked --target "$target" --features vendored-openssl --bin certkit
target_dir="${CARGO_TARGET_DIR:-target}"
exe="$target_dir/$target/$out_dir/certkit.exe"

# The lib's unit tests as a Windows program, for the tests that need Windows APIs in one
# process (src/store/windows/bcrypt_sign.rs: CNG key blobs signing through BCrypt); run under
# wine by tests/windows/run.sh. Copied to a fixed name: cargo's has a hash in it.
tests_exe=$(cargo test "${cargo_profile[@]}" --locked --target "$target" --features vendored-openssl \
  --lib --no-run --message-format=json |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["kind"] == ["lib"]:
        print(m["executable"])')
[ -n "$tests_exe" ] || { echo "windows-build: the lib test executable was not built" >&2; exit 1; }
cp "$tests_exe" "$target_dir/$target/$out_dir/certkit-lib-tests.exe"

# Test-only shim for wine 8, which lacks bcryptprimitives.dll!ProcessPrng (Rust's std imports it).
shim_dir="$target_dir/$target/wine-shim"
mkdir -p "$shim_dir"
"$cc" -O2 -s -shared -Wall -Wextra -Werror \
  -o "$shim_dir/bcryptprimitives.dll" \
  scripts/windows/processprng-shim.c scripts/windows/processprng-shim.def -lbcrypt

echo "windows-build: $exe ($(( $(date +%s) - start )) s), wine shim $shim_dir/bcryptprimitives.dll" >&2
