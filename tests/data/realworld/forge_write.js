// Writes PKCS#12 files with node-forge (the package prepare.sh fetched from npm), at test time:
//   node forge_write.js FORGE_DIR OUT_DIR
// OUT_DIR holds leaf.rsa.key, leaf.pem and ca.pem (made by prepare.sh with openssl).
'use strict';
const fs = require('fs');
const path = require('path');
const forge = require(path.resolve(process.argv[2]));
const out = process.argv[3];

const read = (name) => fs.readFileSync(path.join(out, name), 'utf8');
const key = forge.pki.privateKeyFromPem(read('leaf.rsa.key'));
const leaf = forge.pki.certificateFromPem(read('leaf.pem'));
const ca = forge.pki.certificateFromPem(read('ca.pem'));

const write = (name, asn1) =>
  fs.writeFileSync(path.join(out, name), Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));

// forge 1.3.1's default: PBES2 AES-128 (PBKDF2-HMAC-SHA-1) key, certificates in clear.
write('forge-default.p12', forge.pkcs12.toPkcs12Asn1(key, [leaf, ca], 'forge-pw', {
  friendlyName: 'corpus',
  generateLocalKeyId: true,
}));
// Its legacy choice: pbeWithSHAAnd3-KeyTripleDES-CBC.
write('forge-3des.p12', forge.pkcs12.toPkcs12Asn1(key, [leaf, ca], 'forge-pw', {
  algorithm: '3des',
  friendlyName: 'corpus',
  generateLocalKeyId: true,
}));
// PBES2 with AES-256 (forge's PBKDF2 uses HMAC-SHA-1).
write('forge-aes256.p12', forge.pkcs12.toPkcs12Asn1(key, [leaf, ca], 'forge-pw', {
  algorithm: 'aes256',
  friendlyName: 'corpus',
  generateLocalKeyId: true,
}));
// Certificates only, no password: forge writes no encryption and no MAC.
write('forge-certs-nopass.p12', forge.pkcs12.toPkcs12Asn1(null, [leaf, ca], null, {
  useMac: false,
}));
