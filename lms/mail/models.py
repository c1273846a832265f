from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One e-mail on its way out.

    Stored before it is sent so that the Celery task can take an id, lock the row and send at
    most once, however often it is retried.
    """

    subject = models.CharField(_("emne"), max_length=998)
    from_email = models.CharField(_("afsender"), max_length=320)
    to = models.JSONField(_("modtagere"), default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("tekst"))
    # [[content, mimetype], ...] — usually one text/html part.
    alternatives = models.JSONField(default=list, blank=True)
    # [[filename, base64 content, mimetype], ...] — for example a calendar invitation.
    attachments = models.JSONField(default=list, blank=True)
    # Set by senders that may run twice (a retried task): the same key is stored only once.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udgående e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at"], name="mail_outbound_sent_idx")]

    def __str__(self) -> str:
        return self.subject
