#!/usr/bin/python3
"""Writes the throwaway TLS certificate the canned ACS service serves to az.

az's ACS identity SDK (Python, 1.3.2) drops the scheme of the connection string's endpoint and
always talks https, so the canned service needs TLS and az needs to trust it (REQUESTS_CA_BUNDLE).
The certificate is self-signed, a CA of its own, for 127.0.0.1 and localhost, valid 2000-2100 so a
machine with any plausible clock accepts it. Its key is public on purpose: it guards nothing.

Usage: /usr/bin/python3 scripts/az-oracle/make-test-cert.py   (from the repository root)
"""
import datetime
import ipaddress
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OUT = pathlib.Path('test/fixtures/az-cli/tls')
NAME = 'canned-acs-127.0.0.1'


def main():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'canned ACS service (throwaway test certificate)')])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2000, 1, 1))
        .not_valid_after(datetime.datetime(2100, 1, 1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address('127.0.0.1')), x509.DNSName('localhost')]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_encipherment=True, key_cert_sign=True, content_commitment=False,
            data_encipherment=False, key_agreement=False, crl_sign=False, encipher_only=False,
            decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f'{NAME}.key').write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    (OUT / f'{NAME}.crt').write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    print(f'wrote {OUT}/{NAME}.crt and .key')


if __name__ == '__main__':
    main()
