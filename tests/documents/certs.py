"""A throwaway institution certificate (self-signed RSA) as a PKCS#12 file, for the tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "测试-证书-2026"
USAGE = {"digital_signature": True, "content_commitment": True, "key_encipherment": False,
         "data_encipherment": False, "key_agreement": False, "key_cert_sign": True, "crl_sign": True,
         "encipher_only": False, "decipher_only": False}


def make_pkcs12(folder: Path, common_name: str = "泸州市工伤康复协议医院（测试）",
                ) -> tuple[Path, asn1_x509.Certificate]:
    """Write ``institution.p12`` into ``folder``; return its path and the certificate to trust."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(**USAGE), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / "institution.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"institution", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path, asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
