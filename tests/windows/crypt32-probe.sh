#!/usr/bin/env bash
# Replays the crypt32 scenarios behind tests/windows/README.md ("wine 8 crypt32") in a fresh
# WINEPREFIX: builds crypt32-probe.c with mingw, makes a PKI with OpenSSL and prints what
# crypt32 answers. A research aid for the Windows store implementation: it asserts nothing
# and is not run by CI. Needs gcc-mingw-w64-x86-64, wine64 and openssl.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

wine=$(command -v wine64 || true)
[ -n "$wine" ] || wine=/usr/lib/wine/wine64
wineserver=$(command -v wineserver || true)
[ -n "$wineserver" ] || wineserver=/usr/lib/wine/wineserver

work=$(mktemp -d "${TMPDIR:-/tmp}/crypt32-probe.XXXXXX")
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
trap '"$wineserver" -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cd "$work"

x86_64-w64-mingw32-gcc -O1 -Wall -o probe.exe "$here/crypt32-probe.c" -lcrypt32 -ladvapi32 -lncrypt
"$wine" wineboot --init >/dev/null 2>&1
"$wineserver" -p >/dev/null 2>&1 || true
probe() { echo "\$ probe $*"; "$wine" probe.exe "$@" || true; }

ca=$'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n'
leaf=$'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n'
issue() { # NAME CN ISSUER|- rsa|ec EXT
  if [ "$4" = rsa ]; then openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
  else openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"; fi
  printf '%s' "$5" >"$1.ext"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"
  if [ "$3" = - ]; then openssl x509 -req -in "$1.csr" -signkey "$1.key" -days 3650 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  else openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days 825 -extfile "$1.ext" -out "$1.pem" 2>/dev/null; fi
  openssl x509 -in "$1.pem" -outform DER -out "$1.der"
}
sha1() { openssl x509 -in "$1.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'; }
issue root "Probe Root CA" - ec "$ca"
issue int "Probe Issuing CA" root ec "$ca"
issue rsa "leaf-rsa.example" int rsa "$leaf"
issue rsa2 "second-rsa.example" int rsa "$leaf"
issue ec "leaf-ec.example" int ec "$leaf"
cat int.pem root.pem >chain.pem
for k in rsa ec; do
  common=(-in "$k.pem" -inkey "$k.key" -certfile chain.pem -name "probe $k" -passout pass:pw)
  openssl pkcs12 -export "${common[@]}" -out "$k-aes.pfx"
  openssl pkcs12 -export "${common[@]}" -legacy -out "$k-rc2.pfx"
  openssl pkcs12 -export "${common[@]}" -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -out "$k-3des.pfx"
done
openssl pkcs12 -export -in rsa2.pem -inkey rsa2.key -out rsa2.pfx -passout pass:pw
openssl rsa -in rsa.key -outform MSBLOB -out rsa.msblob 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec.key -outform DER -out ec.p8
echo "root $(sha1 root)  intermediate $(sha1 int)  leaf-rsa $(sha1 rsa)  leaf-ec $(sha1 ec)"

echo "== PFXImportCertStore: RSA leaf (AES, RC2, 3DES), EC leaf, wrong password"
for f in rsa-aes rsa-rc2 rsa-3des ec-aes; do probe pfx "$f.pfx" pw; done
probe pfx rsa-aes.pfx wrong
echo "== Adding the imported certificates to CurrentUser MY, twice (CERT_STORE_ADD_NEW)"
probe add rsa-aes.pfx pw MY 1
probe add rsa-aes.pfx pw MY 1
probe list MY
echo "== A second PFX import: does the first certificate keep its key?"
probe keymatch MY "$(sha1 rsa)"
probe add rsa2.pfx pw MY 1
probe keymatch MY "$(sha1 rsa)"
echo "== ROOT and CA: the host's roots, adds, LocalMachine seen through CurrentUser"
probe count ROOT
probe addder root.der ROOT 1
probe addder root.der ROOT 1
probe count ROOT
probe addder int.der CA 1
probe addder int.der CA 1 lm
probe count CA
probe count CA lm
echo "== An add whose process exits without commit or close"
probe addder ec.der CA 1 nocommit
probe count CA
echo "== Chain building from the stores, and deletion with and without a commit"
probe chain "$(sha1 rsa)" 2027
probe del ROOT "$(sha1 root)" nocommit
probe count ROOT
probe del ROOT "$(sha1 root)"
probe count ROOT
probe chain "$(sha1 rsa)" 2027
probe chain "$(sha1 rsa)" 2031
echo "== The RSA key in a container of its own, linked by CERT_KEY_PROV_INFO_PROP_ID"
probe del MY "$(sha1 rsa)"
probe keyimport rsa.msblob "certkit-$(sha1 rsa)" rsa.der MY
probe keymatch MY "$(sha1 rsa)"
probe list MY
echo "== --grant-read's calls: a container's DACL, account lookup"
probe secdescr "certkit-$(sha1 rsa)" Users
probe secdescr "certkit-$(sha1 rsa)" "NETWORK SERVICE"
echo "== CNG persisted keys (Microsoft Software Key Storage Provider)"
probe ncrypt certkit-probe-ec ec.p8
