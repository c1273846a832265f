"""Log lines an operator can search: JSON in production, readable text in development.

``settings.LOGGING`` (lms/settings/base.py) sends every record through one console handler with
:class:`RequestIdFilter` (the current request or task id on every record) and one of two
formatters, chosen by ``LOG_FORMAT``: :class:`JsonFormatter` (one JSON object per line, the
production default) or :class:`TextFormatter`. Both mask e-mail addresses and CPR-like numbers
(``core.ops.scrub``) in the finished line: personal data that slipped into a message or an
exception's text does not reach the log files.

The request line (logger ``lms.request``) is written by ``core.ops.request_id``, the task line
(``lms.task``) by ``core.ops.task_logs``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

from core.ops.request_id import get_request_id
from core.ops.scrub import redact_text

TEXT_FORMAT = "%(levelname)s %(name)s [%(request_id)s] %(message)s"
# Record attributes never written: Django's ``request`` (its repr has the query string) and
# ``server_time``, and Celery's ``data`` (a task's arguments and return value; our own task line
# says what an operator needs).
_NEVER_LOGGED = ("request", "server_time", "data")


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record: the request's or task's id, ``-`` outside both."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = get_request_id() or "-"
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, then the extras.

    Extras are the record's own fields: ``request_id`` always, the request line's method, path,
    view, status, duration_ms and user_id, the task line's task, task_id, state, retries and
    duration_ms; a traceback comes as ``exc_info``, one string in the same line.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *_NEVER_LOGGED])
        kwargs.setdefault("json_ensure_ascii", False)  # æ, ø, å as themselves
        super().__init__(["levelname", "name", "message"], *args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        # The time first, so that a line read by eye starts like any other log line.
        created = datetime.fromtimestamp(record.created, tz=UTC)
        log_data["time"] = created.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        super().add_fields(log_data, record, message_dict)

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record))


class TextFormatter(logging.Formatter):
    """The readable format of development and the tests, with the same masking as JSON."""

    def __init__(self, fmt: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(fmt or TEXT_FORMAT, *args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):  # a handler without RequestIdFilter
            record.request_id = get_request_id() or "-"
        return redact_text(super().format(record))
