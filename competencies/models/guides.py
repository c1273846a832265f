"""The AlmenVejledninger (guides): the national guides that courses and competences build on."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.search import index


class GuideSeries(models.TextChoices):
    A = "A", _("A: Planlægning og program")
    B = "B", _("B: Projektering")
    C = "C", _("C: Udførelse")
    D = "D", _("D: Drift og vedligehold")


class GuideStatus(models.TextChoices):
    CURRENT = "current", _("Gældende")
    SUPERSEDED = "superseded", _("Erstattet")


class GuideQuerySet(models.QuerySet["Guide"]):
    def current(self) -> GuideQuerySet:
        """Guides in force (not superseded)."""
        return self.filter(status=GuideStatus.CURRENT)

    def in_order(self) -> GuideQuerySet:
        """The sector's order: by series, then by number (A1, A2 … A10, then B1), as printed."""
        # "A10" sorts before "A2" as text, so the number after the series letter is compared.
        number = Cast(Substr("code", 2), output_field=models.IntegerField())
        return self.order_by("series", number, "code")


class Guide(index.Indexed, ClusterableModel):
    """An AlmenVejledning: the sector's national guide that courses and competences build on."""

    code: models.CharField[str, str] = models.CharField(
        _("kode"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(
                r"^[ABCD][0-9]{1,2}$",
                _("Koden er et seriebogstav (A–D) efterfulgt af et nummer, fx A3."),
            )
        ],
    )
    title: models.CharField[str, str] = models.CharField(_("titel"), max_length=200)
    series: models.CharField[str, str] = models.CharField(
        _("serie"), max_length=1, choices=GuideSeries.choices
    )
    edition: models.DateField[date | None, date | None] = models.DateField(
        _("udgave"), null=True, blank=True
    )
    summary: models.TextField[str, str] = models.TextField(_("resumé"))
    target_job_functions = ParentalManyToManyField(
        "organisations.JobFunction",
        verbose_name=_("målgruppe (funktioner)"),
        blank=True,
        related_name="guides",
    )
    status: models.CharField[str, str] = models.CharField(
        _("status"), max_length=12, choices=GuideStatus.choices, default=GuideStatus.CURRENT
    )

    objects = GuideQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("series"), FieldPanel("status")]),
        FieldPanel("title"),
        FieldPanel("edition"),
        FieldPanel("summary"),
        FieldPanel("target_job_functions", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "competence_links",
            heading=_("Kompetencer som vejledningen opbygger"),
            label=_("Kompetence"),
        ),
    ]
    search_fields = [
        index.SearchField("code", boost=3),
        index.SearchField("title", boost=2),
        index.SearchField("summary"),
        index.AutocompleteField("title"),
        index.FilterField("series"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("AlmenVejledning")
        verbose_name_plural = _("AlmenVejledninger")
        ordering = ["series", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[ABCD][0-9]{1,2}$"), name="competencies_guide_code_form"
            ),
            models.CheckConstraint(
                condition=Q(series__in=GuideSeries.values), name="competencies_guide_series_valid"
            ),
            models.CheckConstraint(
                condition=Q(code__startswith=F("series")), name="competencies_guide_code_in_series"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.code and self.series and not self.code.startswith(self.series):
            raise ValidationError(
                {
                    "series": _("Serien skal svare til kodens bogstav (%(letter)s).")
                    % {"letter": self.code[:1]}
                }
            )

    def get_absolute_url(self) -> str:
        return reverse("guide_detail", kwargs={"code": self.code})
