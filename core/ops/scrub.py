"""Masking personal data in free text: log lines and error reports.

Messages and exception texts are written by code and libraries that never meant to carry
personal data, yet a database error quotes the duplicate e-mail address and a form error the
value it refused. Both the log formatters (``core.ops.logs``) and the error reports
(``core.ops.sentry``) pass their text through :func:`redact_text` as a last line of defence.
"""

from __future__ import annotations

import re

EMAIL_MASK = "[e-mail]"
CPR_MASK = "[cpr]"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A Danish CPR number: a valid day and month, two digits of year, then four digits, with or
# without the hyphen. A plain ten-digit number that is no date (an epoch time) is left alone.
_CPR = re.compile(r"(?<![\d-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{4}(?![\d-])")


def redact_text(text: str) -> str:
    """``text`` with e-mail addresses and CPR-like numbers masked."""
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    return _CPR.sub(CPR_MASK, text)
