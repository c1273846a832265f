"""Forms of evidence: prior learning with a document, a manager's assessment, HR's decisions.

The file's type and size are checked by ``prior_learning_submit`` through ``core.uploads`` (by
content, before decoding); the form only asks for a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from competencies.forms.plans import CompetenceChoiceField, date_field, level_field
from competencies.services import EVIDENCE_KINDS
from core import uploads

if TYPE_CHECKING:
    from organisations.models import Organisation

# A hint for the browser's file picker only; the service reads the content.
ACCEPT = ",".join([*(f".{kind.extension}" for kind in EVIDENCE_KINDS), ".jpeg"])


class PriorLearningForm(forms.Form):
    """A person documents earlier learning; HR approves it before it counts."""

    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,  # the person's own organisations
        help_text=_("HR i denne organisation behandler dokumentationen."),
        error_messages={"invalid_choice": _("Vælg en af dine organisationer.")},
    )
    competence = CompetenceChoiceField()
    level = level_field(_("Niveau"))
    achieved_on = date_field(_("Dato"), help_text=_("Hvornår du opnåede kompetencen."))
    expires_on = date_field(
        _("Udløber"), required=False, help_text=_("Kun hvis beviset gælder for en periode.")
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=300,
        help_text=_("Fx uddannelsens, kursets eller opgavens navn."),
    )
    note = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad lærte du, og hvordan bruger du det i dit arbejde?"),
    )
    document = forms.FileField(
        label=_("Dokument"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Vedhæft et dokument, der viser din læring."),
            "empty": _("Filen er tom."),
        },
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per request, so the help text follows the visitor's language.
        self.fields["document"].help_text = _(
            "PDF, Word eller Excel, højst %(document_mb)s MB, "
            "eller et foto (JPEG eller PNG), højst %(image_mb)s MB. Stedoplysninger fjernes."
        ) % {
            "document_mb": uploads.max_bytes(uploads.PDF) // uploads.MB,
            "image_mb": uploads.max_bytes(uploads.JPEG) // uploads.MB,
        }
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if not self.is_bound and len(organisations) == 1:
            self.initial.setdefault("organisation", organisations[0].pk)


class AssessmentForm(forms.Form):
    """A manager or HR assesses a person they look after; it counts at once."""

    competence = CompetenceChoiceField()
    level = level_field(_("Niveau"))
    assessed_on = date_field(_("Vurderet den"))
    expires_on = date_field(
        _("Udløber"),
        required=False,
        help_text=_("Valgfri: fx når en certificering skal fornyes."),
    )
    note = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad har du set personen gøre?"),
    )


class DecisionForm(forms.Form):
    """HR's comment when approving (optional) or rejecting (required) prior learning."""

    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skal udfyldes, når du afviser."),
    )


class WithdrawForm(forms.Form):
    """HR withdraws approved evidence; the reason stays in the history."""

    comment = forms.CharField(
        label=_("Begrundelse"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv hvorfor dokumentationen trækkes tilbage.")},
    )
