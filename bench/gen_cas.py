#!/usr/bin/env python3
"""Makes the benchmark's certificates (see verify-chain.sh): a root -> issuing CA -> client
leaf chain, and N unrelated self-signed CA certificates, all as PEM files in OUT/."""
import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

out, count = sys.argv[1], int(sys.argv[2])
now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, issuer, key, issuer_key, ca, eku=None):
    b = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
    )
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    return b.sign(issuer_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


root_key = ec.generate_private_key(ec.SECP256R1())
int_key = ec.generate_private_key(ec.SECP256R1())
leaf_key = ec.generate_private_key(ec.SECP256R1())
open(f"{out}/root.pem", "wb").write(cert("Bench Root CA", "Bench Root CA", root_key, root_key, True))
open(f"{out}/int.pem", "wb").write(cert("Bench Issuing CA", "Bench Root CA", int_key, root_key, True))
open(f"{out}/leaf.pem", "wb").write(
    cert("client.bench", "Bench Issuing CA", leaf_key, int_key, False, [ExtendedKeyUsageOID.CLIENT_AUTH])
)
# Unrelated CAs share one key: key generation is not what is measured.
other = ec.generate_private_key(ec.SECP256R1())
with open(f"{out}/others.pem", "wb") as all_:
    for i in range(count):
        cn = f"Bench Unrelated CA {i:05d}"
        all_.write(cert(cn, cn, other, other, True))
