#!/usr/bin/env bash
# Builds the release packages into dist/ (git-ignored), every name carrying the version from
# Cargo.toml:
#   certkit_VERSION-1_amd64.deb                     cargo-deb, from the static build below
#   certkit-VERSION-x86_64-unknown-linux-musl.tar.gz  static binary (musl, OpenSSL vendored),
#                                                   man pages, completions, README, licences
#   certkit-VERSION-x86_64-pc-windows-gnu.zip       certkit.exe, the PowerShell completion,
#                                                   README, licences
#   SHA256SUMS                                      of the three
#
#   scripts/package.sh
#
# Needs: Debian's musl-tools, gcc-mingw-w64-x86-64, make, perl, zip; the Rust targets
# x86_64-unknown-linux-musl and x86_64-pc-windows-gnu (added with rustup when missing); and
# cargo-deb, which is installed from crates.io at the version pinned below when missing.
# .ci/run runs it, then tests/package/run.sh checks the packages as a user would.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo_deb_version=3.8.0
version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print([p for p in json.load(sys.stdin)["packages"] if p["name"] == "certkit"][0]["version"])')
linux=x86_64-unknown-linux-musl
windows=x86_64-pc-windows-gnu
target_dir="${CARGO_TARGET_DIR:-target}"
dist=dist
say() { echo "package: $*" >&2; }

for tool in musl-gcc x86_64-w64-mingw32-gcc zip; do
  command -v "$tool" >/dev/null || { say "$tool not found: install the packages in .ci/debian-packages.txt"; exit 2; }
done
for t in "$linux" "$windows"; do
  rustup target list --installed | grep -qx "$t" || rustup target add "$t"
done
if [ "$(cargo deb --version 2>/dev/null | awk '{print $2}')" != "$cargo_deb_version" ]; then
  say "installing cargo-deb $cargo_deb_version"
  cargo install --locked --quiet cargo-deb --version "$cargo_deb_version"
fi

rm -rf "$dist"
mkdir -p "$dist"
stage=$(mktemp -d "${TMPDIR:-/tmp}/certkit-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# Archive members: owned by root, sorted, dated by the last commit (reproducible).
mtime=$(git log -1 --format=%cI 2>/dev/null || date -u +%FT%TZ)
common_files() { # DIR: README and both licences
  cp README.md LICENSE-MIT LICENSE-APACHE "$1/"
}

# --- The static Linux build and its tarball ---------------------------------------------------
# musl links statically; the vendored-openssl feature builds OpenSSL from source into it, so the
# binary needs no libssl (nor any other shared library) on the machine it runs on.
cargo build --release --locked --target "$linux" --features vendored-openssl --bin certkit
name=certkit-$version-$linux
mkdir -p "$stage/$name/man/man1" "$stage/$name/completions"
strip -o "$stage/$name/certkit" "$target_dir/$linux/release/certkit"
cp man/*.1 "$stage/$name/man/man1/"
cp completions/certkit.bash completions/_certkit completions/certkit.fish "$stage/$name/completions/"
common_files "$stage/$name"
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" \
  -czf "$dist/$name.tar.gz" "$name"

# --- The .deb -----------------------------------------------------------------------------------
# From the same static binary: cargo-deb maps target/release/ in the assets to the target's
# folder. It strips the binary and gzips the man pages and the changelog.
cargo deb --no-build --locked --strip --target "$linux" --output "$dist/"

# --- The Windows zip ----------------------------------------------------------------------------
# scripts/windows-build.sh builds certkit.exe (nothing to do when .ci/run's Windows step already
# did); its wine shim is for the tests only and is not shipped.
scripts/windows-build.sh
name=certkit-$version-$windows
mkdir -p "$stage/$name"
x86_64-w64-mingw32-strip -o "$stage/$name/certkit.exe" "$target_dir/$windows/release/certkit.exe"
# Named _certkit.ps1 so that typing `certkit` in that folder never runs the completion script.
cp completions/_certkit.ps1 "$stage/$name/_certkit.ps1"
common_files "$stage/$name"
find "$stage/$name" -exec touch -d "$mtime" {} +
(cd "$stage" && zip -q -X -r "$OLDPWD/$dist/$name.zip" "$name")

(cd "$dist" && sha256sum -- *.deb *.tar.gz *.zip >SHA256SUMS)
say "built in $dist/:"
(cd "$dist" && stat -c "  %10s  %n" -- *) >&2
