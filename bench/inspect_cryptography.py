#!/usr/bin/env python3
"""The Python baseline of the inspect benchmark: what `certkit inspect DIR --json` does, done
by one Python process with the `cryptography` package.

Walks DIR recursively (sorted), reads every file, and for every PEM certificate extracts the
fields certkit reports: role, subject, issuer, serial, validity and days left, SHA-1 and SHA-256
fingerprints, key type and size or curve, signature algorithm, subject alternative names, key
usage, extended key usage (and whether client authentication is allowed), basic constraints,
subject and authority key ids. Prints one JSON document on stdout, like certkit.

Usage: inspect_cryptography.py DIR
"""

import datetime
import ipaddress
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID

EKU_NAMES = {
    ExtendedKeyUsageOID.SERVER_AUTH: "serverAuth",
    ExtendedKeyUsageOID.CLIENT_AUTH: "clientAuth",
    ExtendedKeyUsageOID.CODE_SIGNING: "codeSigning",
    ExtendedKeyUsageOID.EMAIL_PROTECTION: "emailProtection",
    ExtendedKeyUsageOID.TIME_STAMPING: "timeStamping",
    ExtendedKeyUsageOID.OCSP_SIGNING: "OCSPSigning",
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE: "anyExtendedKeyUsage",
}
CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}


def general_name(n):
    if isinstance(n, x509.DNSName):
        return "DNS:" + n.value
    if isinstance(n, x509.IPAddress):
        return "IP:" + str(n.value)
    if isinstance(n, x509.RFC822Name):
        return "email:" + n.value
    if isinstance(n, x509.UniformResourceIdentifier):
        return "URI:" + n.value
    if isinstance(n, x509.DirectoryName):
        return "DirName:" + n.value.rfc4514_string()
    if isinstance(n, x509.RegisteredID):
        return "RID:" + n.value.dotted_string
    return "othername:" + n.type_id.dotted_string


def key_usage(ku):
    names = [
        (ku.digital_signature, "digitalSignature"),
        (ku.content_commitment, "nonRepudiation"),
        (ku.key_encipherment, "keyEncipherment"),
        (ku.data_encipherment, "dataEncipherment"),
        (ku.key_agreement, "keyAgreement"),
        (ku.key_cert_sign, "keyCertSign"),
        (ku.crl_sign, "cRLSign"),
    ]
    out = [n for on, n in names if on]
    if ku.key_agreement:
        if ku.encipher_only:
            out.append("encipherOnly")
        if ku.decipher_only:
            out.append("decipherOnly")
    return out


def public_key(cert):
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return {"algorithm": "RSA", "bits": key.key_size}
    if isinstance(key, ec.EllipticCurvePublicKey):
        return {"algorithm": "EC", "bits": key.curve.key_size,
                "curve": CURVES.get(key.curve.name, key.curve.name)}
    if isinstance(key, ed25519.Ed25519PublicKey):
        return {"algorithm": "Ed25519", "bits": 256}
    if isinstance(key, ed448.Ed448PublicKey):
        return {"algorithm": "Ed448", "bits": 456}
    if isinstance(key, dsa.DSAPublicKey):
        return {"algorithm": "DSA", "bits": key.key_size}
    return {"algorithm": type(key).__name__, "bits": 0}


def report(cert, now):
    not_before = cert.not_valid_before_utc
    not_after = cert.not_valid_after_utc
    ext = cert.extensions
    r = {
        "subject": cert.subject.rfc4514_string(),
        "common_name": None,
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "X"),
        "not_before": not_before.isoformat().replace("+00:00", "Z"),
        "not_after": not_after.isoformat().replace("+00:00", "Z"),
        # Whole days, truncated toward zero (as certkit counts them).
        "days_left": int((not_after - now).total_seconds() / 86400),
        "expired": now > not_after,
        "not_yet_valid": now < not_before,
        "sha1": cert.fingerprint(hashes.SHA1()).hex().upper(),
        "sha256": cert.fingerprint(hashes.SHA256()).hex().upper(),
        "key": public_key(cert),
        "signature_algorithm": cert.signature_algorithm_oid._name,
        "subject_alt_names": [],
        "key_usage": [],
        "extended_key_usage": [],
        "client_auth": True,
        "is_ca": False,
        "subject_key_id": None,
        "authority_key_id": None,
    }
    cns = [a.value for a in cert.subject if a.oid == x509.NameOID.COMMON_NAME]
    r["common_name"] = cns[0] if cns else r["subject"]
    for e in ext:
        v = e.value
        if e.oid == ExtensionOID.SUBJECT_ALTERNATIVE_NAME:
            r["subject_alt_names"] = [general_name(n) for n in v]
        elif e.oid == ExtensionOID.KEY_USAGE:
            r["key_usage"] = key_usage(v)
        elif e.oid == ExtensionOID.EXTENDED_KEY_USAGE:
            r["extended_key_usage"] = [EKU_NAMES.get(o, o.dotted_string) for o in v]
            r["client_auth"] = (ExtendedKeyUsageOID.CLIENT_AUTH in v
                                or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in v)
        elif e.oid == ExtensionOID.BASIC_CONSTRAINTS:
            r["is_ca"] = v.ca
            if v.path_length is not None:
                r["path_len_constraint"] = v.path_length
        elif e.oid == ExtensionOID.SUBJECT_KEY_IDENTIFIER:
            r["subject_key_id"] = v.digest.hex().upper()
        elif e.oid == ExtensionOID.AUTHORITY_KEY_IDENTIFIER:
            if v.key_identifier is not None:
                r["authority_key_id"] = v.key_identifier.hex().upper()
    if r["is_ca"]:
        r["role"] = "root" if cert.subject == cert.issuer else "intermediate"
    else:
        r["role"] = "leaf"
    return r


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    now = datetime.datetime.now(datetime.timezone.utc)
    inputs = []
    for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
        dirnames.sort()
        for fname in sorted(filenames):
            path = os.path.join(dirpath, fname)
            with open(path, "rb") as f:
                data = f.read()
            try:
                certs = x509.load_pem_x509_certificates(data)
            except ValueError as e:
                inputs.append({"path": path, "error": {"kind": "malformed", "message": str(e)}})
                continue
            inputs.append({
                "path": path,
                "format": "pem",
                "certificates": [report(c, now) for c in certs],
            })
    distinct = {c["sha1"] for i in inputs for c in i.get("certificates", [])}
    json.dump({"version": 1, "inputs": inputs,
               "summary": {"inputs_read": len(inputs), "certificates": len(distinct)}},
              sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
