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
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    # Written (and committed) when a delivery starts, so that an attempt whose worker died still
    # counts, and the sweep (``email_sweep``) waits a back-off before trying again.
    last_attempt_at = models.DateTimeField(_("seneste forsøg"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("næste forsøg"), null=True, blank=True)
    # Set when the sweep has given up (MAIL_MAX_ATTEMPTS); an operator's "Send igen" clears it.
    failed_at = models.DateTimeField(_("opgivet"), null=True, blank=True)

    class Meta:
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udgående e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at"], name="mail_outbound_sent_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def status(self) -> str:
        """``sent``, ``failed`` (given up, waiting for an operator) or ``pending``."""
        if self.sent_at is not None:
            return "sent"
        if self.failed_at is not None:
            return "failed"
        return "pending"


class PendingTask(models.Model):
    """A Celery task whose enqueue the broker refused (Redis down), kept until it can be sent.

    ``core.tasks.enqueue`` writes it after the data it refers to is committed, so the request
    that caused it still succeeds; ``core.tasks.pending_tasks_flush`` (Celery beat every minute,
    the next successful enqueue, ``manage.py tasks_requeue``) sends it again and deletes it.
    Tasks take ids and are idempotent, so a row sent twice does no harm.
    """

    task_name = models.CharField(_("opgave"), max_length=200)
    args = models.JSONField(_("argumenter"), default=list, blank=True)
    kwargs = models.JSONField(_("navngivne argumenter"), default=dict, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("forsøg"), default=0)
    last_attempt_at = models.DateTimeField(_("seneste forsøg"), null=True, blank=True)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    # The id of the request that enqueued the task (core.ops.request_id), published with it
    # again so that its log lines still lead back to that request. A database default too:
    # the release before this field inserts rows without it.
    request_id = models.CharField(
        _("forespørgsels-id"), max_length=64, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("ventende opgave")
        verbose_name_plural = _("ventende opgaver")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.task_name
