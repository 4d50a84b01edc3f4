#!/usr/bin/env python3
"""Rewrites the PBMAC1 MacData of a real PKCS#12 file with weakened parameters, recomputing the
MAC with them, so that tests can check certkit refuses every such file whatever the password.

Usage: weaken.py IN.p12 OUT.p12 PASSWORD CASE [WRONG_PASSWORD_FILE]

CASE is one of:
  keylen-1        PBKDF2 keyLength 1 (HMAC-SHA-256): one password in 256 matches the MAC.
                  With WRONG_PASSWORD_FILE, also searches for a wrong password ("wrong-N")
                  whose one-byte key equals the right one's and writes it there.
  keylen-16       keyLength 16, shorter than HMAC-SHA-256's 32-byte output.
  keylen-64       keyLength 64, longer than HMAC-SHA-256's output (RFC 9579: must be equal).
  iterations-0    PBKDF2 iterationCount 0 (the MAC computed with 1 iteration).
  iterations-huge PBKDF2 iterationCount 2^32 (the MAC computed with 1 iteration: never used).
  mac-short       the MAC value truncated to its first 4 bytes.
  prf-mismatch    PRF hmacWithSHA512, MAC HMAC-SHA-256, keyLength 32: VALID (RFC 9579 A.2 does
                  the same); the control case.

Only the MacData is replaced; version and authSafe are copied byte for byte, so the MAC covers
the same authenticated-safe octets the original MAC covered. Python's standard library only
(hashlib.pbkdf2_hmac, hmac), so the MAC arithmetic is independent of certkit's.
"""
import hashlib
import hmac
import sys

PBMAC1 = "1.2.840.113549.1.5.14"
PBKDF2 = "1.2.840.113549.1.5.12"
HMAC_OIDS = {"sha1": "1.2.840.113549.2.7", "sha256": "1.2.840.113549.2.9",
             "sha512": "1.2.840.113549.2.11"}


def tlv(data, at):
    """(tag, content start, content end) of the DER element at `at`."""
    tag = data[at]
    n = data[at + 1]
    at += 2
    if n & 0x80:
        count = n & 0x7F
        n = int.from_bytes(data[at:at + count], "big")
        at += count
    return tag, at, at + n


def children(data, start, end):
    out = []
    while start < end:
        tag, cs, ce = tlv(data, start)
        out.append((tag, start, cs, ce))
        start = ce
    return out


def enc(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def seq(*parts):
    return enc(0x30, b"".join(parts))


def integer(n):
    raw = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")
    return enc(0x02, raw)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytes([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(chunk)
    return enc(0x06, body)


def octets(b):
    return enc(0x04, b)


NULL = b"\x05\x00"


def mac_data(salt, iterations, key_length, prf, mac_hash, mac):
    kdf = seq(octets(salt), integer(iterations),
              *([integer(key_length)] if key_length is not None else []),
              seq(oid(HMAC_OIDS[prf]), NULL))
    params = seq(seq(oid(PBKDF2), kdf), seq(oid(HMAC_OIDS[mac_hash]), NULL))
    return seq(seq(seq(oid(PBMAC1), params), octets(mac)), octets(b"NOT USED"), integer(1))


def compute(password, salt, iterations, key_length, prf, mac_hash, data):
    key = hashlib.pbkdf2_hmac(prf, password, salt, iterations, key_length)
    return hmac.new(key, data, mac_hash).digest()


def main():
    src, dst, password, case = sys.argv[1:5]
    wrong_out = sys.argv[5] if len(sys.argv) > 5 else None
    password = password.encode()
    data = open(src, "rb").read()
    _, start, end = tlv(data, 0)
    version, auth_safe = children(data, start, end)[:2]
    # authSafe ContentInfo { data OID, [0] { OCTET STRING } }: the MAC covers the octets.
    _, oid_el, explicit = children(data, auth_safe[2], auth_safe[3])[:2], None, None
    ci = children(data, auth_safe[2], auth_safe[3])
    inner = children(data, ci[1][2], ci[1][3])[0]
    signed = data[inner[2]:inner[3]]
    salt = bytes(range(1, 17))
    iterations, key_length, prf, mac_hash, mac_iterations = 2048, 32, "sha256", "sha256", 2048
    if case == "keylen-1":
        key_length = 1
    elif case == "keylen-16":
        key_length = 16
    elif case == "keylen-64":
        key_length = 64
    elif case == "iterations-0":
        iterations, mac_iterations = 0, 1
    elif case == "iterations-huge":
        iterations, mac_iterations = 2 ** 32, 1
    elif case == "prf-mismatch":
        prf = "sha512"
    elif case != "mac-short":
        sys.exit(f"unknown case {case}")
    mac = compute(password, salt, mac_iterations, key_length, prf, mac_hash, signed)
    if case == "mac-short":
        mac = mac[:4]
    if wrong_out:
        for i in range(100000):
            wrong = f"wrong-{i}".encode()
            if compute(wrong, salt, mac_iterations, key_length, prf, mac_hash, signed) == mac:
                open(wrong_out, "w").write(wrong.decode())
                break
        else:
            sys.exit("no colliding wrong password found")
    body = (data[version[1]:version[3]] + data[auth_safe[1]:auth_safe[3]]
            + mac_data(salt, iterations, key_length, prf, mac_hash, mac))
    open(dst, "wb").write(enc(0x30, body))


if __name__ == "__main__":
    main()
