#!/usr/bin/env bash
# Test fixtures made with OpenSSL: a root CA, an issuing CA, a client certificate (clientAuth)
# in client.pfx with its chain, the same client renewed (new key, same name) in
# client-renewed.pfx, a leaf without its key, and a self-signed server certificate for
# handshakes. Usage: make-pki.sh DIR PASSWORD
set -euo pipefail
dir=$1
password=$2
mkdir -p "$dir"
cd "$dir"
export PFX_PASSWORD=$password

openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 \
  -subj "/CN=Partner Root CA/O=Partner Example Ltd" \
  -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout issuing.key -out issuing.csr \
  -subj "/CN=Partner Issuing CA/O=Partner Example Ltd" 2>/dev/null
printf 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' > ca.ext
openssl x509 -req -in issuing.csr -CA root.pem -CAkey root.key -CAcreateserial -out issuing.pem \
  -days 3000 -extfile ca.ext 2>/dev/null
printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' > client.ext

client() { # NAME: a client certificate for the same subject, with a new key each time
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=acme-billing-client/O=ACME Corp" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA issuing.pem -CAkey issuing.key -CAcreateserial -out "$1.pem" \
    -days 700 -extfile client.ext 2>/dev/null
  openssl pkcs12 -export -in "$1.pem" -inkey "$1.key" -certfile issuing.pem -name "ACME billing client" \
    -out "$1.pfx" -passout env:PFX_PASSWORD
}
client client
client client-renewed

openssl req -x509 -newkey rsa:2048 -nodes -keyout server.key -out server.pem -days 30 \
  -subj "/CN=localhost" -addext subjectAltName=DNS:localhost 2>/dev/null
rm -f ./*.csr ./*.srl
chmod 600 ./*.key ./*.pfx
