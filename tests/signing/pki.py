"""A test PKI built with `cryptography`: a root, units' signing certificates, a TSA. No network."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from onestop.signing.keys import Credentials

PASSWORD = "mật-khẩu-đúng"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Onestop test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=not sign and not ca,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    def credentials(self, *chain: Issued) -> Credentials:
        return Credentials(self.key, self.certificate, tuple(c.certificate for c in chain))

    def pkcs12(self, password: str = PASSWORD, *chain: Issued) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"unit",
            self.key,
            self.certificate,
            [c.certificate for c in chain] or None,
            serialization.BestAvailableEncryption(password.encode()),
        )

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


# 2048-bit keys are slow to make; tests reuse a few (a certificate is what varies).
_KEYS = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)]


def issue(
    common_name: str,
    issuer: Issued | None = None,
    *,
    ca: bool = False,
    sign: bool = True,
    timestamping: bool = False,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    key_index: int = 0,
) -> Issued:
    """A certificate for `common_name` signed by `issuer` (self-signed without one)."""
    now = datetime.now(UTC)
    key = _KEYS[key_index]
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.certificate.subject if issuer else _name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - timedelta(days=30))
        .not_valid_after(valid_until or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(sign=sign and not ca, ca=ca), critical=True)
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    signer = issuer.key if issuer else key
    return Issued(key, builder.sign(signer, hashes.SHA256()))


@dataclass(frozen=True)
class Pki:
    root: Issued
    unit: Issued  # UBND phường Hạc Thành's signing certificate
    department: Issued  # a department head's USB token, same root
    stranger_root: Issued
    stranger: Issued  # signs fine, but under a root nobody trusts
    tsa: Issued


def build() -> Pki:
    root = issue("Onestop Test Root CA", ca=True, key_index=1)
    stranger_root = issue("Unknown CA", ca=True, key_index=2)
    return Pki(
        root=root,
        unit=issue("UBND phường Hạc Thành", root),
        department=issue("Lê Thị Lãnh Đạo", root),
        stranger_root=stranger_root,
        stranger=issue("Nguyễn Văn Lạ", stranger_root),
        tsa=issue("Onestop Test TSA", root, timestamping=True),
    )


def timestamper(pki: Pki, at: datetime | None = None) -> DummyTimeStamper:
    """pyHanko's in-process test TSA, certified by the test root."""
    key = pki.tsa.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa.der()),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key),
        certs_to_embed=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(pki.root.der())]
        ),
        fixed_dt=at,
    )


@contextmanager
def tsa_server(
    pki: Pki, *, delay: float = 0.0, arrived: threading.Event | None = None
) -> Iterator[str]:
    """Serve RFC 3161 over HTTP on localhost (what SIGNING_TSA_URL points at); yield its URL.

    A slow server sets `arrived` when a request comes in, then sleeps `delay` seconds.
    """
    stamper = timestamper(pki)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            if arrived is not None:
                arrived.set()
            time.sleep(delay)
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def simple_pdf(text: str = "Quyết định cấp giấy phép") -> bytes:
    """A one-page PDF, like a result a department writes (not one of our forms)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.drawString(72, 720, text.encode("ascii", "replace").decode())
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
