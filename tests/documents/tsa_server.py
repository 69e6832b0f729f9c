"""A real RFC 3161 time-stamping authority on 127.0.0.1 for the tests: an HTTP server (a
thread) that reads each ``application/timestamp-query`` body as a TimeStampReq and answers a
TimeStampResp whose token is signed with a test TSA key (pyHanko's token builder,
``DummyTimeStamper``, which signs with the key it is given). Its certificate is issued by a
test root and names a CRL distribution point that the same server serves, so the revocation
data a B-LT signature embeds is real too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

CRL_PATH = "/root.crl"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "测试时间戳服务"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@dataclass
class LocalTsa:
    """The running authority: its URL, its root (to trust) and what it was asked."""

    url: str
    root: asn1_x509.Certificate
    tsa_cert: asn1_x509.Certificate
    requests: list[tsp.TimeStampReq] = field(default_factory=list)
    crl_fetches: int = 0


def _certificates(crl_url: str) -> tuple[x509.Certificate, x509.Certificate, rsa.RSAPrivateKey, bytes]:
    """(root, TSA certificate, TSA key, the root's CRL in DER)."""
    now = datetime.now(UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("本地测试时间戳根 Local test TSA root")
    tsa_name = _name("本地测试时间戳 Local test TSA")
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    tsa = (x509.CertificateBuilder().subject_name(tsa_name).issuer_name(root_name)
           .public_key(tsa_key.public_key()).serial_number(x509.random_serial_number())
           .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=180))
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                        key_encipherment=False, data_encipherment=False,
                                        key_agreement=False, key_cert_sign=False, crl_sign=False,
                                        encipher_only=False, decipher_only=False), critical=True)
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                          critical=False)
           .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
               full_name=[x509.UniformResourceIdentifier(crl_url)], relative_name=None, reasons=None,
               crl_issuer=None)]), critical=False)
           .sign(root_key, hashes.SHA256()))
    crl = (x509.CertificateRevocationListBuilder().issuer_name(root_name)
           .last_update(now - timedelta(hours=1)).next_update(now + timedelta(days=7))
           .add_extension(x509.CRLNumber(1), critical=False)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                          critical=False)
           .sign(root_key, hashes.SHA256()))
    return root, tsa, tsa_key, crl.public_bytes(serialization.Encoding.DER)


@contextmanager
def local_tsa() -> Iterator[LocalTsa]:
    """Start the authority on a free port of 127.0.0.1; stop it on leaving."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    root, tsa_cert, tsa_key, crl = _certificates(base + CRL_PATH)
    root_asn1, tsa_asn1 = _asn1(root), _asn1(tsa_cert)
    stamper = DummyTimeStamper(
        tsa_cert=tsa_asn1, certs_to_embed=SimpleCertificateStore.from_certs([root_asn1]),
        tsa_key=asn1_keys.PrivateKeyInfo.load(tsa_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))
    state = LocalTsa(url=base + "/tsa", root=root_asn1, tsa_cert=tsa_asn1)

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path != "/tsa" or self.headers.get("Content-Type") != "application/timestamp-query":
                self._send(400, "text/plain", b"not a timestamp query")
                return
            request = tsp.TimeStampReq.load(body)
            request.native  # noqa: B018 - parse it all: a malformed request fails here
            state.requests.append(request)
            self._send(200, "application/timestamp-reply", stamper.request_tsa_response(request).dump())

        def do_GET(self) -> None:  # noqa: N802
            if self.path != CRL_PATH:
                self._send(404, "text/plain", b"not found")
                return
            state.crl_fetches += 1
            self._send(200, "application/pkix-crl", crl)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
