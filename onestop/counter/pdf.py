"""Send rendered documents: PDFs to show and print, spreadsheets to download."""

from __future__ import annotations

import io

from flask import Response, send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_response(data: bytes, filename: str) -> Response:
    """Show a PDF in the browser (to print), named for saving."""
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=filename)


def download_response(data: bytes, filename: str, mimetype: str) -> Response:
    """Offer bytes as a file to save."""
    return send_file(
        io.BytesIO(data), mimetype=mimetype, download_name=filename, as_attachment=True
    )
