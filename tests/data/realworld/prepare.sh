#!/usr/bin/env bash
# Gathers the real-world PKCS#12 corpus that tests/realworld_pkcs12.rs scores (manifest:
# pkcs12.tsv beside this script). Nothing fetched here is committed: packages come from their
# registries, pinned by version and sha256, into CACHE (under target/); the other files are
# written here, at test time, by the real tools (node-forge under node, keytool, openssl).
#
#   prepare.sh CACHE        -> CACHE/files/... as the manifest names them
#
# Exit 3 (with one line saying which registry) when a registry cannot be reached: the test then
# reports itself skipped. Any other failure exits 1.
set -euo pipefail
cache=$1
here=$(cd "$(dirname "$0")" && pwd)
dl="$cache/downloads"
files="$cache/files"
mkdir -p "$dl" "$files"

# fetch URL FILE SHA256: download once, check the pinned digest every time.
fetch() {
  local url=$1 out="$dl/$2" sum=$3
  if [ ! -s "$out" ]; then
    if ! curl -fsSL --retry 2 -o "$out.part" "$url"; then
      rm -f "$out.part"
      echo "prepare.sh: cannot download $url (registry unreachable)" >&2
      exit 3
    fi
    mv "$out.part" "$out"
  fi
  echo "$sum  $out" | sha256sum -c --quiet - || {
    echo "prepare.sh: $out does not have the pinned sha256 $sum" >&2
    exit 1
  }
}

# --- Debian: golang-golang-x-crypto-dev 1:0.4.0-1 (golang.org/x/crypto, BSD-3-Clause) -------
# pkcs12/pkcs12_test.go holds PKCS#12 files as base64, two of them exported by Windows.
fetch https://deb.debian.org/debian/pool/main/g/golang-go.crypto/golang-golang-x-crypto-dev_0.4.0-1_all.deb \
  golang-golang-x-crypto-dev_0.4.0-1_all.deb \
  7047f0b62317fddfbbe934902e7889452569ba932c31e3eaa6ab7144c0da3593
if [ ! -s "$files/go-x-crypto/windows-azure-tools.p12" ]; then
  rm -rf "$dl/go-deb" && mkdir -p "$dl/go-deb" "$files/go-x-crypto"
  dpkg-deb -x "$dl/golang-golang-x-crypto-dev_0.4.0-1_all.deb" "$dl/go-deb"
  python3 - "$dl/go-deb/usr/share/gocode/src/golang.org/x/crypto/pkcs12/pkcs12_test.go" \
    "$files/go-x-crypto" <<'EOF'
import base64, re, sys
source = open(sys.argv[1]).read()
table = source[source.index("var testdata = map[string]string{"):]
names = {
    "Windows Azure Tools": "windows-azure-tools.p12",
    "Windows IAS PEAP & LDAPS certificates": "windows-ias-peap-ldaps.p12",
    "testing@example.com": "testing-example-com.p12",
}
found = 0
for name, b64 in re.findall(r'"([^"]+)":\s*`([^`]*)`', table):
    if name in names:
        open(f"{sys.argv[2]}/{names[name]}", "wb").write(base64.b64decode("".join(b64.split())))
        found += 1
if found != len(names):
    sys.exit(f"pkcs12_test.go: found {found} of {len(names)} test files")
EOF
fi

# --- Debian source: nss 2:3.87.1 (orig tarball; MPL-2.0) --------------------------------------
# nss/tests holds files older NSS versions wrote, which NSS's own test suite imports.
fetch https://deb.debian.org/debian/pool/main/n/nss/nss_3.87.1.orig.tar.gz \
  nss_3.87.1.orig.tar.gz \
  f30fb0de6986e59420ce3bfea340e801222be1da144b420bcbfec1d977dab4d5
if [ ! -s "$files/nss/TestOldCA.p12" ]; then
  mkdir -p "$files/nss"
  for f in tools/TestOldCA.p12 tools/TestOldAES128CA.p12 tools/TestRSAPSS.p12 \
    cert/TestUser-rsa-pss-interop.p12; do
    tar -xzf "$dl/nss_3.87.1.orig.tar.gz" -O "nss-3.87.1/nss/tests/$f" >"$files/nss/$(basename "$f")"
  done
fi

# --- crates.io: pkcs12 0.2.0-pre.0 (RustCrypto/formats; Apache-2.0 OR MIT) ----------------------
# tests/examples holds the NIST PKITS end-entity certificate and key exported by macOS, Windows
# (3DES and AES), Firefox and OpenSSL. (The same crate version certkit builds with; the digest
# is Cargo.lock's checksum.)
fetch https://static.crates.io/crates/pkcs12/pkcs12-0.2.0-pre.0.crate pkcs12-0.2.0-pre.0.crate \
  8059bd79345d1d1c125656025814704bab5cdd204b1cefd5fab59b0fdd7476d2
if [ ! -s "$files/rustcrypto-pkcs12/ValidCertificatePathTest1EE_macos.p12" ]; then
  mkdir -p "$files/rustcrypto-pkcs12"
  for f in ValidCertificatePathTest1EE.p12 ValidCertificatePathTest1EE_firefox.p12 \
    ValidCertificatePathTest1EE_macos.p12 ValidCertificatePathTest1EE_windows_aes.p12.pfx \
    ValidCertificatePathTest1EE_windows_tdes.p12.pfx; do
    tar -xzf "$dl/pkcs12-0.2.0-pre.0.crate" -O "pkcs12-0.2.0-pre.0/tests/examples/$f" \
      >"$files/rustcrypto-pkcs12/$f"
  done
fi

# --- A key and a small chain for the files written here ----------------------------------------
w="$files/written"
mkdir -p "$w"
if [ ! -s "$w/leaf.pem" ]; then
  (
    cd "$w"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
      -subj "/CN=Corpus CA" -addext basicConstraints=critical,CA:true 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=corpus leaf" 2>/dev/null
    openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
      -out leaf.pem 2>/dev/null
    openssl pkey -in leaf.key -traditional -out leaf.rsa.key
  )
fi

# --- npm: node-forge 1.3.1 (BSD-3-Clause OR GPL-2.0), run by node at test time ------------------
if [ ! -s "$w/forge-default.p12" ]; then
  # npm when the machine has it; else the same tarball from the npm registry (Debian's
  # nodejs comes without npm).
  if [ ! -s "$dl/node-forge-1.3.1.tgz" ] && command -v npm >/dev/null; then
    (cd "$dl" && npm pack --silent node-forge@1.3.1 >/dev/null 2>&1) || true
  fi
  fetch https://registry.npmjs.org/node-forge/-/node-forge-1.3.1.tgz node-forge-1.3.1.tgz \
    77de03720cd00fafdbcda47e3e995a1f548f2e9028d11a98b0d9bef37ec2ad85
  rm -rf "$dl/node-forge" && mkdir -p "$dl/node-forge"
  tar -xzf "$dl/node-forge-1.3.1.tgz" -C "$dl/node-forge"
  node "$here/forge_write.js" "$dl/node-forge/package" "$w"
fi

# --- keytool (the JDK on the machine) with old JDK defaults -------------------------------------
# Java before 8u301/11.0.12 wrote RC2-40 certificate safes, 3DES keys and a SHA-1 MAC; the
# keystore.pkcs12.* security properties (JDK-8153005) make today's keytool write the same.
legacy=(-J-Dkeystore.pkcs12.certProtectionAlgorithm=PBEWithSHA1AndRC2_40
  -J-Dkeystore.pkcs12.certPbeIterationCount=1024
  -J-Dkeystore.pkcs12.keyProtectionAlgorithm=PBEWithSHA1AndDESede
  -J-Dkeystore.pkcs12.keyPbeIterationCount=1024
  -J-Dkeystore.pkcs12.macAlgorithm=HmacPBESHA1
  -J-Dkeystore.pkcs12.macIterationCount=1024)
if [ ! -s "$w/keytool-legacy.p12" ]; then
  (
    cd "$w"
    rm -f keytool-*.p12 keytool.jks
    openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -name corpus \
      -passout pass:changeit -out seed.p12
    keytool -importkeystore -noprompt -srckeystore seed.p12 -srcstoretype pkcs12 \
      -srcstorepass changeit -destkeystore keytool-legacy.p12 -deststoretype pkcs12 \
      -deststorepass changeit "${legacy[@]}" >/dev/null 2>&1
    keytool -importkeystore -noprompt -srckeystore seed.p12 -srcstoretype pkcs12 \
      -srcstorepass changeit -destkeystore keytool.jks -deststoretype jks \
      -deststorepass changeit >/dev/null 2>&1
    keytool -importkeystore -noprompt -srckeystore keytool.jks -srcstoretype jks \
      -srcstorepass changeit -destkeystore keytool-from-jks.p12 -deststoretype pkcs12 \
      -deststorepass changeit >/dev/null 2>&1
    keytool -importcert -noprompt -alias corpus-ca -file ca.pem -keystore keytool-truststore.p12 \
      -storetype pkcs12 -storepass changeit "${legacy[@]}" >/dev/null 2>&1
  )
fi

# --- NSS pk12util (the NSS on the machine): its default and its legacy ciphers ---------------------
if [ ! -s "$w/pk12util-legacy.p12" ]; then
  (
    cd "$w"
    rm -rf nssdb && mkdir nssdb
    certutil -N -d sql:nssdb --empty-password
    openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -name corpus \
      -passout pass:nss-pw -out nss-seed.p12
    pk12util -i nss-seed.p12 -d sql:nssdb -W nss-pw -K "" >/dev/null
    pk12util -o pk12util-default.p12 -n corpus -d sql:nssdb -W nss-pw -K "" >/dev/null
    pk12util -o pk12util-legacy.p12 -n corpus -d sql:nssdb -W nss-pw -K "" \
      -c "PKCS #12 V2 PBE With SHA-1 And 40 Bit RC2 CBC" \
      -C "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC" -M SHA-1 >/dev/null
  )
fi

# --- OpenSSL's 1.1 defaults (RC2-40 certificates, 3DES key, SHA-1 MAC) -------------------------
if [ ! -s "$w/openssl-legacy.p12" ]; then
  openssl pkcs12 -export -legacy -inkey "$w/leaf.key" -in "$w/leaf.pem" -certfile "$w/ca.pem" \
    -passout pass:corpus-pw -out "$w/openssl-legacy.p12"
fi
echo "prepare.sh: corpus ready in $files"
