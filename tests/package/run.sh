#!/usr/bin/env bash
# Checks the release packages in dist/ (made by scripts/package.sh) as a user meets them:
#   - SHA256SUMS verifies, every name carries the version from Cargo.toml;
#   - the .deb: lintian (errors fail; each warning must be in the justified list below),
#     `dpkg -i` into a fresh, empty root (nothing but dpkg's database: no libc, no libssl), then
#     `certkit --version` chrooted there, `man -w certkit`, and the bash, zsh and fish
#     completions found where those shells look;
#   - the static tarball: contents, and certkit run chrooted in a root holding only the binary
#     and a sample PFX (no libssl, no libc): --version and an inspect;
#   - the Windows zip: contents, and certkit.exe --version and an inspect from the unzipped
#     folder under wine.
# Needs root (chroot), and the packages in .ci/debian-packages.txt. Ends with
# "package: N passed, M failed"; exits 1 if a check failed, 2 if the setup failed.
#
#   tests/package/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
repo=$PWD

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
  failed=$((failed + 1))
  failures+=("$1")
  echo "FAIL $1"
  shift
  for line in "$@"; do echo "     $line"; done
}
setup_failed() {
  echo "package: setup failed: $*" >&2
  echo "package: 0 passed, 1 failed"
  exit 2
}
# check NAME COMMAND...: passes when COMMAND succeeds; shows its output when it does not.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(printf '%s' "$out" | tail -5)"; fi
}
# same NAME GOT WANT
same() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3"; fi
}

[ "$(id -u)" = 0 ] || setup_failed "run as root (the checks chroot into fresh roots)"
version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print([p for p in json.load(sys.stdin)["packages"] if p["name"] == "certkit"][0]["version"])') ||
  setup_failed "cargo metadata"
dist=$repo/dist
deb=$dist/certkit_${version}-1_amd64.deb
tarball=$dist/certkit-$version-x86_64-unknown-linux-musl.tar.gz
zip=$dist/certkit-$version-x86_64-pc-windows-gnu.zip
for f in "$deb" "$tarball" "$zip" "$dist/SHA256SUMS"; do
  [ -f "$f" ] || setup_failed "$f is missing: run scripts/package.sh"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/certkit-package-test.XXXXXX")
# Wine 10 (Debian 13) aborts while making a prefix when TMPDIR is set, to any folder ("double
# free or corruption", measured in a Debian 13 root; wine 8 does not): the work folder honours
# TMPDIR, wine runs without it.
unset TMPDIR
cleanup() {
  [ -n "${wineserver:-}" ] && WINEPREFIX="$work/prefix" "$wineserver" -k >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
pfx=$repo/tests/data/client.pfx # the README's sample, password certkit-demo

# --- Checksums ----------------------------------------------------------------------------------
check "SHA256SUMS verifies" bash -c "cd '$dist' && sha256sum --strict -c SHA256SUMS"
same "SHA256SUMS lists the three packages" \
  "$(awk '{print $2}' "$dist/SHA256SUMS" | sort | tr '\n' ' ')" \
  "$(printf '%s\n' "${deb##*/}" "${tarball##*/}" "${zip##*/}" | sort | tr '\n' ' ')"

# --- The .deb -------------------------------------------------------------------------------------
same ".deb: package version" "$(dpkg-deb -f "$deb" Package Version Architecture | tr '\n' ' ')" \
  "Package: certkit Version: $version-1 Architecture: amd64 "
same ".deb: no dependencies (static binary)" "$(dpkg-deb -f "$deb" Depends)" ""

# lintian: no errors; a warning or info tag fails unless it is justified here.
declare -A justified=(
  # The binary is the static musl build, on purpose: one .deb for every Debian and Ubuntu
  # release, and OpenSSL vendored (a fixed, tested version rather than the system's).
  [statically-linked-binary]=1
  [embedded-library]=1
  # A static-pie executable is an ELF of type DYN without NEEDED entries: lintian takes it for
  # a shared library without prerequisites. It needs none (checked below: it runs in an
  # empty root).
  [shared-library-lacks-prerequisites]=1
  # cargo-deb writes "Depends:" even when, as for a static binary, nothing is needed; dpkg
  # reads an empty field as no dependency.
  [empty-field]=1
  # The package is published with certkit's releases, not uploaded to Debian: no ITP bug.
  [initial-upload-closes-no-bugs]=1
)
lintian --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1
sed 's/^/     lintian: /' "$work/lintian.log"
unjustified=$(awk '/^[EWI]: /{print $1, $3}' "$work/lintian.log" | while read -r level tag; do
  [ -n "${justified[$tag]:-}" ] || echo "$level $tag"
done | sort -u | tr '\n' ' ')
if [ -z "$unjustified" ] && ! grep -q '^E: ' "$work/lintian.log"; then
  pass "lintian: no errors, only justified tags"
else
  fail "lintian: no errors, only justified tags" "unjustified: $unjustified"
fi

same ".deb: scripts/deb/changelog's latest entry is this version" \
  "$(sed -n '1s/^certkit (\([^)]*\)).*/\1/p' scripts/deb/changelog)" "$version-1"

# A fresh root with nothing but an empty dpkg database: dpkg -i the package into it.
root=$work/deb-root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
check ".deb: dpkg -i into a fresh root" dpkg --root="$root" --log=/dev/null -i "$deb"
same ".deb: dpkg lists it as installed" \
  "$(dpkg-query --root="$root" -W -f='${Status} ${Version}' certkit 2>&1)" "install ok installed $version-1"
for f in usr/bin/certkit usr/share/man/man1/certkit.1.gz usr/share/man/man1/certkit-inspect.1.gz \
  usr/share/bash-completion/completions/certkit usr/share/zsh/vendor-completions/_certkit \
  usr/share/fish/vendor_completions.d/certkit.fish usr/share/doc/certkit/README.md \
  usr/share/doc/certkit/copyright; do
  check ".deb: installs /$f" test -f "$root/$f"
done
same ".deb: certkit --version in the root (no libc, no libssl there)" \
  "$(chroot "$root" /usr/bin/certkit --version 2>&1)" "certkit $version"

# man-db and the shells find what the package installed as they find any prefix's: man-db maps
# PREFIX/bin on PATH to PREFIX/share/man; bash-completion and fish look in
# bash-completion/completions and fish/vendor_completions.d under each XDG data directory
# (/usr/share by default), zsh in the vendor-completions folder on its fpath.
user_path="$root/usr/bin:/usr/bin:/bin"
data_dirs="$root/usr/share:/usr/share"
same ".deb: man -w certkit" "$(env -i PATH="$user_path" man -w certkit 2>&1)" \
  "$root/usr/share/man/man1/certkit.1.gz"
same ".deb: man -w certkit-inspect" "$(env -i PATH="$user_path" man -w certkit-inspect 2>&1)" \
  "$root/usr/share/man/man1/certkit-inspect.1.gz"
check ".deb: man certkit renders" bash -c "env -i PATH='$user_path' MANWIDTH=80 man certkit 2>&1 | grep -q 'certkit'"
bash_words=$(env -i PATH="$user_path" HOME="$work" XDG_DATA_DIRS="$data_dirs" bash --norc --noprofile -c '
  . /usr/share/bash-completion/bash_completion
  # _comp_load from bash-completion 2.12 on (Debian 13), __load_completion before (Debian 12).
  if declare -F _comp_load >/dev/null; then _comp_load certkit; else __load_completion certkit; fi || exit 3
  fn=$(complete -p certkit | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
  COMP_WORDS=(certkit ""); COMP_CWORD=1; COMP_LINE="certkit "; COMP_POINT=${#COMP_LINE}
  "$fn" certkit "" certkit
  printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
if grep -qx inspect <<<"$bash_words" && grep -qx verify-chain <<<"$bash_words"; then
  pass ".deb: bash completes 'certkit ' with the subcommands"
else
  fail ".deb: bash completes 'certkit ' with the subcommands" "got: $(head -c 300 <<<"$bash_words" | tr '\n' ' ')"
fi
zsh_fpath=$(zsh -f -c 'print -l $fpath' 2>&1)
if grep -qx /usr/share/zsh/vendor-completions <<<"$zsh_fpath"; then
  pass ".deb: zsh looks in /usr/share/zsh/vendor-completions"
else
  fail ".deb: zsh looks in /usr/share/zsh/vendor-completions" "fpath: $(tr '\n' ' ' <<<"$zsh_fpath")"
fi
check ".deb: zsh loads _certkit from there" env -i PATH="$user_path" zsh -f -c "
  fpath=('$root/usr/share/zsh/vendor-completions' \$fpath)
  autoload -U compinit && compinit -u -D && [[ \${_comps[certkit]} == _certkit ]]"
fish_words=$(env -i PATH="$user_path" HOME="$work" XDG_DATA_DIRS="$data_dirs" fish -c 'complete -C"certkit "' 2>&1)
if grep -q '^inspect' <<<"$fish_words" && grep -q '^verify-chain' <<<"$fish_words"; then
  pass ".deb: fish completes 'certkit ' from its vendor folder"
else
  fail ".deb: fish completes 'certkit ' from its vendor folder" "got: $(head -c 300 <<<"$fish_words" | tr '\n' ' ')"
fi

# --- The static tarball ---------------------------------------------------------------------------
name=certkit-$version-x86_64-unknown-linux-musl
mkdir -p "$work/tar"
tar -C "$work/tar" -xzf "$tarball" || fail "tarball: extracts"
for f in certkit man/man1/certkit.1 man/man1/certkit-verify-chain.1 completions/certkit.bash \
  completions/_certkit completions/certkit.fish README.md LICENSE-MIT LICENSE-APACHE; do
  check "tarball: $name/$f" test -f "$work/tar/$name/$f"
done
# No program interpreter and no shared library at all: the kernel runs it as it is.
check "tarball: certkit is a static executable (no interpreter, no NEEDED)" bash -c \
  "! readelf -lW '$work/tar/$name/certkit' | grep -q INTERP && ! readelf -dW '$work/tar/$name/certkit' | grep -q NEEDED"
# A root with only the binary and the README's sample PFX: no libssl (no library at all).
bare=$work/bare-root
mkdir -p "$bare/bin" "$bare/data"
cp "$work/tar/$name/certkit" "$bare/bin/"
cp "$pfx" "$bare/data/client.pfx"
same "tarball: certkit --version in an empty root" \
  "$(chroot "$bare" /bin/certkit --version 2>&1)" "certkit $version"
if find "$bare" -name 'libssl*' -o -name 'libcrypto*' -o -name 'libc.so*' | grep -q .; then
  fail "tarball: the empty root has no libssl" "$(find "$bare" -name 'lib*')"
else
  pass "tarball: the empty root has no libssl, libcrypto or libc"
fi
out=$(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin CERTKIT_DEMO=certkit-demo chroot "$bare" /bin/certkit \
  --json inspect /data/client.pfx --password-env CERTKIT_DEMO 2>&1)
if python3 -c '
import json, sys
doc = json.loads(sys.argv[1])
i = doc["inputs"][0]
assert i["format"] == "pkcs12", i["format"]
assert i["certificates"][0]["thumbprint"] == "43928C118EC1468ED63508137ABA071972E68C09", i["certificates"][0]
' "$out" 2>"$work/py.err"; then
  pass "tarball: inspect client.pfx in the empty root (the README's sample)"
else
  fail "tarball: inspect client.pfx in the empty root (the README's sample)" "$(tail -1 "$work/py.err")" \
    "output: $(head -c 300 <<<"$out")"
fi

# --- The Windows zip ------------------------------------------------------------------------------
name=certkit-$version-x86_64-pc-windows-gnu
mkdir -p "$work/zip"
(cd "$work/zip" && unzip -q "$zip") || fail "zip: unzips"
same "zip: contents" "$(cd "$work/zip" && find . -type f | sort | tr '\n' ' ')" \
  "./$name/LICENSE-APACHE ./$name/LICENSE-MIT ./$name/README.md ./$name/_certkit.ps1 ./$name/certkit.exe "
# wine64 (Debian 12, Ubuntu 24.04), /usr/lib/wine/wine64 (Debian's package without the
# wrappers), or wine (newer releases, one loader for both).
wine=$(command -v wine64 || true)
[ -n "$wine" ] || { [ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64; }
[ -n "$wine" ] || wine=$(command -v wine || echo /usr/lib/wine/wine)
wineserver=$(command -v wineserver || true)
[ -n "$wineserver" ] || wineserver=/usr/lib/wine/wineserver
[ -x "$wine" ] || setup_failed "wine not found: apt-get install -y wine64"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
WINEPREFIX="$work/prefix" timeout 600 "$wine" wineboot --init </dev/null >"$work/wineboot.log" 2>&1 ||
  setup_failed "wineboot: $(tail -3 "$work/wineboot.log")"
folder=$work/zip/$name
cp "$pfx" "$folder/client.pfx"
# winexe ARGS...: certkit.exe under wine, from the unzipped folder. Status 66 with no output is
# wine's loader failing to start the process (0xC0000142, STATUS_DLL_INIT_FAILED), never
# certkit's (0, 1 or 2): it is started once more and that is said (tests/windows/run.sh, wine_run).
winexe() {
  local out code
  out=$(cd "$folder" && WINEPREFIX="$work/prefix" timeout 120 "$wine" certkit.exe "$@" </dev/null 2>&1)
  code=$?
  if [ "$code" = 66 ] && [ -z "$out" ]; then
    echo "     (wine could not start certkit.exe $*: status 66, no output; started again)" >&2
    out=$(cd "$folder" && WINEPREFIX="$work/prefix" timeout 120 "$wine" certkit.exe "$@" </dev/null 2>&1)
    code=$?
  fi
  printf '%s\n' "$out"
  return "$code"
}
# Wine 8 (Debian 12) has no bcryptprimitives.dll, which Rust's std imports on Windows 10 and
# later (the loader fails silently under WINEDEBUG=-all): there, and only there, the test-only
# shim that tests/windows uses goes beside the exe.
if [ ! -e "$work/prefix/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  shim="${CARGO_TARGET_DIR:-$repo/target}/x86_64-pc-windows-gnu/wine-shim/bcryptprimitives.dll"
  echo "     ($("$wine" --version 2>/dev/null) lacks bcryptprimitives.dll: the test-only shim goes beside certkit.exe)"
  cp "$shim" "$folder/" || setup_failed "$shim missing: scripts/windows-build.sh builds it"
fi
out=$(winexe --version | tr -d '\r')
same "zip: certkit.exe --version under wine" "$out" "certkit $version"
out=$(CERTKIT_DEMO=certkit-demo winexe --json inspect client.pfx --password-env CERTKIT_DEMO)
if python3 -c '
import json, sys
doc = json.loads(sys.argv[1])
c = doc["inputs"][0]["certificates"][0]
assert c["thumbprint"] == "43928C118EC1468ED63508137ABA071972E68C09", c
' "$out" 2>"$work/py.err"; then
  pass "zip: certkit.exe inspect client.pfx under wine"
else
  fail "zip: certkit.exe inspect client.pfx under wine" "$(tail -1 "$work/py.err")" "output: $(head -c 300 <<<"$out")"
fi
check "zip: the PowerShell completion registers certkit" grep -q "Register-ArgumentCompleter" "$folder/_certkit.ps1"

echo "package: sizes: $(cd "$dist" && stat -c '%n %s' -- *.deb *.tar.gz *.zip | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
if [ "$failed" -gt 0 ]; then
  printf "package: failed: %s\n" "${failures[@]}"
fi
echo "package: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
