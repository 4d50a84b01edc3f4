"""Differential of `certkit --json inspect` against Python cryptography on every certificate of
the cryptography_vectors package (pinned to the cryptography version, 48.0.0).

Usage: cryptography_vectors.py CERTKIT_JSON VECTORS_X509_DIR
CERTKIT_JSON is the output of `certkit --json inspect VECTORS_X509_DIR`. Prints one JSON
document: {"compared": N, "agree": N, "disagreements": [{"file", "sha1", "field", "certkit",
"cryptography"}]}. A certificate is "every certificate" when cryptography loads it (PEM, every
CERTIFICATE block; or DER); certkit's entry for it is found by file and SHA-1 thumbprint.
"""

import ipaddress
import json
import os
import sys
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID

CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521", "secp256k1": "secp256k1"}
EKU = {
    ExtendedKeyUsageOID.SERVER_AUTH.dotted_string: "serverAuth",
    ExtendedKeyUsageOID.CLIENT_AUTH.dotted_string: "clientAuth",
    ExtendedKeyUsageOID.CODE_SIGNING.dotted_string: "codeSigning",
    ExtendedKeyUsageOID.EMAIL_PROTECTION.dotted_string: "emailProtection",
    ExtendedKeyUsageOID.TIME_STAMPING.dotted_string: "timeStamping",
    ExtendedKeyUsageOID.OCSP_SIGNING.dotted_string: "OCSPSigning",
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE.dotted_string: "anyExtendedKeyUsage",
    "1.3.6.1.4.1.311.20.2.2": "smartcardLogon",
    "1.3.6.1.5.5.7.3.17": "ipsecIKE",
    "1.3.6.1.4.1.311.10.3.4": "encryptedFileSystem",
}
KU = [
    ("digital_signature", "digitalSignature"),
    ("content_commitment", "nonRepudiation"),
    ("key_encipherment", "keyEncipherment"),
    ("data_encipherment", "dataEncipherment"),
    ("key_agreement", "keyAgreement"),
    ("key_cert_sign", "keyCertSign"),
    ("crl_sign", "cRLSign"),
]


def split_unescaped(text, sep):
    """Splits an RFC 4514 string on `sep` where it is not escaped by a backslash."""
    parts, cur, i = [], "", 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            cur += text[i : i + 2]
            i += 2
        elif text.startswith(sep, i):
            parts.append(cur)
            cur = ""
            i += len(sep)
        else:
            cur += text[i]
            i += 1
    parts.append(cur)
    return parts


def certkit_name(text):
    """certkit's `K=v, K=v + K=v` (DER order) as a list of RDNs, each a sorted list of values."""
    if text == "":
        return []
    return [sorted(a.split("=", 1)[1].lower() for a in split_unescaped(rdn, " + "))
            for rdn in split_unescaped(text, ", ")]


def crypto_name(name):
    """The same from cryptography: each attribute's RFC 4514 value, in DER order."""
    out = []
    for rdn in name.rdns:
        values = []
        for attr in rdn:
            values.append(attr.rfc4514_string().split("=", 1)[1].lower())
        out.append(sorted(values))
    return out


def general_name(g):
    if isinstance(g, x509.DNSName):
        return "DNS:" + g.value
    if isinstance(g, x509.RFC822Name):
        return "email:" + g.value
    if isinstance(g, x509.UniformResourceIdentifier):
        return "URI:" + g.value
    if isinstance(g, x509.IPAddress):
        return "IP:" + str(g.value)
    if isinstance(g, x509.RegisteredID):
        return "RID:" + g.value.dotted_string
    if isinstance(g, x509.DirectoryName):
        return ("DirName", crypto_name(g.value))
    if isinstance(g, x509.OtherName):
        return ("othername", g.type_id.dotted_string)
    return ("other", repr(g))


def certkit_general_name(s):
    if s.startswith("DirName:"):
        return ("DirName", certkit_name(s[len("DirName:"):]))
    if s.startswith("othername:") or s.startswith("UPN:"):
        oid = "1.3.6.1.4.1.311.20.2.3" if s.startswith("UPN:") else s[len("othername:"):]
        return ("othername", oid)
    if s.startswith("IP:"):
        try:
            return "IP:" + str(ipaddress.ip_address(s[3:]))
        except ValueError:
            return s
    return s


def ext(cert, oid):
    try:
        return cert.extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None


def expected(cert):
    """The fields of one certificate as certkit's JSON should give them (None: cannot tell)."""
    exp = {}
    exp["subject"] = crypto_name(cert.subject)
    exp["issuer"] = crypto_name(cert.issuer)
    exp["serial"] = str(cert.serial_number)
    exp["not_before"] = cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    exp["not_after"] = cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    exp["sha256"] = cert.fingerprint(hashes.SHA256()).hex().upper()
    try:
        key = cert.public_key()
    except Exception:  # noqa: BLE001 - cryptography refuses some keys; certkit is then not compared
        key = None
    if isinstance(key, rsa.RSAPublicKey):
        exp["key"] = ["RSA", key.key_size, None]
    elif isinstance(key, ec.EllipticCurvePublicKey):
        exp["key"] = ["EC", None, CURVES.get(key.curve.name, key.curve.name)]
    elif isinstance(key, dsa.DSAPublicKey):
        exp["key"] = ["DSA", key.key_size, None]
    elif isinstance(key, ed25519.Ed25519PublicKey):
        exp["key"] = ["Ed25519", None, None]
    elif isinstance(key, ed448.Ed448PublicKey):
        exp["key"] = ["Ed448", None, None]
    try:
        san = ext(cert, ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
        exp["san"] = sorted(map(json.dumps, (general_name(g) for g in san))) if san else []
    except Exception:  # noqa: BLE001 - x400Address/ediPartyName: cryptography cannot read them
        pass
    try:
        ku = ext(cert, ExtensionOID.KEY_USAGE)
        names = []
        if ku:
            names = [n for a, n in KU if getattr(ku, a)]
            if ku.key_agreement:
                names += [n for a, n in [("encipher_only", "encipherOnly"), ("decipher_only", "decipherOnly")] if getattr(ku, a)]
        exp["key_usage"] = sorted(names)
    except Exception:  # noqa: BLE001
        pass
    try:
        eku = ext(cert, ExtensionOID.EXTENDED_KEY_USAGE)
        exp["eku"] = sorted(EKU.get(o.dotted_string, o.dotted_string) for o in eku) if eku else []
    except Exception:  # noqa: BLE001
        pass
    try:
        bc = ext(cert, ExtensionOID.BASIC_CONSTRAINTS)
        exp["is_ca"] = bool(bc and bc.ca)
        exp["path_len"] = bc.path_length if bc and bc.ca else None
    except Exception:  # noqa: BLE001
        pass
    try:
        ski = ext(cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER)
        exp["ski"] = ski.digest.hex().upper() if ski else None
    except Exception:  # noqa: BLE001
        pass
    try:
        aki = ext(cert, ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
        exp["aki"] = aki.key_identifier.hex().upper() if aki and aki.key_identifier else None
    except Exception:  # noqa: BLE001
        pass
    return exp


def actual(c):
    key = c["key"]
    algorithm = key["algorithm"]
    # An id-RSASSA-PSS key is an RSA key restricted to PSS: certkit names the restriction,
    # cryptography returns an RSAPublicKey. Both must agree on the size.
    if algorithm == "RSA-PSS":
        algorithm = "RSA"
    bits = key["bits"] if algorithm in ("RSA", "DSA") else None
    return {
        "subject": certkit_name(c["subject"]),
        "issuer": certkit_name(c["issuer"]),
        "serial": c.get("serial_decimal"),
        "not_before": c["not_before"],
        "not_after": c["not_after"],
        "sha256": c["sha256"],
        "key": [algorithm, bits, key.get("curve")],
        "san": sorted(json.dumps(certkit_general_name(s)) for s in c["subject_alt_names"]),
        "key_usage": sorted(c["key_usage"]),
        "eku": sorted(c["extended_key_usage"]),
        "is_ca": c["is_ca"],
        "path_len": c.get("path_len_constraint"),
        "ski": c["subject_key_id"],
        "aki": c["authority_key_id"],
    }


def load(path):
    data = open(path, "rb").read()
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            return x509.load_pem_x509_certificates(data)
        except Exception:  # noqa: BLE001
            return []
    try:
        return [x509.load_der_x509_certificate(data)]
    except Exception:  # noqa: BLE001
        return []


def main():
    # cryptography warns about the odd vectors it still parses; the report is the output.
    warnings.simplefilter("ignore")
    report = json.load(open(sys.argv[1]))
    root = sys.argv[2]
    by_path = {os.path.realpath(i["path"]): i for i in report["inputs"]}
    compared = agree = 0
    disagreements = []
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            for cert in load(path):
                compared += 1
                sha1 = cert.fingerprint(hashes.SHA1()).hex().upper()
                entry = by_path.get(os.path.realpath(path))
                found = None
                if entry:
                    found = next((c for c in entry.get("certificates", []) if c["thumbprint"] == sha1), None)
                if found is None:
                    why = (entry or {}).get("error", {}).get("kind", "not listed") if entry else "skipped"
                    disagreements.append({"file": rel, "sha1": sha1, "field": "read", "certkit": why, "cryptography": "certificate"})
                    continue
                exp, act = expected(cert), actual(found)
                ok = True
                for field, value in exp.items():
                    mine = act[field]
                    if field == "key" and value[1] is None:
                        mine = [mine[0], None, mine[2]]
                    if mine != value:
                        ok = False
                        disagreements.append({"file": rel, "sha1": sha1, "field": field, "certkit": mine, "cryptography": value})
                agree += ok
    print(json.dumps({"compared": compared, "agree": agree, "disagreements": disagreements}, indent=1))


if __name__ == "__main__":
    main()
