#!/usr/bin/env bash
# Seeds fuzz/corpus/{load,crl,ocsp,pki}: one file of every kind the loader reads, made with openssl,
# plus the test suite's own files (the README samples and the RFC 9579 PBMAC1 examples in
# tests/data/); CRLs (DER and PEM, with entries and extensions) and OCSP responses (good,
# revoked, unknown, an error status) made with openssl. For the load target the first byte of
# each seed picks the password, as in fuzz_targets/load.rs (1 = "secret", 3 = "1234",
# 4 = "certkit-demo").
set -euo pipefail
export LC_ALL=C.UTF-8 # keytool decodes its arguments with the locale
cd "$(dirname "$0")"
out=corpus/load
mkdir -p "$out" corpus/crl corpus/ocsp corpus/pki
data=$(cd ../tests/data && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
o() { openssl "$@" 2>/dev/null; }
o req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -subj /CN=Fuzz\ CA -days 3650 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign
o req -newkey rsa:1024 -nodes -keyout leaf.key -out leaf.csr -subj /CN=fuzz.example
o x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -out leaf.pem -days 365 \
  -extfile <(printf 'subjectAltName=DNS:fuzz.example,IP:127.0.0.1,email:a@b.c,URI:http://x\nextendedKeyUsage=clientAuth\nkeyUsage=digitalSignature\n')
o genpkey -algorithm ED25519 -out ed.key
cat leaf.pem ca.pem leaf.key > chain.pem
o pkcs8 -topk8 -in leaf.key -out enc.pem -passout pass:secret -v2 aes-256-cbc -iter 2
o rsa -in leaf.key -aes256 -traditional -out trad.pem -passout pass:secret
o x509 -in leaf.pem -outform DER -out leaf.der
o pkcs8 -topk8 -in ed.key -outform DER -nocrypt -out ed.der
o pkcs8 -topk8 -in leaf.key -outform DER -out enc.der -passout pass:secret -iter 2
o crl2pkcs7 -nocrl -certfile chain.pem -outform DER -out chain.p7b
o crl2pkcs7 -nocrl -certfile chain.pem -out chain.p7b.pem
o pkcs12 -export -in leaf.pem -inkey leaf.key -certfile ca.pem -name fuzz -iter 2 -passout pass:secret -out modern.p12
o pkcs12 -export -legacy -in leaf.pem -inkey leaf.key -certfile ca.pem -name fuzz -iter 2 -passout pass:secret -out legacy.p12
o pkcs12 -export -in leaf.pem -inkey leaf.key -certpbe NONE -keypbe NONE -nomac -passout pass:secret -out plain.p12
o pkcs12 -export -in leaf.pem -inkey leaf.key -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1 -iter 2 -passout pass: -out empty.p12
# Java keytool (PBES2 with the SHA-1 PRF, a truststore with Oracle's attribute). Its legacy mode
# ignores the iteration properties (100,000 MAC iterations), too slow for a seed.
if command -v keytool >/dev/null; then
  low=(-J-Dkeystore.pkcs12.certPbeIterationCount=2 -J-Dkeystore.pkcs12.keyPbeIterationCount=2 -J-Dkeystore.pkcs12.macIterationCount=2)
  keytool "${low[@]}" -J-Dkeystore.pkcs12.keyProtectionAlgorithm=PBEWithHmacSHA1AndAES_256 \
    -genkeypair -storetype PKCS12 -keystore java.p12 -storepass secret -keyalg EC -alias "clé ✓" -dname CN=java >/dev/null 2>&1
  keytool "${low[@]}" -importcert -noprompt -storetype PKCS12 -keystore trust.p12 -storepass secret \
    -alias ca -file ca.pem >/dev/null 2>&1
  extra="java.p12 trust.p12"
fi
iconv -f UTF-8 -t UTF-16 chain.pem > chain-utf16.pem
for f in ${extra:-} chain-utf16.pem chain.pem enc.pem trad.pem leaf.der ed.der enc.der chain.p7b chain.p7b.pem modern.p12 legacy.p12 plain.p12 empty.p12; do
  { printf '\001'; cat "$f"; } > "$OLDPWD/$out/seed-$f"
done

# The test suite's files: the README samples and the RFC 9579 examples (password 1234).
{ printf '\004'; cat "$data/client.pfx"; } > "$OLDPWD/$out/seed-sample-client.pfx"
{ printf '\000'; cat "$data/partner-root.cer"; } > "$OLDPWD/$out/seed-sample-partner-root.cer"
for f in "$data"/rfc9579/a*.b64; do
  { printf '\003'; base64 -d "$f"; } > "$OLDPWD/$out/seed-rfc9579-$(basename "$f" .b64).p12"
done

# CRLs and OCSP responses from a small openssl CA with one revoked certificate.
mkdir -p ca/new
: > ca/index.txt
echo 1000 > ca/serial
echo 01 > ca/crlnumber
cat > ca.cnf <<CNF
[ca]
default_ca = fuzz
[fuzz]
dir = ca
database = ca/index.txt
new_certs_dir = ca/new
serial = ca/serial
crlnumber = ca/crlnumber
certificate = ca.pem
private_key = ca.key
default_md = sha256
default_crl_days = 30
policy = any
copy_extensions = copy
[any]
commonName = supplied
[crl_ext]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@idp
[idp]
fullname = URI:http://crl.example/fuzz.crl
onlysomereasons = keyCompromise, CACompromise
CNF
o req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout r1.key -out r1.csr -subj /CN=revoked.example
o ca -batch -config ca.cnf -in r1.csr -out r1.pem -days 30 -notext
o req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout g1.key -out g1.csr -subj /CN=good.example
o ca -batch -config ca.cnf -in g1.csr -out g1.pem -days 30 -notext
o ca -config ca.cnf -gencrl -out empty.crl
o ca -config ca.cnf -revoke r1.pem -crl_reason keyCompromise
o ca -config ca.cnf -gencrl -out revoked.crl
o ca -config ca.cnf -gencrl -crlexts crl_ext -out idp.crl
for f in empty revoked idp; do
  cp "$f.crl" "$OLDPWD/corpus/crl/seed-$f.crl.pem"
  o crl -in "$f.crl" -outform DER -out "$OLDPWD/corpus/crl/seed-$f.crl.der"
done
for who in r1 g1 leaf; do
  o ocsp -issuer ca.pem -cert "$who.pem" -reqout "$who.req"
  o ocsp -index ca/index.txt -rsigner ca.pem -rkey ca.key -CA ca.pem -reqin "$who.req" \
    -respout "$OLDPWD/corpus/ocsp/seed-$who.der" -ndays 1
done
o ocsp -index ca/index.txt -rsigner ca.pem -rkey ca.key -CA ca.pem -reqin r1.req -resp_no_certs \
  -resp_key_id -respout "$OLDPWD/corpus/ocsp/seed-r1-keyid.der" -ndays 1
# An error status (malformedRequest): what a responder sends for a request it cannot read.
printf '\x30\x03\x0a\x01\x01' > "$OLDPWD/corpus/ocsp/seed-malformed-request.der"

# Certificate requests (PEM, DER, the old "NEW CERTIFICATE REQUEST" header; RSA, EC, Ed25519;
# requested SANs, key usages, a challenge password attribute) and OCSP requests and responses,
# for the pki target.
pki="$OLDPWD/corpus/pki"
o req -new -key leaf.key -subj "/C=NL/O=Fuzz/CN=req.example" -out "$pki/seed-rsa.csr" \
  -addext "subjectAltName=DNS:req.example,IP:::1,email:r@e.x,URI:urn:x" -addext keyUsage=digitalSignature \
  -addext extendedKeyUsage=clientAuth,serverAuth -addext basicConstraints=critical,CA:FALSE
o req -new -key ca.key -subj "/CN=ec.example" -outform DER -out "$pki/seed-ec.der"
o req -new -key ed.key -subj "/CN=ed.example/serialNumber=42" -out "$pki/seed-ed.csr"
cat > chal.cnf <<CNF
[req]
distinguished_name = dn
attributes = attrs
prompt = no
[dn]
CN = challenge.example
[attrs]
challengePassword = fuzz-challenge
unstructuredName = fuzz
CNF
o req -new -key leaf.key -config chal.cnf -out "$pki/seed-challenge.csr"
sed 's/CERTIFICATE REQUEST/NEW CERTIFICATE REQUEST/' "$pki/seed-rsa.csr" > "$pki/seed-new-header.csr"
cat "$pki/seed-rsa.csr" "$pki/seed-ed.csr" > "$pki/seed-two.csr"
for who in r1 g1 leaf; do
  cp "$who.req" "$pki/seed-$who.ocsp-req"
  cp "$OLDPWD/corpus/ocsp/seed-$who.der" "$pki/seed-$who.ocsp-resp"
done
o ocsp -issuer ca.pem -cert g1.pem -cert r1.pem -no_nonce -reqout "$pki/seed-two-no-nonce.ocsp-req"
cp "$OLDPWD/corpus/ocsp/seed-malformed-request.der" "$pki/seed-malformed-request.ocsp-resp"
