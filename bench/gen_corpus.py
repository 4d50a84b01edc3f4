#!/usr/bin/env python3
"""Generate the inspect benchmark corpus: N PEM certificates, one per file, in subfolders.

Realistic variety, made quickly: two roots (RSA 2048 and EC P-256), four intermediates under
them, and leaves issued by the intermediates with a handful of pre-made keys (so the run is
dominated by signing, not key generation). Leaves carry SANs (DNS, IP, e-mail, URI), key usage,
extended key usage (server, client, both, none, code signing), basic constraints, subject and
authority key ids, and validities spread from long expired to years ahead.

Usage: gen_corpus.py OUTDIR [COUNT]   (COUNT defaults to 10000; OUTDIR must not exist)
"""

import datetime
import ipaddress
import os
import random
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

FILES_PER_DIR = 500


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def name(cn, ou=None):
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Benchmark GmbH"),
    ]
    if ou:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def ca_cert(subject, key, issuer_name, issuer_key, path_len, now, years):
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=365))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_len), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    return builder.sign(issuer_key, hashes.SHA256())


EKU_CHOICES = [
    [ExtendedKeyUsageOID.SERVER_AUTH],
    [ExtendedKeyUsageOID.CLIENT_AUTH],
    [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH],
    [ExtendedKeyUsageOID.CODE_SIGNING],
    None,
]


def leaf_cert(i, rng, key, issuer, issuer_key, now):
    host = f"svc{i:05d}.{rng.choice(['api', 'www', 'mtls', 'internal'])}.example.com"
    subject = name(host, ou=rng.choice([None, "Payments", "Ops", "Integration"]))
    sans = [x509.DNSName(host)]
    if rng.random() < 0.5:
        sans.append(x509.DNSName(f"alt{i}.example.net"))
    if rng.random() < 0.3:
        sans.append(x509.IPAddress(ipaddress.IPv4Address(f"10.{i % 250}.{i // 250 % 250}.{i % 7 + 1}")))
    if rng.random() < 0.1:
        # (an IPv6 group holds 16 bits: corpora beyond 65,536 use two)
        sans.append(x509.IPAddress(ipaddress.IPv6Address(f"2001:db8::{i >> 16:x}:{i & 0xFFFF:x}" if i >> 16 else f"2001:db8::{i:x}")))
    if rng.random() < 0.2:
        sans.append(x509.RFC822Name(f"owner{i}@example.com"))
    if rng.random() < 0.1:
        sans.append(x509.UniformResourceIdentifier(f"spiffe://example.com/svc/{i}"))
    is_rsa = isinstance(key, rsa.RSAPrivateKey)
    start = now - datetime.timedelta(days=rng.randint(0, 1200))
    lifetime = datetime.timedelta(days=rng.choice([30, 90, 365, 398, 825, 1095]))
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + lifetime)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=is_rsa,
                data_encipherment=False,
                key_agreement=not is_rsa and rng.random() < 0.5,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    eku = rng.choice(EKU_CHOICES)
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    algorithm = hashes.SHA384() if rng.random() < 0.2 else hashes.SHA256()
    return builder.sign(issuer_key, algorithm)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 10000
    os.makedirs(out)
    rng = random.Random(20270601)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)

    root_keys = [rsa_key(), ec_key()]
    roots = []
    for n, key in enumerate(root_keys):
        subject = name(f"Benchmark Root CA {n + 1}")
        roots.append(ca_cert(subject, key, subject, key, None, now, 20))
    inter_keys = [rsa_key(), ec_key(), ec_key(), rsa_key()]
    inters = []
    for n, key in enumerate(inter_keys):
        parent = n % 2
        inters.append(
            ca_cert(name(f"Benchmark Issuing CA {n + 1}", ou="PKI"), key, roots[parent].subject,
                    root_keys[parent], 0, now, 10)
        )
    leaf_keys = [rsa_key() for _ in range(4)] + [ec_key() for _ in range(4)]

    certs = roots + inters
    for i in range(count - len(certs)):
        k = rng.randrange(len(inters))
        certs.append(leaf_cert(i, rng, rng.choice(leaf_keys), inters[k], inter_keys[k], now))

    for i, cert in enumerate(certs):
        folder = os.path.join(out, f"{i // FILES_PER_DIR:03d}")
        if i % FILES_PER_DIR == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"cert{i:05d}.pem"), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
    print(f"{len(certs)} certificates in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
