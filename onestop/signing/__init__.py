"""Digital signatures: units' certificates, PAdES signing of issued PDFs, checking signed PDFs.

keys.py, pdf.py and verify.py are pure (no database); certificates.py and issue.py keep the rows.
"""
