"""The blocks a process template (drejebog) is edited with: roles, phases, milestones, advice.

A template's phases and milestones are a StreamField, so one Wagtail revision holds the whole
drejebog and a draft can be worked on while the published version is in use. Starting a process
copies the published version into the process's own rows (``processes.services``), so a running
process keeps the version it started from.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class RoleBlock(blocks.StructBlock):
    """A role the drejebog gives tasks to: projektleder, driftschef, beboervalgte …"""

    key = blocks.RegexBlock(
        regex=r"^[a-z0-9_-]+$",
        error_messages={"invalid": _("Brug små bogstaver, cifre, - og _.")},
        label=_("Nøgle"),
        max_length=40,
        help_text=_("Kort, fast navn som opgaverne peger på, fx »projektleder«."),
    )
    name = blocks.CharBlock(label=_("Rolle"), max_length=100)
    description = blocks.TextBlock(label=_("Beskrivelse"), required=False)

    class Meta:
        icon = "user"
        label = _("Rolle")


class TaskBlock(blocks.StructBlock):
    """Who does what at a milestone."""

    role = blocks.CharBlock(label=_("Rolle (nøgle)"), max_length=40)
    task = blocks.TextBlock(label=_("Opgave"))

    class Meta:
        icon = "tasks"
        label = _("Hvem gør hvad")


class MilestoneBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Milepæl"), max_length=200)
    purpose = blocks.TextBlock(label=_("Formål"))
    done_when = blocks.TextBlock(label=_("Det skal være på plads, når milepælen er nået"))
    tasks = blocks.ListBlock(TaskBlock(), label=_("Hvem gør hvad"))
    advice = blocks.TextBlock(label=_("Gode råd"), required=False)
    guides = blocks.ListBlock(
        SnippetChooserBlock("competencies.Guide"), label=_("AlmenVejledninger"), default=[]
    )
    competences = blocks.ListBlock(
        blocks.CharBlock(max_length=60, label=_("Kompetence (kode)")),
        label=_("Kompetencer"),
        default=[],
        help_text=_("Koderne fra kompetencerammen, fx »samdrift-organisering«."),
    )
    tools = blocks.ListBlock(SnippetChooserBlock("tools.Tool"), label=_("Værktøjer"), default=[])
    weeks_after_start = blocks.IntegerBlock(
        label=_("Forslag til frist (uger efter start)"), required=False, min_value=0
    )

    class Meta:
        icon = "flag"
        label = _("Milepæl")


class PhaseBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Fase"), max_length=200)
    description = blocks.TextBlock(label=_("Beskrivelse"), required=False)
    milestones = blocks.ListBlock(MilestoneBlock(), label=_("Milepæle"))

    class Meta:
        icon = "list-ol"
        label = _("Fase")


class AdviceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Råd"), max_length=200)
    text = blocks.TextBlock(label=_("Uddybning"), required=False)

    class Meta:
        icon = "help"
        label = _("Godt råd")
