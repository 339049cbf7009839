"""Benchmark: receipts rendered per second against a minimal one-page ReportLab PDF.

Run: python bench/bench_receipts.py [--rounds 7] [--seconds 1.5]
Both are measured in the same run, in alternating rounds, and the medians are compared.
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# Run from a checkout without installing it: prefer this tree's onestop over any installed one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import reportlab
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from onestop.documents.data import Applicant, DocumentLine, ReceiptData, UnitHeader
from onestop.documents.fonts import REGULAR, register_fonts
from onestop.documents.receipt import render_receipt

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LINE = "Đăng ký khai sinh cho Nguyễn Thị Hồng Ngọc"


def sample_receipt() -> ReceiptData:
    """Build a typical birth registration receipt."""
    return ReceiptData(
        case_code="000.17.22.H56-210531-0001",
        lookup_url="https://dichvucong.thanhhoa.gov.vn/tra-cuu-ho-so?ma=000.17.22.H56-210531-0001",
        unit=UnitHeader("UBND xã Đông Sơn", "UBND huyện Đông Sơn", "Đông Sơn"),
        applicant=Applicant(
            "Nguyễn Thị Hồng Ngọc",
            "Thôn Hiệp Khởi, xã Đông Sơn, huyện Đông Sơn, tỉnh Thanh Hóa",
            "0912 345 678",
            "ngoc.nth@example.vn",
            "038190012345",
        ),
        procedure_name="Đăng ký khai sinh",
        documents=(
            DocumentLine("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1),
            DocumentLine("Giấy chứng sinh do cơ sở y tế cấp", originals=1),
            DocumentLine("Căn cước công dân của người đi đăng ký khai sinh", copies=1),
            DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", copies=1),
        ),
        sets=1,
        processing_time_text="trả ngay trong ngày; nhận sau 15 giờ thì trả ngày làm việc tiếp theo",
        received_at=datetime(2021, 5, 31, 9, 15, tzinfo=VN),
        due_at=datetime(2021, 5, 31, 16, 30, tzinfo=VN),
        collect_at="Bộ phận tiếp nhận và trả kết quả UBND xã Đông Sơn",
        register_book="01",
        register_line="125",
        officer_name="Lê Văn Hùng",
        lookup_code="7K3Q",
    )


def minimal_pdf() -> bytes:
    """Render one A5 page with one line of Vietnamese in the same font."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=True)
    canvas.setFont(REGULAR, 11)
    canvas.drawString(40, 540, LINE)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rate(render: Callable[[], bytes], seconds: float) -> float:
    """Render repeatedly for about `seconds` and return documents per second."""
    count, start = 0, time.perf_counter()
    while True:
        render()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def main() -> None:
    """Measure both renderers in alternating rounds and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=1.5, help="length of one round")
    args = parser.parse_args()

    register_fonts()
    data = sample_receipt()
    candidates: dict[str, Callable[[], bytes]] = {
        "minimal": minimal_pdf,
        "receipt": lambda: render_receipt(data),
    }
    for render in candidates.values():  # warm up: font parsing, imports, caches
        render()

    rates: dict[str, list[float]] = {name: [] for name in candidates}
    started = time.perf_counter()
    for _ in range(args.rounds):
        for name, render in candidates.items():
            rates[name].append(rate(render, args.seconds))
    total = time.perf_counter() - started

    minimal = statistics.median(rates["minimal"])
    receipt = statistics.median(rates["receipt"])
    rows = [
        ("Minimal PDF: 1 A5 page, 1 line, Liberation Serif", minimal),
        ("Receipt (form 01): 2 A5 copies, table, Code128, QR", receipt),
    ]
    print(
        f"Python {platform.python_version()}, reportlab {reportlab.Version}, "
        f"{args.rounds} rounds of {args.seconds:g} s each, median per document kind\n"
    )
    print("| Document | Per second (median) | ms each | Cost relative to minimal |")
    print("|---|---:|---:|---:|")
    for label, value in rows:
        print(f"| {label} | {value:,.1f} | {1000 / value:.2f} | {minimal / value:.1f}× |")
    spread = {name: (min(values), max(values)) for name, values in rates.items()}
    print(
        f"\nRatio: one receipt costs as much as {minimal / receipt:.1f} minimal PDFs. "
        f"Spread (min-max per second): minimal {spread['minimal'][0]:,.0f}-"
        f"{spread['minimal'][1]:,.0f}, receipt {spread['receipt'][0]:,.1f}-"
        f"{spread['receipt'][1]:,.1f}. Measured for {total:.0f} s."
    )


if __name__ == "__main__":
    main()
