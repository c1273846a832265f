"""Fillable tools (værktøjer) and the sheets they are filled in on.

A ``Tool`` is the network's form (typed blocks, edited with drafts, revisions and publishing in
the Wagtail admin). A ``Sheet`` is one filling of it: it keeps the schema it started from and
its answers; every save is a ``SheetVersion`` (who, when, the answers as they then were), so the
history shows who changed what and earlier versions stay readable.

A sheet belongs to a holder in a higher app, which decides who may read and write it: a process
(shared by the process's people, ``processes.ProcessSheet``) or a learner in a course module
(personal, ``courses.ModuleSheet``). This app knows neither.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from tools.blocks import ToolFieldsBlock


class ToolKind(models.TextChoices):
    """The four kinds of tool AlmenVejledning A5 names, and the drejebøgernes bilag."""

    ORGANISATIONAL = "organisational", _("Organisationsværktøj")
    STEERING = "steering", _("Styringsværktøj")
    DOCUMENTATION = "documentation", _("Dokumentationsværktøj")
    EVALUATION = "evaluation", _("Evalueringsværktøj")
    PROCESS = "process", _("Procesværktøj")


class ToolQuerySet(models.QuerySet["Tool"]):
    def live(self) -> ToolQuerySet:
        return self.filter(live=True)


class Tool(
    PreviewableMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=ToolKind.choices)
    source = models.CharField(
        _("kilde"),
        max_length=200,
        blank=True,
        help_text=_("Fx »AlmenVejledning A5« eller »Drejebog for samdrift, bilag 2«."),
    )
    introduction = models.TextField(_("introduktion"), blank=True)
    fields = StreamField(ToolFieldsBlock(), verbose_name=_("felter"), use_json_field=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = ToolQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("introduction"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("værktøj")
        verbose_name_plural = _("værktøjer")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ToolKind.values), name="tools_tool_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_preview_template(self, request: Any, mode_name: str) -> str:
        """The admin's preview shows the tool as a learner or a process meets it."""
        return "tools/preview.html"

    def schema(self) -> list[dict[str, Any]]:
        """The fields as a plain, JSON-safe schema (see ``tools.schema``)."""
        from tools.schema import schema_from_stream

        return schema_from_stream(self.fields)


class Sheet(models.Model):
    """One filling of a tool (or of a module's checklist or reflection questions)."""

    tool = models.ForeignKey(
        Tool,
        verbose_name=_("værktøj"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sheets",
        help_text=_("Tom for en moduls tjekliste eller refleksionsspørgsmål."),
    )
    title = models.CharField(_("titel"), max_length=200)
    schema = models.JSONField(_("felter, som de var ved start"), default=list)
    data = models.JSONField(_("svar"), default=dict, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Antal gemte versioner; 0 er tom.")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ejer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Den person, et personligt udfyldt værktøj tilhører (fx en deltagers svar i et "
            "modul); tom for et fælles værktøj som et forløbs."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("senest ændret af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("udfyldt værktøj")
        verbose_name_plural = _("udfyldte værktøjer")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class SheetVersion(models.Model):
    """The answers of a sheet as one save left them."""

    sheet = models.ForeignKey(
        Sheet, verbose_name=_("udfyldt værktøj"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("svar"), default=dict)
    changed = models.JSONField(
        _("ændrede felter"), default=list, help_text=_("Id'erne på de felter, gemningen ændrede.")
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemt af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("gemt"), auto_now_add=True)

    class Meta:
        verbose_name = _("version af udfyldt værktøj")
        verbose_name_plural = _("versioner af udfyldte værktøjer")
        ordering = ["sheet_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], name="tools_sheetversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} v{self.number}"
