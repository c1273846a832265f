"""An e-mail backend that hands every message to Celery.

``send_messages`` stores each message and enqueues its delivery when the surrounding transaction
commits; the task delivers it through ``settings.EMAIL_DELIVERY_BACKEND``.
"""

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from core.mail.services import email_enqueue


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            email_enqueue(message=message)
        return len(email_messages)
