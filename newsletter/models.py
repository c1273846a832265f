"""The newsletter: topics, subscribers (double opt-in), issues and one delivery per recipient.

An issue is composed in the Wagtail admin from a free intro and chosen news, events and
lessons (``newsletter.blocks``). Sending creates one ``Delivery`` per confirmed subscriber of
the issue's topics; batch tasks turn pending deliveries into outbox e-mails
(``newsletter.services.sending``), so a worker killed halfway leaves pending rows to resume.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField, StreamField

from newsletter.blocks import IssueItemsBlock


class Topic(models.Model):
    """What a subscriber wants to hear about (Kurser og uddannelse, Byggeri og renovering …)."""

    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(_("kort navn"), max_length=100, unique=True)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("emne")
        verbose_name_plural = _("emner")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Afventer bekræftelse")
    CONFIRMED = "confirmed", _("Tilmeldt")
    UNSUBSCRIBED = "unsubscribed", _("Afmeldt")


class Subscriber(models.Model):
    """One e-mail address on the list; no account needed."""

    # Stored lower-cased (newsletter.services.subscriptions), so the address is unique as typed.
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    name = models.CharField(_("navn"), max_length=150, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("emner"), blank=True, related_name="subscribers"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afmeldt"), null=True, blank=True)
    # The consent sentence exactly as the person saw it when signing up (proof of consent).
    consent_text = models.TextField(_("samtykketekst"), blank=True)

    class Meta:
        verbose_name = _("abonnent")
        verbose_name_plural = _("abonnenter")
        ordering = ["email"]
        indexes = [models.Index(fields=["status"], name="newsletter_subscriber_status")]

    def __str__(self) -> str:
        return self.email


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")


class Issue(models.Model):
    """One issue of the newsletter: intro and chosen items, sent once to the chosen topics."""

    subject = models.CharField(_("emne"), max_length=200)
    intro = RichTextField(_("indledning"), features=["bold", "italic", "link", "ol", "ul"])
    items = StreamField(IssueItemsBlock(), verbose_name=_("indhold"), blank=True)
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("emner"),
        blank=True,
        related_name="issues",
        help_text=_("Sendes til abonnenter af disse emner. Vælg ingen for at sende til alle."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("modtagere"), default=0)

    class Meta:
        verbose_name = _("udgave af nyhedsbrevet")
        verbose_name_plural = _("udgaver af nyhedsbrevet")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-sent_at"], name="newsletter_issue_archive")]

    def __str__(self) -> str:
        return self.subject


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Venter")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Fejlet")
    # The subscriber unsubscribed while the issue was being sent.
    CANCELLED = "cancelled", _("Annulleret (afmeldt)")


class Delivery(models.Model):
    """One recipient of one issue: pending until its e-mail is in the outbox."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("udgave"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonnent"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    state = models.CharField(
        _("status"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    error = models.TextField(_("fejl"), blank=True)

    class Meta:
        verbose_name = _("forsendelse")
        verbose_name_plural = _("forsendelser")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_once")
        ]
        indexes = [models.Index(fields=["issue", "state"], name="newsletter_delivery_state")]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id}"
