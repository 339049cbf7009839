"""Benchmark: what a digital signature adds to printing a receipt, against rendering it alone.

Run: python bench/bench_signing.py [--rounds 5] [--seconds 2]
Rendering, rendering + signing (PAdES, visible box, RSA 2048, no timestamp server) and checking
a signed receipt are measured in the same run, in alternating rounds; the medians are compared.
The key is made on the spot with `cryptography`; nothing goes over the network.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Run from a checkout without installing it: prefer this tree's onestop over any installed one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from bench.bench_receipts import rate, sample_receipt
from onestop.documents.receipt import receipt_form
from onestop.signing.keys import Credentials
from onestop.signing.pdf import sign_pdf
from onestop.signing.verify import verify_pdf


def credentials() -> Credentials:
    """A self-signed signing certificate, valid for a day."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "UBND xã Đông Sơn")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Credentials(key, certificate)


def main() -> None:
    """Measure the three steps in alternating rounds and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one round")
    args = parser.parse_args()

    data, keys = sample_receipt(), credentials()
    now = datetime.now(UTC)

    def signed() -> bytes:
        form = receipt_form(data)
        return sign_pdf(
            form.pdf, keys, signer_name="UBND xã Đông Sơn", when=now, box=form.signature_box
        ).pdf

    sample = signed()  # warm up: fonts, the box's font subset, imports
    candidates: dict[str, Callable[[], object]] = {
        "render": lambda: receipt_form(data).pdf,
        "render+sign": signed,
        "verify": lambda: verify_pdf(sample, [keys.certificate], now),
    }
    assert verify_pdf(sample, [keys.certificate], now).valid

    rates: dict[str, list[float]] = {name: [] for name in candidates}
    started = time.perf_counter()
    for _ in range(args.rounds):
        for name, step in candidates.items():
            rates[name].append(rate(step, args.seconds))
    total = time.perf_counter() - started

    median = {name: statistics.median(values) for name, values in rates.items()}
    print(
        f"Python {platform.python_version()}, pyHanko {importlib.metadata.version('pyHanko')}, "
        f"{args.rounds} rounds of {args.seconds:g} s each, median per step\n"
    )
    print(
        "| Step (receipt, form 01) | Per second (median) | ms each | Cost relative to rendering |"
    )
    print("|---|---:|---:|---:|")
    labels = {
        "render": "Render (unsigned, as before)",
        "render+sign": "Render and sign (PAdES, visible box, RSA 2048)",
        "verify": "Verify a signed receipt (pyHanko validator)",
    }
    for name, label in labels.items():
        value = median[name]
        print(f"| {label} | {value:,.1f} | {1000 / value:.1f} | {median['render'] / value:.1f}× |")
    print(
        f"\nRatio: a signed receipt costs {median['render'] / median['render+sign']:.1f}× an "
        f"unsigned one; it is signed once and the same bytes are handed out on every reprint. "
        f"Measured for {total:.0f} s."
    )


if __name__ == "__main__":
    main()
