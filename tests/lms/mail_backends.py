"""E-mail backends for tests whose worker runs in another process.

``CountingBackend`` appends one line per delivered message to the file named by
``TEST_MAIL_LOG``, after sleeping ``TEST_MAIL_DELAY`` seconds: a slow mail server whose
acceptance comes at the end, so a worker killed while it waits has delivered nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class CountingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(float(os.environ.get("TEST_MAIL_DELAY", "0")))
        with open(os.environ["TEST_MAIL_LOG"], "a", encoding="utf-8") as log:
            for message in email_messages:
                log.write(f"{message.extra_headers.get('Message-ID')} {','.join(message.to)}\n")
            log.flush()
            os.fsync(log.fileno())
        return len(email_messages)
