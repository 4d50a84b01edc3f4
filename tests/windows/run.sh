#!/usr/bin/env bash
# Windows integration tests: the cross-built certkit.exe run under wine, on files made by
# OpenSSL at test time. Not part of `cargo test` (Linux); .ci/run calls it after the suite.
#
#   tests/windows/run.sh              build (scripts/windows-build.sh) and run every check
#   tests/windows/run.sh --no-build   use the certkit.exe already built
#
# Every run gets a fresh WINEPREFIX in a temporary folder, headless (no DISPLAY; the Mono and
# Gecko installers are disabled), and removes it afterwards. Prints one line per check and a
# closing `windows: N passed, M failed`; exits 1 if any check failed, 2 if the setup failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "windows: unknown argument $arg (use --no-build)" >&2; exit 2 ;;
  esac
done

setup_failed() {
  echo "windows: setup failed: $*" >&2
  echo "windows: 0 passed, 1 failed"
  exit 2
}

target=x86_64-pc-windows-gnu
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
exe="$target_dir/$target/release/certkit.exe"
shim="$target_dir/$target/wine-shim/bcryptprimitives.dll"
lib_tests="$target_dir/$target/release/certkit-lib-tests.exe"

t0=$(date +%s)
if [ "$build" = 1 ]; then
  scripts/windows-build.sh || setup_failed "scripts/windows-build.sh failed"
fi
[ -f "$exe" ] || setup_failed "$exe is missing: run scripts/windows-build.sh"
[ -f "$shim" ] || setup_failed "$shim is missing: run scripts/windows-build.sh"
[ -f "$lib_tests" ] || setup_failed "$lib_tests is missing: run scripts/windows-build.sh"
t_built=$(date +%s)

# Debian's wine64 package puts the loader in /usr/lib/wine; the `wine` package adds wrappers.
wine=$(command -v wine64 || true)
[ -n "$wine" ] || wine=/usr/lib/wine/wine64
wineserver=$(command -v wineserver || true)
[ -n "$wineserver" ] || wineserver=/usr/lib/wine/wineserver
[ -x "$wine" ] || setup_failed "wine64 not found: apt-get install -y wine64"
command -v python3 >/dev/null || setup_failed "python3 not found"
command -v openssl >/dev/null || setup_failed "openssl not found"

work=$(mktemp -d "${TMPDIR:-/tmp}/certkit-windows.XXXXXX")
# Wine 10 (Debian 13) aborts while making a prefix when TMPDIR is set, to any folder ("double
# free or corruption", measured in a Debian 13 root; wine 8 does not): the work folder honours
# TMPDIR, wine runs without it.
unset TMPDIR
export WINEPREFIX="$work/prefix"
export WINEDEBUG=-all
# No Mono (.NET) or Gecko (HTML) install prompts: certkit needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
  "$wineserver" -k >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Create the prefix, then keep one wineserver for the whole run (each wine start is faster).
timeout 600 "$wine" wineboot --init </dev/null >"$work/wineboot.log" 2>&1 \
  || setup_failed "wineboot --init in $WINEPREFIX failed: $(tail -3 "$work/wineboot.log")"
"$wineserver" -p >/dev/null 2>&1 || true
t_prefix=$(date +%s)

# certkit.exe and the test-only ProcessPrng shim side by side, as Windows looks for DLLs
# beside the executable first.
bin="$work/bin"
mkdir -p "$bin"
cp "$exe" "$shim" "$lib_tests" "$bin/"

# Windows path (drive Z: is the Linux root in every wine prefix).
winpath() { local p="Z:$1"; echo "${p//\//\\}"; }

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

# wine_run SECONDS PROGRAM ARGS...: runs PROGRAM under wine with a time limit, standard
# streams passed through, and returns its status. Wine's loader now and then fails to start a
# process on a busy machine: status 66 (0xC0000142, STATUS_DLL_INIT_FAILED, whose low byte is
# the Unix status) before the program's first instruction, with nothing printed (the project's
# CI saw it once, on an import that passes in every other run). certkit exits 0, 1 or 2
# only (a panic is 101, with its message), so 66 with an empty stderr is wine's and not
# certkit's: the program is started once more, and each restart is listed at the end. Any
# other status, a crash's included, counts as it is.
wine_run() {
  local limit=$1 code err
  shift
  err=$(mktemp "$work/wine-run.XXXXXX")
  timeout "$limit" "$wine" "$@" 2>"$err"
  code=$?
  if [ "$code" = 66 ] && [ ! -s "$err" ]; then
    echo "${1##*/} ${*:2}" >>"$work/restarts"
    timeout "$limit" "$wine" "$@" 2>"$err"
    code=$?
  fi
  cat "$err" >&2
  rm -f "$err"
  return "$code"
}

# certkit ARGS...: runs certkit.exe under wine from the fixture folder; sets $status and
# leaves stdout in $work/out, stderr in $work/err.
certkit() {
  (cd "$fx" && wine_run 120 "$bin/certkit.exe" "$@") </dev/null >"$work/out" 2>"$work/err"
  status=$?
}

# expect_exit NAME CODE: checks the last run's exit status.
expect_exit() {
  if [ "$status" = "$2" ]; then
    return 0
  fi
  fail "$1" "exit status $status, expected $2" "stderr: $(head -c 600 "$work/err" | tr -s "\n" " ")" \
    "stdout: $(head -c 300 "$work/out" | tr -s "\n " " ")"
  return 1
}

# json_check NAME PYTHON: evaluates PYTHON assertions with `doc` = the last run's JSON stdout
# and `expected` = the JSON in $expected; passes when no assertion fails.
json_check() {
  local name=$1 code=$2 msg
  if msg=$(EXPECTED="${expected:-null}" python3 - "$work/out" "$code" 2>&1 <<'PY'
import json, os, sys
with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
expected = json.loads(os.environ["EXPECTED"])
exec(sys.argv[2])
PY
  ); then
    pass "$name"
  else
    fail "$name" "${msg##*$'\n'}" "stdout: $(head -c 300 "$work/out" | tr -s "\n " " ")"
  fi
}

# openssl_sha1 PEM: the SHA-1 thumbprint as certkit prints it (uppercase, no colons).
openssl_sha1() {
  openssl x509 -in "$1" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g' | tr 'a-f' 'A-F'
}

# --- Fixtures: Test Root CA -> Test Issuing CA -> client leaves (EC P-256 and RSA 2048) -----
fx="$work/fx"
mkdir -p "$fx"
make_fixtures() {
  cd "$fx" || return 1
  local ca_ext leaf_ext
  ca_ext=$'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n'
  leaf_ext=$'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n'
  issue() { # NAME CN ISSUER|- KEYALG EXTENSIONS
    local name=$1 cn=$2 issuer=$3 alg=$4
    printf '%s' "$5" >"$name.ext"
    if [ "$alg" = rsa ]; then
      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key"
    else
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
    fi
    openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$name.csr"
    if [ "$issuer" = - ]; then
      openssl x509 -req -in "$name.csr" -signkey "$name.key" -days 3650 -extfile "$name.ext" \
        -set_serial "0x$(openssl rand -hex 8)" -out "$name.pem"
    else
      openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" -days 825 \
        -extfile "$name.ext" -set_serial "0x$(openssl rand -hex 8)" -out "$name.pem"
    fi
  }
  issue root "Test Root CA" - ec "$ca_ext" &&
    issue intermediate "Test Issuing CA" root ec "$ca_ext" &&
    issue client-ec "client-ec.example.com" intermediate ec "$leaf_ext" &&
    issue client-rsa "client-rsa.example.com" intermediate rsa "$leaf_ext" &&
    issue client-rsa2 "client-rsa2.example.com" intermediate rsa "$leaf_ext" &&
    cat intermediate.pem root.pem >chain.pem || return 1
  local leaf
  for leaf in ec rsa; do
    local common=(-in "client-$leaf.pem" -inkey "client-$leaf.key" -certfile chain.pem
      -name "certkit test client" -passout pass:win-secret)
    openssl pkcs12 -export "${common[@]}" -out "$leaf-aes.pfx" &&
      openssl pkcs12 -export "${common[@]}" -legacy -out "$leaf-rc2.pfx" &&
      openssl pkcs12 -export "${common[@]}" -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES \
        -macalg sha1 -out "$leaf-3des.pfx" || return 1
  done
  openssl pkcs12 -export -in client-rsa2.pem -inkey client-rsa2.key -certfile chain.pem \
    -passout pass:win-secret -out rsa2-aes.pfx || return 1
  mkdir -p scan/sub && cp root.pem scan/ && cp intermediate.pem scan/sub/ &&
    cp client-ec.pem scan/sub/leaf.crt && echo "not a certificate" >scan/notes.txt
}
(make_fixtures) >"$work/fixtures.log" 2>&1 || setup_failed "openssl fixtures: $(tail -3 "$work/fixtures.log")"

root_sha1=$(openssl_sha1 "$fx/root.pem")
int_sha1=$(openssl_sha1 "$fx/intermediate.pem")
declare -A leaf_sha1=([ec]=$(openssl_sha1 "$fx/client-ec.pem") [rsa]=$(openssl_sha1 "$fx/client-rsa.pem"))
rsa2_sha1=$(openssl_sha1 "$fx/client-rsa2.pem")

# --- Checks -------------------------------------------------------------------------------
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
certkit --version
if expect_exit "--version" 0; then
  if [ "$(tr -d '\r' <"$work/out")" = "certkit $version" ]; then
    pass "--version prints certkit $version"
  else
    fail "--version prints certkit $version" "got: $(head -c 200 "$work/out")"
  fi
fi

export PFX_PASSWORD=win-secret
# One PFX per encryption: the thumbprints must be OpenSSL's, the key must match the leaf, and
# the reported encryption must be what OpenSSL wrote.
declare -A cert_cipher=([aes]=AES-256-CBC [rc2]=RC2-40-CBC [3des]=3DES-CBC)
declare -A key_cipher=([aes]=AES-256-CBC [rc2]=3DES-CBC [3des]=3DES-CBC)
declare -A mac=([aes]=SHA-256 [rc2]=SHA-1 [3des]=SHA-1)
for leaf in ec rsa; do
  for enc in aes rc2 3des; do
    name="inspect $leaf-$enc.pfx --password-env"
    certkit --json inspect "$leaf-$enc.pfx" --password-env PFX_PASSWORD
    expect_exit "$name" 0 || continue
    expected=$(printf '{"sha1":["%s","%s","%s"],"cert_cipher":"%s","key_cipher":"%s","mac":"%s","alg":"%s"}' \
      "${leaf_sha1[$leaf]}" "$int_sha1" "$root_sha1" "${cert_cipher[$enc]}" "${key_cipher[$enc]}" \
      "${mac[$enc]}" "$([ $leaf = ec ] && echo EC || echo RSA)")
    json_check "$name" '
assert doc["version"] == 4, doc["version"]
i = doc["inputs"][0]
assert i["format"] == "pkcs12", i["format"]
got = [c["thumbprint"] for c in i["certificates"]]
assert got == expected["sha1"], "thumbprints %s != openssl %s" % (got, expected["sha1"])
assert [c["role"] for c in i["certificates"]] == ["leaf", "intermediate", "root"]
assert i["private_key"]["matches_leaf"] is True, i["private_key"]
assert expected["alg"] in i["private_key"]["algorithm"], i["private_key"]["algorithm"]
p = i["pkcs12"]
assert [e["cipher"] for e in p["certificate_encryption"]] == [expected["cert_cipher"]], p["certificate_encryption"]
assert [e["cipher"] for e in p["key_encryption"]] == [expected["key_cipher"]], p["key_encryption"]
assert p["mac"]["algorithm"] == expected["mac"], p["mac"]
assert doc["summary"]["failed"] == 0
'
  done
done

# A NULL-password RC2 file (GnuTLS certtool --null-password) is opened by the OpenSSL fallback
# with its legacy provider: this exercises the OpenSSL built from source for Windows.
if command -v certtool >/dev/null; then
  name="NULL-password RC2-40 PFX (certtool) through the vendored OpenSSL"
  (cd "$fx" && certtool --to-p12 --load-certificate client-rsa.pem --load-privkey client-rsa.key \
    --null-password --pkcs-cipher rc2-40 --p12-name test --outder --outfile null-rc2.pfx) \
    >"$work/certtool.log" 2>&1
  certtool_status=$?
  # Debian 13's certtool (GnuTLS 3.8.9) dies with SIGSEGV on --null-password (as in
  # tests/loader_pkcs12.rs): a third-party crash is reported as not checked, any other
  # certtool failure still fails.
  if [ "$certtool_status" -gt 128 ]; then
    echo "NOT CHECKED $name: certtool --null-password crashed (signal $((certtool_status - 128))), a GnuTLS bug"
  elif [ "$certtool_status" -ne 0 ]; then
    fail "$name" "certtool failed: $(tail -3 "$work/certtool.log")"
  elif certkit --json inspect null-rc2.pfx && expect_exit "$name" 0; then
    expected="{\"sha1\":\"${leaf_sha1[rsa]}\"}"
    json_check "$name" '
i = doc["inputs"][0]
assert i["pkcs12"]["password"] == "null", i["pkcs12"]["password"]
assert [e["cipher"] for e in i["pkcs12"]["certificate_encryption"]] == ["RC2-40-CBC"]
assert i["certificates"][0]["thumbprint"] == expected["sha1"]
assert i["private_key"]["matches_leaf"] is True
'
  fi
else
  fail "NULL-password RC2-40 PFX (certtool)" "certtool not found: apt-get install -y gnutls-bin"
fi

# A wrong password is an input error: exit 2, reported as wrong_password, never echoed.
export PFX_PASSWORD=not-the-password
for enc in aes rc2 3des; do
  name="wrong password on ec-$enc.pfx exits 2"
  certkit --json inspect "ec-$enc.pfx" --password-env PFX_PASSWORD
  expect_exit "$name" 2 || continue
  if grep -q "not-the-password" "$work/out" "$work/err"; then
    fail "$name" "the password appears in the output"
    continue
  fi
  json_check "$name" '
i = doc["inputs"][0]
assert i["error"]["kind"] == "wrong_password", i["error"]
assert i["certificates"] == []
assert doc["summary"]["failed"] == 1
'
done

# Paths: a Windows path with a drive and backslashes, a directory scan, and standard input.
export PFX_PASSWORD=win-secret
name="inspect by Windows path (Z:\\...)"
certkit --json inspect "$(winpath "$fx/rsa-aes.pfx")" --password-env PFX_PASSWORD
if expect_exit "$name" 0; then
  expected="{\"sha1\":\"${leaf_sha1[rsa]}\"}"
  json_check "$name" '
assert doc["inputs"][0]["certificates"][0]["thumbprint"] == expected["sha1"]
assert doc["inputs"][0]["path"].startswith("Z:\\"), doc["inputs"][0]["path"]
'
fi

name="inspect a directory tree"
certkit --json inspect scan
if expect_exit "$name" 0; then
  expected=$(printf '{"sha1":["%s","%s","%s"]}' "$root_sha1" "$int_sha1" "${leaf_sha1[ec]}")
  json_check "$name" '
got = sorted(c["thumbprint"] for i in doc["inputs"] for c in i["certificates"])
assert got == sorted(expected["sha1"]), got
assert doc["summary"]["skipped"] == 1, doc["summary"]
'
fi

name="inspect - (PEM chain on standard input)"
(cd "$fx" && wine_run 120 "$bin/certkit.exe" --json inspect - <chain.pem) >"$work/out" 2>"$work/err"
status=$?
if expect_exit "$name" 0; then
  expected=$(printf '{"sha1":["%s","%s"]}' "$int_sha1" "$root_sha1")
  json_check "$name" '
got = [c["thumbprint"] for c in doc["inputs"][0]["certificates"]]
assert got == expected["sha1"], got
'
fi

name="missing input file exits 2"
certkit --json inspect no-such-file.pfx
if expect_exit "$name" 2; then
  json_check "$name" 'assert doc["inputs"][0]["error"]["kind"] == "io", doc["inputs"][0]["error"]'
fi

name="unset --password-env variable exits 2"
certkit inspect ec-aes.pfx --password-env CERTKIT_NO_SUCH_VARIABLE
if expect_exit "$name" 2; then
  if grep -q "CERTKIT_NO_SUCH_VARIABLE" "$work/err"; then pass "$name"; else
    fail "$name" "stderr does not name the variable: $(head -c 300 "$work/err")"
  fi
fi

# A password file written on Windows ends its line with CRLF.
name="--password-file with a CRLF line ending"
printf 'win-secret\r\n' >"$fx/password.txt"
certkit --json inspect rsa-3des.pfx --password-file "$(winpath "$fx/password.txt")"
if expect_exit "$name" 0; then
  expected="{\"sha1\":\"${leaf_sha1[rsa]}\"}"
  json_check "$name" 'assert doc["inputs"][0]["certificates"][0]["thumbprint"] == expected["sha1"]'
fi

# The human table (stdout is not a console here, so plain text) names the thumbprint.
name="inspect (table output)"
certkit inspect ec-aes.pfx --password-env PFX_PASSWORD
if expect_exit "$name" 0; then
  if grep -q "${leaf_sha1[ec]}" "$work/out" && grep -q "client-ec.example.com" "$work/out"; then
    pass "$name"
  else
    fail "$name" "thumbprint or name missing: $(head -c 400 "$work/out" | tr -s '\n ' ' ')"
  fi
fi

# A reader that stops early (| head) ends certkit quietly: exit 0, no panic. Forty inputs make
# well over a pipe buffer (64 KiB) of JSON, so certkit really writes into a closed pipe.
name="closed stdout pipe ends quietly"
many=()
for _ in $(seq 40); do many+=(ec-aes.pfx); done
(cd "$fx" && wine_run 120 "$bin/certkit.exe" --json inspect "${many[@]}" \
  --password-env PFX_PASSWORD) </dev/null 2>"$work/err" | head -c 20 >/dev/null
statuses=("${PIPESTATUS[@]}")
status=${statuses[0]}
if expect_exit "$name" 0; then
  if grep -qi "panick" "$work/err"; then fail "$name" "$(head -c 300 "$work/err")"; else pass "$name"; fi
fi

name="completions powershell"
certkit completions powershell
if expect_exit "$name" 0; then
  if grep -q "Register-ArgumentCompleter" "$work/out"; then pass "$name"; else
    fail "$name" "no Register-ArgumentCompleter in: $(head -c 200 "$work/out")"
  fi
fi

# --- CNG key blobs signing through BCrypt (src/store/windows/bcrypt_sign.rs) ----------------
# The lib's Windows-only unit tests in this one wine process: the blobs --key-provider cng
# hands to NCryptImportKey, imported into in-memory BCrypt keys (which wine has), sign SHA-256
# digests (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256) that OpenSSL verifies. P-384 is left to
# Windows (the workflow's `cargo test`): wine 8's BCryptImportKeyPair refuses an ECDSA_P384
# ECCPRIVATEBLOB with STATUS_NOT_SUPPORTED (0xC00000BB, measured).
name="BCrypt signs with the CNG blobs (RSA PKCS#1, RSA-PSS, ECDSA P-256), OpenSSL verifies"
(cd "$work" && wine_run 300 "$bin/certkit-lib-tests.exe" bcrypt_sign --skip p384 --test-threads=1) \
  </dev/null >"$work/out" 2>"$work/err"
status=$?
if [ "$status" = 0 ] && grep -q "test result: ok. 3 passed" "$work/out"; then
  pass "$name"
else
  fail "$name" "exit $status" "$(grep -E "panicked|FAILED|test result|assert" "$work/out" "$work/err" | head -8 | tr -s '\n' ' ')"
fi

# --- The key-storage seam (src/store/windows/keys/) -----------------------------------------
# Each storage as the store uses it, in one wine process: CryptoAPI stores an RSA key, its
# access list gets a read grant that is read back, the key is deleted; CryptoAPI refuses an EC
# key in one line; CNG refuses to persist (wine) with the line naming --key-provider capi.
name="key storages: capi stores, grants and deletes; capi refuses EC; cng says to use capi"
(cd "$work" && wine_run 300 "$bin/certkit-lib-tests.exe" store::windows::keys --test-threads=1) \
  </dev/null >"$work/out" 2>"$work/err"
status=$?
if [ "$status" = 0 ] && grep -q "test result: ok. 3 passed" "$work/out"; then
  pass "$name"
else
  fail "$name" "exit $status" "$(grep -E "panicked|FAILED|test result|assert" "$work/out" "$work/err" | head -8 | tr -s '\n' ' ')"
fi

# --- Key security descriptors (src/store/windows/security.rs) ------------------------------
# The code that reads who may read a key and adds a read grant, for CNG and CryptoAPI keys
# alike, on descriptors made from SDDL by advapi32 in this one wine process (wine enforces no
# key ACLs and persists no CNG key, so this is what can run of the CNG grant here).
name="security descriptors: readers parsed, a read grant added once, account names looked up"
(cd "$work" && wine_run 300 "$bin/certkit-lib-tests.exe" store::windows::security --test-threads=1) \
  </dev/null >"$work/out" 2>"$work/err"
status=$?
if [ "$status" = 0 ] && grep -q "test result: ok. 4 passed" "$work/out"; then
  pass "$name"
else
  fail "$name" "exit $status" "$(grep -E "panicked|FAILED|test result|assert" "$work/out" "$work/err" | head -8 | tr -s '\n' ' ')"
fi

# --- The Windows certificate stores (crypt32) ----------------------------------------------
# The fresh prefix's CurrentUser MY and CA are empty; ROOT holds the host's roots (wine loads
# /etc/ssl/certs), so every check filters by thumbprint. wine 8 persists no CNG key
# (NCryptImportKey with a key name: NTE_NOT_SUPPORTED), so the default --key-provider cng is
# checked to fail cleanly, and the store checks import with --key-provider capi (PROV_RSA_AES),
# RSA leaves only (CryptoAPI has no EC keys).
t_store=$(date +%s)
export PFX_PASSWORD=win-secret
expected=$(printf '{"leaf":"%s","int":"%s","root":"%s"}' "${leaf_sha1[rsa]}" "$int_sha1" "$root_sha1")

# import_check NAME PFX ACTIONS: imports PFX into the default store (CurrentUser on Windows)
# and checks the action of the leaf, intermediate and root ("added added added", ...).
import_check() {
  local name=$1 pfx=$2
  certkit --json import "$pfx" --password-env PFX_PASSWORD --key-provider capi
  expect_exit "$name" 0 || return 1
  ACTIONS="$3" json_check "$name" '
assert doc["store"] == "windows:CurrentUser", doc["store"]
got = {c["thumbprint"]: (c["store"], c["action"], c["has_key"]) for c in doc["certificates"]}
leaf, inter, root = os.environ["ACTIONS"].split()
assert got[expected["leaf"]] == ("personal", leaf, True), got[expected["leaf"]]
assert got[expected["int"]] == ("intermediate", inter, False), got[expected["int"]]
assert got[expected["root"]] == ("root", root, False), got[expected["root"]]
'
}

# The default provider, CNG: under wine the key cannot be stored, and the import stops before
# any certificate is written, with one line naming the way forward.
snapshot_store() { # FILE: every thumbprint of CurrentUser MY/CA/ROOT, sorted
  certkit --json --store windows store list
  python3 -c 'import json,sys; print("\n".join(sorted(e["store"] + " " + e["thumbprint"] + " " + str(e["has_key"]) for e in json.load(open(sys.argv[1]))["entries"])))' \
    "$work/out" >"$1"
}
for leaf in rsa ec; do
  name="import $leaf-aes.pfx with the default provider (CNG): one line naming --key-provider capi, exit 2, store unchanged"
  snapshot_store "$work/before"
  certkit import "$leaf-aes.pfx" --password-env PFX_PASSWORD
  if expect_exit "$name" 2; then
    cp "$work/err" "$work/import-err"
    lines=$(tr -d '\r' <"$work/import-err" | grep -c .)
    snapshot_store "$work/after"
    if [ "$lines" != 1 ]; then
      fail "$name" "stderr has $lines lines: $(head -c 400 "$work/import-err")"
    elif ! grep -q "NCryptImportKey: NTE_NOT_SUPPORTED.*import with --key-provider capi" "$work/import-err"; then
      fail "$name" "stderr: $(head -c 300 "$work/import-err")"
    elif ! cmp -s "$work/before" "$work/after"; then
      fail "$name" "the store changed: $(diff "$work/before" "$work/after" | head -5 | tr '\n' ' ')"
    else
      pass "$name"
    fi
  fi
done

import_check "import rsa-aes.pfx --key-provider capi into CurrentUser MY/CA/ROOT" rsa-aes.pfx "added added added"

name="store list --json shows the PFX in MY, CA and ROOT"
certkit --json --store windows store list
if expect_exit "$name" 0; then
  json_check "$name" '
assert doc["store"] == "windows:CurrentUser", doc["store"]
mine = {e["thumbprint"]: e for e in doc["entries"] if e["thumbprint"] in expected.values()}
assert {t: (e["store"], e["has_key"]) for t, e in mine.items()} == {
    expected["leaf"]: ("personal", True), expected["int"]: ("intermediate", False),
    expected["root"]: ("root", False)}, mine
assert mine[expected["leaf"]]["name"] == "certkit_test_client", mine[expected["leaf"]]
assert mine[expected["root"]]["name"] == "Test_Root_CA", mine[expected["root"]]
assert len([e for e in doc["entries"] if e["store"] == "personal"]) == 1
assert len([e for e in doc["entries"] if e["store"] == "root"]) > 1, "wine loads the host roots"
'
fi

import_check "import rsa-aes.pfx again: unchanged" rsa-aes.pfx "unchanged unchanged unchanged"

# A second PFX gets a key container of its own: both keys stay linked (wine's own
# PFXImportCertStore would have pointed the first certificate at the second key).
name="a second PFX keeps the first key linked"
certkit --json import rsa2-aes.pfx --password-env PFX_PASSWORD --key-provider capi
if expect_exit "$name" 0; then
  certkit --json store list --in personal
  if expect_exit "$name" 0; then
    expected2=$(printf '{"a":"%s","b":"%s"}' "${leaf_sha1[rsa]}" "$rsa2_sha1")
    expected=$expected2 json_check "$name" '
keys = {e["thumbprint"]: e["has_key"] for e in doc["entries"]}
assert keys == {expected["a"]: True, expected["b"]: True}, keys
'
  fi
fi

# MMC's "You have a private key that corresponds to this certificate": the key is opened
# through CryptAcquireCertificatePrivateKey, compared, and signs a challenge OpenSSL verifies.
name="check-private-key --entry on the Windows store"
certkit --json check-private-key --entry certkit_test_client
if expect_exit "$name" 0; then
  json_check "$name" '
assert doc["verdict"] == "match", doc
assert doc["public_key_match"] is True and doc["signature_check"] == "passed", doc
assert doc["leaf"]["thumbprint"] == expected["leaf"], doc["leaf"]
assert "certkit-" in doc["message"], doc["message"]
assert doc["key_provider"] == "Microsoft Enhanced RSA and AES Cryptographic Provider (CryptoAPI, type 24)", doc
assert doc["signature_hash"] == "SHA-256" and doc["provider_signs_sha256"] is True, doc
assert "SHA-256 signature verified" in doc["message"], doc["message"]
'
fi
name="check-private-key --entry on a certificate without key exits 1"
certkit --json import intermediate.pem --to personal
if expect_exit "$name" 0; then
  certkit --json check-private-key --entry Test_Issuing_CA
  if expect_exit "$name" 1; then
    json_check "$name" 'assert doc["verdict"] == "no_key", doc'
  fi
  certkit store remove Test_Issuing_CA --in personal
  expect_exit "$name (cleanup)" 0
fi

name="store show: the chain from CA/ROOT, the key kept by the store"
certkit --json store show certkit_test_client
if expect_exit "$name" 0; then
  json_check "$name" '
assert doc["key_held_by_store"] is True, doc["key_held_by_store"]
got = [c["thumbprint"] for c in doc["inspect"]["certificates"]]
assert got == [expected["leaf"], expected["int"], expected["root"]], got
'
fi

name="export --der from the Windows store equals OpenSSL's DER"
mkdir -p "$fx/exported"
certkit --json export --der "$(winpath "$fx/exported")"
if expect_exit "$name" 0; then
  openssl x509 -in "$fx/client-rsa.pem" -outform DER -out "$fx/client-rsa.der"
  if cmp -s "$fx/client-rsa.der" "$fx/exported/certkit_test_client.cer"; then
    pass "$name"
  else
    fail "$name" "exported: $(ls "$fx/exported" | tr '\n' ' ')"
  fi
fi

name="verify-chain with the Windows stores' root and intermediate"
certkit --json verify-chain client-rsa.pem
if expect_exit "$name" 0; then
  json_check "$name" '
assert doc["verdict"] == "valid", doc["verdict"]
assert [c["thumbprint"] for c in doc["path"]] == [expected["leaf"], expected["int"], expected["root"]]
assert doc["path"][1]["origin"] == {"kind": "store", "source": "windows:CurrentUser/intermediate"}, doc["path"][1]["origin"]
assert doc["path"][2]["origin"] == {"kind": "store", "source": "windows:CurrentUser/root"}, doc["path"][2]["origin"]
'
fi

# Only the calls can be checked under wine (it enforces no key ACLs for other accounts).
name="store grant Users (key container DACL calls)"
certkit --json store grant certkit_test_client Users
if expect_exit "$name" 0; then
  json_check "$name" 'assert doc["action"] == "granted" and doc["group"] == "Users", doc'
fi
# The DACL written is read back: importing again with the same account changes nothing, a new
# account would change the entry (dry run).
name="import --grant-read Users again: the DACL already allows it"
certkit --json import rsa-aes.pfx --password-env PFX_PASSWORD --key-provider capi --grant-read Users
if expect_exit "$name" 0; then
  json_check "$name" '
leaf = [c for c in doc["certificates"] if c["thumbprint"] == expected["leaf"]][0]
assert leaf["action"] == "unchanged", leaf
'
fi
name="import --grant-read \"NETWORK SERVICE\" --dry-run: the leaf would change"
certkit --json import rsa-aes.pfx --password-env PFX_PASSWORD --key-provider capi --grant-read "NETWORK SERVICE" --dry-run
if expect_exit "$name" 0; then
  json_check "$name" '
leaf = [c for c in doc["certificates"] if c["thumbprint"] == expected["leaf"]][0]
assert doc["dry_run"] is True and leaf["action"] == "replaced", leaf
'
fi

name="store grant to an unknown account exits 2"
certkit store grant certkit_test_client no-such-account-here
if expect_exit "$name" 2; then
  if grep -q 'no Windows account or group named "no-such-account-here"' "$work/err"; then
    pass "$name"
  else
    fail "$name" "stderr: $(head -c 300 "$work/err")"
  fi
fi

# doctor on the Windows store: the checks that can run under wine (opens, private_key, chain,
# store placement, export, and key_access as the key container's DACL reads: wine keeps the
# DACL certkit writes but enforces none, and has no KeyIso service to query).
doctor_check() { # NAME PYTHON: the check statuses of the last doctor run's first subject
  json_check "$1" "checks = {c['id']: c for c in doc['subjects'][0]['checks']}
st = {i: c['status'] for i, c in checks.items()}
# A fix's commands (argument vectors), each joined by spaces, for a substring test.
fix = lambda i: [' '.join(c) for c in checks[i]['fix']['commands']]
$2"
}
name="doctor --entry: opens, private_key, chain and export pass on the Windows store"
certkit --json doctor --entry certkit_test_client --export-dir "$(winpath "$fx/exported")" --account Users
if expect_exit "$name" 0; then
  doctor_check "$name" '
assert st["opens"] == "pass" and st["private_key"] == "pass", st
assert st["chain"] == "pass" and st["export"] == "pass", checks
assert st["validity"] == "pass" and st["usage"] == "pass", st
assert st["revocation"] == "skipped" and st["handshake"] == "skipped", st
assert st["key_access"] == "warn", checks["key_access"]
assert "re-importing" in checks["key_access"]["message"], checks["key_access"]
assert "store grant certkit_test_client Users" in " && ".join(fix("key_access")), checks["key_access"]
# Who reads the key, from its DACL read back by name (Users was granted above).
assert "access list lets read: " in checks["key_access"]["message"], checks["key_access"]
assert "Users" in checks["key_access"]["message"].split("lets read: ")[1], checks["key_access"]
# The key is in CryptoAPI (--key-provider capi): the key_provider finding, with the fix.
assert st["key_provider"] == "warn", checks["key_provider"]
m = checks["key_provider"]["message"]
assert "CryptoAPI (Microsoft Enhanced RSA and AES Cryptographic Provider" in m and "TLS 1.3" in m, m
cmds = fix("key_provider")
assert "store remove certkit_test_client --in personal" in cmds[0], cmds
assert "import <certificate-with-key.pfx> --name certkit_test_client --key-provider cng" in cmds[1], cmds
assert cmds[2].endswith("store grant certkit_test_client Users"), cmds
assert "resets" in checks["key_provider"]["fix"]["advice"], checks["key_provider"]
ids = [c["id"] for c in doc["subjects"][0]["checks"]]
assert ids.index("key_provider") == ids.index("key_access") + 1, ids
assert doc["version"] == 3, doc["version"]
'
fi
name="doctor --account \"NETWORK SERVICE\": key_access fails with the grant to run"
certkit --json doctor --entry certkit_test_client --account "NETWORK SERVICE"
if expect_exit "$name" 1; then
  doctor_check "$name" '
assert st["key_access"] == "fail", checks["key_access"]
assert "NETWORK SERVICE cannot read" in checks["key_access"]["message"], checks["key_access"]
assert "store grant certkit_test_client" in " && ".join(fix("key_access")), checks["key_access"]
'
fi
name="doctor: a root imported into intermediate fails chain with the commands that move it"
certkit --json import root.pem --to intermediate
if expect_exit "$name" 0; then
  certkit --json doctor --entry certkit_test_client
  if expect_exit "$name" 1; then
    doctor_check "$name" '
assert st["chain"] == "fail", checks["chain"]
assert "root CA in intermediate" in checks["chain"]["message"], checks["chain"]
assert "store remove Test_Root_CA --in intermediate" in " && ".join(fix("chain")), checks["chain"]
'
  fi
  certkit store remove Test_Root_CA --in intermediate
  if expect_exit "$name (the printed remove)" 0; then
    certkit --json doctor --entry certkit_test_client
    expect_exit "$name: doctor passes after the fix" 0 && pass "$name: doctor passes after the fix"
  fi
fi
name="doctor: a CA in personal without key fails private_key and chain (placement)"
certkit --json import intermediate.pem --to personal
if expect_exit "$name" 0; then
  certkit --json doctor --entry Test_Issuing_CA
  if expect_exit "$name" 1; then
    doctor_check "$name" '
assert st["private_key"] == "fail" and st["chain"] == "fail", st
assert "a CA in personal" in checks["chain"]["message"], checks["chain"]
'
  fi
  certkit store remove Test_Issuing_CA --in personal
  expect_exit "$name (cleanup)" 0
fi
name="doctor FILE --platform windows-2016: an AES PFX fails opens with the convert fix"
certkit --json doctor rsa-aes.pfx --password-env PFX_PASSWORD --platform windows-2016
if expect_exit "$name" 1; then
  doctor_check "$name" '
assert st["opens"] == "fail", checks["opens"]
assert "--profile legacy" in " && ".join(fix("opens")), checks["opens"]
assert doc["subjects"][0]["kind"] == "file", doc["subjects"][0]
'
fi

# The legacy encryptions: remove the leaf, import it again from the RC2 and the 3DES file.
for enc in rc2 3des; do
  name="store remove the leaf, then import rsa-$enc.pfx"
  certkit --json store remove certkit_test_client
  expect_exit "$name" 0 || continue
  import_check "import rsa-$enc.pfx after store remove" "rsa-$enc.pfx" "added unchanged unchanged"
done

name="an EC key with --key-provider capi is refused in one line and nothing is stored"
certkit --json import ec-aes.pfx --password-env PFX_PASSWORD --key-provider capi
if expect_exit "$name" 2; then
  if grep -q "key-provider capi takes RSA keys only (CryptoAPI has no EC P-256 keys): import this key with --key-provider cng" "$work/err" \
    && [ "$(tr -d '\r' <"$work/err" | grep -c .)" = 1 ]; then
    certkit --json store list --in personal
    expected="{\"ec\":\"${leaf_sha1[ec]}\"}"
    json_check "$name" 'assert expected["ec"] not in [e["thumbprint"] for e in doc["entries"]]'
  else
    fail "$name" "stderr: $(head -c 300 "$work/err")"
  fi
fi
expected=$(printf '{"leaf":"%s","int":"%s","root":"%s"}' "${leaf_sha1[rsa]}" "$int_sha1" "$root_sha1")

name="store remove the root: verify-chain then exits 1"
certkit --json store remove "$root_sha1" --in root
if expect_exit "$name" 0; then
  certkit --json verify-chain client-rsa.pem
  if expect_exit "$name" 1; then
    json_check "$name" '
assert doc["verdict"] == "invalid", doc["verdict"]
assert expected["root"] not in [c["thumbprint"] for c in doc["path"]]
'
  fi
fi

name="store list after the removals (a new process)"
certkit --json store list
if expect_exit "$name" 0; then
  json_check "$name" '
got = [e["thumbprint"] for e in doc["entries"]]
assert expected["root"] not in got, "the removed root is back"
assert expected["leaf"] in got and expected["int"] in got
'
fi

name="--store windows:LocalMachine is a separate location"
certkit --json --store windows:LocalMachine store list --in personal
if expect_exit "$name" 0; then
  json_check "$name" '
assert doc["store"] == "windows:LocalMachine", doc["store"]
assert doc["entries"] == [], doc["entries"]
'
fi

# A root in LocalMachine shows in the user's view (as in MMC); the user's store cannot remove
# it (that would delete the computer's copy), the LocalMachine store can.
name="LocalMachine root: inherited by CurrentUser, removed only from LocalMachine"
certkit --json --store windows:LocalMachine import root.pem --to root
if expect_exit "$name" 0; then
  certkit --json store list --in root
  if expect_exit "$name" 0 && ! grep -q "$root_sha1" "$work/out" &&
    "$wine" --version | grep -qE '^wine-(9|[1-9][0-9])\.'; then
    # wine 10 (Debian 13) and wine 9 (Ubuntu 24.04) fill the ROOT system store with the host's
    # roots and do not keep a root added to it: the add succeeds (the import reports it added),
    # but the root is then neither listed, in LocalMachine or CurrentUser, nor under
    # HKLM\...\SystemCertificates\Root. A read-back in the importing process (a fresh store
    # handle after the commit) still lists it, so certkit cannot see the drop (wine 10, measured).
    # Windows and wine 8 keep it; there the whole round trip below is checked.
    echo "NOT CHECKED $name: $("$wine" --version) does not keep roots added to its ROOT store"
  elif [ "$status" = 0 ]; then
    json_check "$name (listed in CurrentUser)" \
      'assert expected["root"] in [e["thumbprint"] for e in doc["entries"]]'
    certkit store remove "$root_sha1" --in root
    if expect_exit "$name" 2; then
      if grep -q "only through the computer's store" "$work/err"; then
        certkit --store windows:LocalMachine store remove "$root_sha1" --in root
        if expect_exit "$name" 0; then
          certkit --json store list --in root
          json_check "$name" 'assert expected["root"] not in [e["thumbprint"] for e in doc["entries"]]'
        fi
      else
        fail "$name" "stderr: $(head -c 300 "$work/err")"
      fi
    fi
  fi
fi

# A key put into CryptoAPI by the MMC-style import (PFXImportCertStore with no flags, as
# crypt32-probe `mmcadd` does): wine links it with dwKeySpec 3 (finding 13), certkit finds the
# container's AT_KEYEXCHANGE key; the provider is PROV_RSA_FULL, which cannot hash SHA-256, so
# the signature is made through the AES provider and doctor warns with the re-import commands.
name="MMC-style import (PFXImportCertStore, PROV_RSA_FULL, dwKeySpec 3)"
if x86_64-w64-mingw32-gcc -O1 -o "$work/probe.exe" tests/windows/crypt32-probe.c \
  -lcrypt32 -ladvapi32 -lncrypt 2>"$work/err"; then
  (
    cd "$fx" || exit 1
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out mmc.key
    openssl req -new -key mmc.key -subj "/CN=mmc-imported.example" -out mmc.csr
    openssl x509 -req -in mmc.csr -CA intermediate.pem -CAkey intermediate.key \
      -set_serial "0x$(openssl rand -hex 8)" -days 30 -extfile client-rsa.ext -out mmc.pem
    openssl pkcs12 -export -in mmc.pem -inkey mmc.key -certfile intermediate.pem \
      -passout pass:pw -out mmc.pfx
  ) >/dev/null 2>&1 || fail "$name" "openssl could not make mmc.pfx"
  (cd "$fx" && wine_run 120 "$work/probe.exe" mmcadd mmc.pfx pw) >"$work/out" 2>&1
  mmc_sha1=$(openssl_sha1 "$fx/mmc.pem")
  if grep -qi "add leaf ${mmc_sha1} -> 1" "$work/out" && grep -q "keyspec=3" "$work/out"; then
    certkit --json check-private-key --entry mmc-imported.example
    if expect_exit "$name: check-private-key" 0; then
      json_check "$name: check-private-key" '
assert doc["verdict"] == "match" and doc["public_key_match"] is True, doc
assert doc["signature_check"] == "passed" and doc["signature_hash"] == "SHA-256", doc
assert doc["key_provider"] == "Microsoft Enhanced Cryptographic Provider v1.0 (CryptoAPI, type 1)", doc
assert doc["provider_signs_sha256"] is False, doc
assert "cannot sign SHA-256" in doc["message"], doc["message"]
'
    fi
    # Exit 1 is expected from other checks (the root was removed above: chain fails).
    certkit --json doctor --entry mmc-imported.example --account Users
    if [ "$status" = 0 ] || expect_exit "$name: doctor" 1; then
      doctor_check "$name: doctor warns about PROV_RSA_FULL, never \"does not match\"" '
assert st["private_key"] == "pass", checks["private_key"]
assert "does not match" not in checks["private_key"]["message"], checks["private_key"]
assert st["key_provider"] == "warn", checks["key_provider"]
m = checks["key_provider"]["message"]
assert "Microsoft Enhanced Cryptographic Provider v1.0 (CryptoAPI, type 1)" in m, m
assert "cannot sign SHA-256" in m and "SHA-1" in m and "TLS 1.3" in m, m
cmds = fix("key_provider")
assert "store remove mmc-imported.example" in cmds[0], cmds
assert "import <certificate-with-key.pfx> --name mmc-imported.example --key-provider cng" in cmds[1], cmds
assert cmds[2].endswith("store grant mmc-imported.example Users"), cmds
assert "lets read: " in checks["key_access"]["message"], checks["key_access"]
'
    fi
    certkit store remove mmc-imported.example
    expect_exit "$name: store remove" 0 && pass "$name: store remove"
  else
    fail "$name" "crypt32-probe mmcadd: $(tr -s '\n' ' ' <"$work/out" | head -c 400)"
  fi
else
  fail "$name" "mingw could not build crypt32-probe: $(head -c 300 "$work/err")"
fi

name="--store windows:Elsewhere exits 2"
certkit --store windows:Elsewhere store list
expect_exit "$name" 2 && pass "$name"
t_store_end=$(date +%s)
echo "windows: store checks $((t_store_end - t_store)) s"

t_end=$(date +%s)
echo "windows: timings: build $((t_built - t0)) s, wine prefix $((t_prefix - t_built)) s, checks $((t_end - t_prefix)) s"
if [ -s "$work/restarts" ]; then
  echo "windows: wine failed to start a program (status 66, no output) and it was started again: $(tr '\n' ';' <"$work/restarts" | sed 's/;$//; s/;/; /g')"
fi
if [ "$failed" -gt 0 ]; then
  printf "windows: failed: %s\n" "${failures[@]}"
fi
echo "windows: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
