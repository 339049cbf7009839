"""Printed forms of the one-stop desk as pure renderers: plain dataclasses in, PDF/xlsx bytes out.

data.py holds the inputs; receipt.py (01), supplement.py (02), refusal.py (03), apology.py (04),
control_slip.py (05), register.py and register_xlsx.py (06) each expose one render_* function.
No Flask and no database here, so views and jobs only pass data in and send the bytes on.
"""
