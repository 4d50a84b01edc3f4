#!/usr/bin/env bash
# Makes the sample files the README's first command inspects: a partner's client.pfx
# (client certificate with its key and the issuing CA, OpenSSL 3 default encryption,
# password "certkit-demo") and the partner's root as a DER .cer. Valid for 20 years so the
# README works for a long time; the tests never use these (they make their own at test time).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -days 7300 \
  -subj "/CN=Partner Root CA/O=Partner Example Ltd/C=GB" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/root.key" -out "$work/root.pem" 2>/dev/null

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=Partner Issuing CA/O=Partner Example Ltd/C=GB" \
  -keyout "$work/int.key" -out "$work/int.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nauthorityInfoAccess=caIssuers;URI:http://pki.partner.example/root.cer\n' > "$work/int.ext"
openssl x509 -req -in "$work/int.csr" -CA "$work/root.pem" -CAkey "$work/root.key" -CAcreateserial \
  -days 7299 -extfile "$work/int.ext" -out "$work/int.pem" 2>/dev/null

openssl req -new -newkey rsa:2048 -nodes \
  -subj "/CN=acme-billing-client/O=ACME Corp/C=GB" \
  -keyout "$work/client.key" -out "$work/client.csr" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:billing.acme.example,email:ops@acme.example\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nauthorityInfoAccess=caIssuers;URI:http://pki.partner.example/issuing.cer\n' > "$work/client.ext"
openssl x509 -req -in "$work/client.csr" -CA "$work/int.pem" -CAkey "$work/int.key" -CAcreateserial \
  -days 7298 -extfile "$work/client.ext" -out "$work/client.pem" 2>/dev/null

openssl pkcs12 -export -in "$work/client.pem" -inkey "$work/client.key" -certfile "$work/int.pem" \
  -name "ACME billing client" -passout pass:certkit-demo -out client.pfx
openssl x509 -in "$work/root.pem" -outform DER -out partner-root.cer
echo "wrote client.pfx (password certkit-demo) and partner-root.cer"
