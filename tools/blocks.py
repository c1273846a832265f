"""The typed blocks a tool is made of, as the network edits them in the Wagtail admin.

Each block is one question of the tool. ``tools.schema`` turns the edited StreamField into a
plain schema (a list of dicts, JSON-safe) that a filled sheet keeps as it was when the sheet
was started, so a later edit of the tool never changes the meaning of answers already given.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class _QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Spørgsmål eller overskrift"), max_length=300)
    help_text = blocks.TextBlock(label=_("Vejledning"), required=False)
    required = blocks.BooleanBlock(label=_("Skal udfyldes"), required=False)


class TextQuestionBlock(_QuestionBlock):
    multiline = blocks.BooleanBlock(label=_("Flere linjer"), required=False, default=True)

    class Meta:
        icon = "pilcrow"
        label = _("Tekst")


class ChoiceQuestionBlock(_QuestionBlock):
    options = blocks.ListBlock(
        blocks.CharBlock(label=_("Svarmulighed"), max_length=200), label=_("Svarmuligheder")
    )
    multiple = blocks.BooleanBlock(label=_("Flere svar tilladt"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Valg")


class ScaleQuestionBlock(_QuestionBlock):
    minimum = blocks.IntegerBlock(label=_("Laveste værdi"), default=1)
    maximum = blocks.IntegerBlock(label=_("Højeste værdi"), default=5)
    low_label = blocks.CharBlock(label=_("Tekst ved laveste"), max_length=100, required=False)
    high_label = blocks.CharBlock(label=_("Tekst ved højeste"), max_length=100, required=False)

    class Meta:
        icon = "order"
        label = _("Skala")


class ChecklistQuestionBlock(_QuestionBlock):
    items = blocks.ListBlock(blocks.CharBlock(label=_("Punkt"), max_length=300), label=_("Punkter"))

    class Meta:
        icon = "tasks"
        label = _("Tjekliste")


class TableQuestionBlock(_QuestionBlock):
    columns = blocks.ListBlock(
        blocks.CharBlock(label=_("Kolonne"), max_length=100), label=_("Kolonner")
    )
    rows = blocks.IntegerBlock(label=_("Antal tomme rækker"), default=5, min_value=1, max_value=50)

    class Meta:
        icon = "table"
        label = _("Tabel")


class MatrixQuestionBlock(_QuestionBlock):
    row_labels = blocks.ListBlock(
        blocks.CharBlock(label=_("Række"), max_length=100), label=_("Rækker")
    )
    column_labels = blocks.ListBlock(
        blocks.CharBlock(label=_("Kolonne"), max_length=100), label=_("Kolonner")
    )

    class Meta:
        icon = "grip"
        label = _("Matrix")


class ToolFieldsBlock(blocks.StreamBlock):
    text = TextQuestionBlock()
    choice = ChoiceQuestionBlock()
    scale = ScaleQuestionBlock()
    checklist = ChecklistQuestionBlock()
    table = TableQuestionBlock()
    matrix = MatrixQuestionBlock()
