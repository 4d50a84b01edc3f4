#!/usr/bin/env python3
"""Writes PKCS#12 files that no current tool writes any more, for certkit's tests.

    make_pkcs12.py KEY.pem CERT.pem PASSWORD OUT.p12 [--key-pbe v2-3des|v1-3des|v1-3des-faulty]
                   [--duplicate-attribute]

The file holds one certificate bag and one shrouded key bag in a clear safe, with a SHA-1 MAC
(RFC 7292 appendix B key derivation, 2048 iterations), as old NSS and Netscape wrote them:

- v2-3des: pbeWithSHAAnd3-KeyTripleDES-CBC (1.2.840.113549.1.12.1.3), the standard PKCS#12 KDF.
- v1-3des: the PKCS#12 v1 OID 1.2.840.113549.1.12.5.1.3 ("PKCS #12 PBE With SHA-1 and Triple
  DES-CBC"), which NSS derives with PBKDF1-SHA-1 over BMPString password || salt, extended to
  32 bytes with HMAC (NSS lib/softoken/lowpbe.c, nsspkcs5_PBKDF1 / nsspkcs5_PFXPBE): key = bytes
  0..24, IV = the last 8 bytes.
- v1-3des-faulty: the same, with the first hash input zero-padded to 20 bytes when password
  and salt are shorter: old NSS's buffer-size bug, which NSS still accepts on import by retrying
  (lib/pk11wrap/pk11akey.c, "faulty3DES"). The salt is 8 bytes so that a short password
  triggers it.

- pbes2-bmp: PBES2 (PBKDF2-HMAC-SHA-1, AES-256-CBC) with the BMPString password given to
  PBKDF2, as NSS 3.21 wrote it (NSS's tests/tools/TestOldCA.p12).
- pbes2-aes128-keylen32: the same, naming AES-128-CBC with PBKDF2 keyLength 32 and a 32-byte
  key, as NSS 3.29.5 wrote it (tests/tools/TestOldAES128CA.p12).

--duplicate-attribute gives the key bag its friendlyName twice (what .NET 9's loader refuses);
--encrypted-duplicate puts the certificate bag, with its friendlyName twice, in a safe encrypted
with pbeWithSHAAnd3-KeyTripleDES-CBC instead.
Written for certkit from the behaviour described in NSS's sources (MPL-2.0); no code copied.
"""

import hashlib
import hmac
import os
import sys

from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        head = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + head + body


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def set_of(*parts):
    return tlv(0x31, b"".join(sorted(parts)))


def octets(b):
    return tlv(0x04, b)


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, out)


def explicit0(body):
    return tlv(0xA0, body)


def bmp(text):
    return text.encode("utf-16-be") + b"\0\0"


def pkcs12_kdf(password, salt, ident, iterations, size):
    """RFC 7292 appendix B.2 with SHA-1 (u = 20, v = 64)."""
    u, v = 20, 64
    d = bytes([ident]) * v

    def fill(data):
        if not data:
            return b""
        length = v * ((len(data) + v - 1) // v)
        return (data * (length // len(data) + 1))[:length]

    i = fill(salt) + fill(password)
    out = b""
    while len(out) < size:
        a = hashlib.sha1(d + i).digest()
        for _ in range(iterations - 1):
            a = hashlib.sha1(a).digest()
        out += a
        b = int.from_bytes(fill(a)[:v], "big")
        blocks = [i[k : k + v] for k in range(0, len(i), v)]
        i = b"".join(
            ((int.from_bytes(blk, "big") + b + 1) % (1 << (8 * v))).to_bytes(v, "big")
            for blk in blocks
        )
    return out[:size]


def nss_v1_key_iv(password, salt, iterations, faulty):
    """NSS's PKCS#12 v1 3DES derivation: PBKDF1-SHA-1, extended by HMAC to 24 + 8 bytes."""
    first = password + salt
    if faulty and len(first) < 20:
        first = first + b"\0" * (20 - len(first))
    h = hashlib.sha1(first).digest()
    for _ in range(iterations - 1):
        h = hashlib.sha1(h).digest()
    state = salt + b"\0" * max(0, 20 - len(salt))
    out = b""
    while len(out) < 32:
        out += hmac.new(h, state + salt, hashlib.sha1).digest()
        state = hmac.new(h, state, hashlib.sha1).digest()
    return out[:24], out[-8:]


def encrypt_3des(key, iv, data):
    padder = padding.PKCS7(64).padder()
    padded = padder.update(data) + padder.finalize()
    enc = Cipher(TripleDES(key), modes.CBC(iv)).encryptor()
    return enc.update(padded) + enc.finalize()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    key_path, cert_path, password, out_path = args[:4]
    mode = "v2-3des"
    if "--key-pbe" in sys.argv:
        mode = sys.argv[sys.argv.index("--key-pbe") + 1]
        args = [a for a in args if a != mode]
    duplicate = "--duplicate-attribute" in flags
    encrypted_duplicate = "--encrypted-duplicate" in flags

    key = serialization.load_pem_private_key(open(key_path, "rb").read(), None)
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read())
    cert_der = cert.public_bytes(serialization.Encoding.DER)
    pw = bmp(password)
    iterations = 2048
    salt = os.urandom(8)

    if mode == "v2-3des":
        alg_oid = "1.2.840.113549.1.12.1.3"
        k = pkcs12_kdf(pw, salt, 1, iterations, 24)
        iv = pkcs12_kdf(pw, salt, 2, iterations, 8)
    elif mode in ("v1-3des", "v1-3des-faulty"):
        alg_oid = "1.2.840.113549.1.12.5.1.3"
        k, iv = nss_v1_key_iv(pw, salt, iterations, mode == "v1-3des-faulty")
    elif mode not in ("pbes2-bmp", "pbes2-aes128-keylen32"):
        sys.exit(f"unknown --key-pbe {mode}")
    if mode.startswith("pbes2"):
        salt = os.urandom(16)
        iv = os.urandom(16)
        k = hashlib.pbkdf2_hmac("sha1", pw, salt, iterations, 32)
        padder = padding.PKCS7(128).padder()
        padded = padder.update(pkcs8) + padder.finalize()
        enc = Cipher(algorithms.AES(k), modes.CBC(iv)).encryptor()
        encrypted = enc.update(padded) + enc.finalize()
        aes = "2.16.840.1.101.3.4.1.2" if mode == "pbes2-aes128-keylen32" else "2.16.840.1.101.3.4.1.42"
        pbkdf2 = seq(
            oid("1.2.840.113549.1.5.12"),
            seq(octets(salt), integer(iterations), integer(32),
                seq(oid("1.2.840.113549.2.7"), b"\x05\x00")),
        )
        algorithm = seq(oid("1.2.840.113549.1.5.13"), seq(pbkdf2, seq(oid(aes), octets(iv))))
    else:
        encrypted = encrypt_3des(k, iv, pkcs8)
        algorithm = seq(oid(alg_oid), seq(octets(salt), integer(iterations)))

    local_key_id = hashlib.sha1(cert_der).digest()
    id_attr = seq(oid("1.2.840.113549.1.9.21"), set_of(octets(local_key_id)))
    name_attr = seq(oid("1.2.840.113549.1.9.20"), set_of(tlv(0x1E, "quirk".encode("utf-16-be"))))
    key_attrs = [id_attr, name_attr]
    if duplicate:
        key_attrs.append(
            seq(oid("1.2.840.113549.1.9.20"), set_of(tlv(0x1E, "again".encode("utf-16-be"))))
        )
    epki = seq(algorithm, octets(encrypted))
    # SET OF in DER is sorted; a duplicate attribute type stays two elements.
    key_bag = seq(oid("1.2.840.113549.1.12.10.1.2"), explicit0(epki), set_of(*key_attrs))
    cert_attrs = [id_attr, name_attr]
    if encrypted_duplicate:
        cert_attrs.append(
            seq(oid("1.2.840.113549.1.9.20"), set_of(tlv(0x1E, "again".encode("utf-16-be"))))
        )
    cert_bag = seq(
        oid("1.2.840.113549.1.12.10.1.3"),
        explicit0(seq(oid("1.2.840.113549.1.9.22.1"), explicit0(octets(cert_der)))),
        set_of(*cert_attrs),
    )
    data_oid = oid("1.2.840.113549.1.7.1")
    if encrypted_duplicate:
        # EncryptedData { version 0, EncryptedContentInfo { data, 3DES PBE, [0] IMPLICIT octets } }
        safe_salt = os.urandom(8)
        ck = pkcs12_kdf(pw, safe_salt, 1, iterations, 24)
        civ = pkcs12_kdf(pw, safe_salt, 2, iterations, 8)
        sealed = encrypt_3des(ck, civ, seq(cert_bag))
        enc_info = seq(
            data_oid,
            seq(oid("1.2.840.113549.1.12.1.3"), seq(octets(safe_salt), integer(iterations))),
            tlv(0x80, sealed),
        )
        cert_safe = seq(oid("1.2.840.113549.1.7.6"), explicit0(seq(integer(0), enc_info)))
        auth_safe = seq(cert_safe, seq(data_oid, explicit0(octets(seq(key_bag)))))
    else:
        safe_contents = seq(cert_bag, key_bag)
        auth_safe = seq(seq(data_oid, explicit0(octets(safe_contents))))

    mac_salt = os.urandom(8)
    mac_key = pkcs12_kdf(pw, mac_salt, 3, iterations, 20)
    mac = hmac.new(mac_key, auth_safe, hashlib.sha1).digest()
    mac_data = seq(
        seq(seq(oid("1.3.14.3.2.26"), b"\x05\x00"), octets(mac)),
        octets(mac_salt),
        integer(iterations),
    )
    pfx = seq(integer(3), seq(data_oid, explicit0(octets(auth_safe))), mac_data)
    with open(out_path, "wb") as f:
        f.write(pfx)


if __name__ == "__main__":
    main()
