"""Arrangementer: an index page per site and one page per event, and the sign-ups (tilmeldinger).

An event's seats are its confirmed registrations: they are counted under a row lock on the event
(``events.services.registrations``), never stored as a number that could drift. ``sequence``
counts the changes of time and place that calendars must see (RFC 5545): ``EventPage.save``
raises it when a publish changes them, whatever revision the editor started from.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.site_url import PublicAddressPageMixin
from core.slugs import DanishSlugMixin
from events.blocks import MaterialsBlock

if TYPE_CHECKING:
    from django.http import HttpRequest

# The fields a calendar shows: a published change of any of them raises ``sequence``.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "address", "online", "online_url")


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    TEMADAG = "temadag", _("Temadag")
    DIALOGMODE = "dialogmode", _("Dialogmøde")
    NETVAERKSMODE = "netvaerksmode", _("Netværksmøde")


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", _("Hovedstaden")
    SJAELLAND = "sjaelland", _("Sjælland")
    SYDDANMARK = "syddanmark", _("Syddanmark")
    MIDTJYLLAND = "midtjylland", _("Midtjylland")
    NORDJYLLAND = "nordjylland", _("Nordjylland")
    ONLINE = "online", _("Online/hele landet")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Afventer bekræftelse")
    CONFIRMED = "confirmed", _("Tilmeldt")
    WAITLISTED = "waitlisted", _("På venteliste")
    CANCELLED = "cancelled", _("Afmeldt")


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class EventIndexPage(DanishSlugMixin, PublicAddressPageMixin, Page):
    """Arrangementer: the coming events with filters, and the past ones."""

    intro: models.TextField[str, str] = models.TextField(_("indledning"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    # Where it may hang is the home page's business (its subpage_types name this page type):
    # events sits below cms and names no page type of cms.
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("arrangementsoversigt")
        verbose_name_plural = _("arrangementsoversigter")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        # Imported here: the selectors import these models.
        from events.pages import index_context

        context.update(index_context(self, request))
        return context


class EventPage(DanishSlugMixin, PublicAddressPageMixin, Page):
    """One arrangement: when, where, for whom, how many seats, and its materials afterwards."""

    kind: models.CharField[str, str] = models.CharField(
        _("type"), max_length=20, choices=EventKind.choices, default=EventKind.TEMADAG
    )
    starts_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(_("starter"))
    ends_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(
        _("slutter"), help_text=_("Et arrangement kan strække sig over flere dage.")
    )
    place: models.CharField[str, str] = models.CharField(
        _("sted"), max_length=200, blank=True, help_text=_("F.eks. Fjordbo, mødesal 2.")
    )
    address: models.CharField[str, str] = models.CharField(_("adresse"), max_length=300, blank=True)
    online: models.BooleanField[bool, bool] = models.BooleanField(_("online"), default=False)
    online_url: models.URLField[str, str] = models.URLField(
        _("link til online-mødet"),
        blank=True,
        help_text=_("Vises kun for tilmeldte og i deres kalenderinvitation."),
    )
    region: models.CharField[str, str] = models.CharField(
        _("region"), max_length=20, choices=Region.choices, default=Region.ONLINE
    )
    audience: models.CharField[str, str] = models.CharField(
        _("målgruppe"), max_length=300, blank=True
    )
    capacity: models.PositiveIntegerField[int | None, int | None] = models.PositiveIntegerField(
        _("antal pladser"), null=True, blank=True, help_text=_("Tom: ingen grænse.")
    )
    registration_deadline: models.DateTimeField[datetime | None, datetime | None] = (
        models.DateTimeField(
            _("tilmeldingsfrist"),
            null=True,
            blank=True,
            help_text=_("Tom: tilmelding er åben til arrangementet begynder."),
        )
    )
    organiser: models.CharField[str, str] = models.CharField(
        _("arrangør"), max_length=200, blank=True
    )
    body = RichTextField(_("beskrivelse"), blank=True)
    materials = StreamField(
        MaterialsBlock(),
        verbose_name=_("materialer"),
        blank=True,
        help_text=_("Vises på siden, når arrangementet er slut."),
    )
    sequence: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        _("kalenderversion"), default=0, editable=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("audience"),
        FieldPanel("organiser"),
        FieldPanel("body"),
    ]
    practical_panels = [
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Tidspunkt")),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("address"),
                FieldPanel("region"),
                FieldPanel("online"),
                FieldPanel("online_url"),
            ],
            heading=_("Sted"),
        ),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_deadline")],
            heading=_("Tilmelding"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Indhold")),
            ObjectList(practical_panels, heading=_("Praktisk")),
            ObjectList([FieldPanel("materials")], heading=_("Materialer")),
            ObjectList(Page.promote_panels, heading=_("Promovering")),
            ObjectList(Page.settings_panels, heading=_("Indstillinger")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("audience"),
        index.SearchField("place"),
        index.SearchField("organiser"),
        index.FilterField("kind"),
        index.FilterField("region"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        from events.pages import event_context

        context.update(event_context(self, request))
        return context

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Arrangementet skal slutte, efter det er begyndt.")
        deadline = self.registration_deadline
        if deadline and self.starts_at and deadline > self.starts_at:
            errors["registration_deadline"] = _(
                "Tilmeldingsfristen kan ikke ligge efter arrangementets start."
            )
        if not self.online and not self.place.strip():
            errors["place"] = _("Skriv hvor arrangementet holdes, eller markér det som online.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) & set(CALENDAR_FIELDS)):
            self._keep_sequence()
        super().save(*args, **kwargs)

    def _keep_sequence(self) -> None:
        """Raise ``sequence`` when a calendar field changes; never let an old revision lower it."""
        stored = EventPage.objects.filter(pk=self.pk).values(*CALENDAR_FIELDS, "sequence").first()
        if stored is None:
            return
        changed = any(stored[name] != getattr(self, name) for name in CALENDAR_FIELDS)
        self.sequence = max(self.sequence, stored["sequence"]) + (1 if changed else 0)

    # --- What the pages show ------------------------------------------------------------------

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def closes_at(self) -> datetime:
        """When sign-up closes: the deadline, or the start."""
        return self.registration_deadline or self.starts_at

    def spans_days(self) -> bool:
        start = timezone.localtime(self.starts_at).date()
        return start != timezone.localtime(self.ends_at).date()

    def location_text(self) -> str:
        """Where, for lists and calendars: the place and address, or "Online"."""
        parts = [part for part in (self.place, self.address) if part.strip()]
        if self.online:
            parts.append(str(_("Online")))
        return ", ".join(parts)


class EventRegistration(models.Model):
    """One person's sign-up (tilmelding) for one event; the e-mail identifies a guest."""

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("arrangement"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    email: models.EmailField[str, str] = models.EmailField(_("e-mail"))
    name: models.CharField[str, str] = models.CharField(_("navn"), max_length=200)
    organisation_name: models.CharField[str, str] = models.CharField(
        _("organisation"), max_length=200, blank=True
    )
    status: models.CharField[str, str] = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    token: models.CharField[str, str] = models.CharField(
        _("nøgle"), max_length=64, unique=True, default=secrets.token_urlsafe, editable=False
    )
    created_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(
        _("oprettet"), default=timezone.now, db_index=True
    )
    confirmed_at: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        _("bekræftet"), null=True, blank=True
    )
    cancelled_at: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        _("afmeldt"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="events_one_active_registration_per_email",
                violation_error_message=_("Denne e-mail er allerede tilmeldt arrangementet."),
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.event_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # One spelling per address, so the constraint sees Foo@X and foo@x as the same person.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
