"""StreamField blocks for course and module content.

The heading, image and document blocks are the kernel's (``core.blocks``), shared with the
content pages. The quiz block holds the correct answers; its template never renders them.
Scoring happens on the server (``quiz_score``) after the learner submits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import CaptionedImageBlock, DocumentBlock, HeadingBlock
from tools.schema import checklist_schema, reflection_schema

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "document-link"]

TOOL_KINDS = [
    ("organisational", _("Organisatorisk værktøj")),
    ("steering", _("Styringsværktøj")),
    ("documentation", _("Dokumentationsværktøj")),
    ("evaluation", _("Evalueringsværktøj")),
]


class ToolBlock(blocks.StructBlock):
    """A downloadable tool of the four kinds named by AlmenVejledning A5."""

    kind = blocks.ChoiceBlock(label=_("Type"), choices=TOOL_KINDS)
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    description = blocks.RichTextBlock(label=_("Beskrivelse"), features=RICH_TEXT_FEATURES)
    document = DocumentChooserBlock(label=_("Værktøj (fil)"), required=False)

    class Meta:
        icon = "cogs"
        label = _("Værktøj")
        template = "courses/blocks/tool.html"

    def get_context(
        self, value: Any, parent_context: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = dict(TOOL_KINDS).get(value["kind"], "")
        return context


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Punkt"), max_length=300), label=_("Punkter"))

    class Meta:
        icon = "tasks"
        label = _("Tjekliste")
        template = "courses/blocks/checklist.html"


class ReflectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200, default=_("Refleksion"))
    questions = blocks.ListBlock(
        blocks.TextBlock(label=_("Spørgsmål")), label=_("Refleksionsspørgsmål")
    )

    class Meta:
        icon = "help"
        label = _("Refleksionsspørgsmål")
        template = "courses/blocks/reflection.html"


class FillableToolBlock(blocks.StructBlock):
    """One of the network's fillable tools (værktøjer), which each learner fills in and saves."""

    tool = SnippetChooserBlock("tools.Tool", label=_("Værktøj"))
    intro = blocks.TextBlock(
        label=_("Introduktion"),
        required=False,
        help_text=_("Hvad deltageren skal bruge værktøjet til i dette modul (valgfrit)."),
    )

    class Meta:
        icon = "form"
        label = _("Udfyldeligt værktøj")
        template = "courses/blocks/fillable_tool.html"


# The blocks a learner fills in and saves (``courses.services.module_sheets``).
SHEET_BLOCKS = ("checklist", "reflection", "fillable_tool")


def sheet_block_schema(block_type: str, value: Any, block_id: str) -> list[dict[str, Any]] | None:
    """The questions of a checklist, reflection or tool block as a tools schema.

    None for any other block, and for a tool that is not published (it cannot be filled in).
    """
    if block_type == "checklist":
        return checklist_schema(
            block_id=block_id, title=value["title"], items=[str(item) for item in value["items"]]
        )
    if block_type == "reflection":
        return reflection_schema(
            block_id=block_id, questions=[str(question) for question in value["questions"]]
        )
    if block_type == "fillable_tool":
        tool = value["tool"]
        if tool is None or not tool.live:
            return None
        schema: list[dict[str, Any]] = tool.schema()
        return schema
    return None


def sheet_block_title(block_type: str, value: Any) -> str:
    """What a saved sheet of the block is called (the tool's or the block's title)."""
    if block_type == "fillable_tool":
        return str(value["tool"].title) if value["tool"] is not None else ""
    return str(value["title"])


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Svarmulighed"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Rigtigt svar"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Svarmulighed")


class QuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Spørgsmål"))
    options = blocks.ListBlock(OptionBlock(), label=_("Svarmuligheder"), min_num=2)
    explanation = blocks.TextBlock(
        label=_("Forklaring"),
        required=False,
        help_text=_("Vises for deltageren, når quizzen er afleveret."),
    )

    class Meta:
        icon = "help"
        label = _("Spørgsmål")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not any(option["correct"] for option in value["options"]):
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(_("Markér mindst én svarmulighed som rigtig."))
                }
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200, default=_("Quiz"))
    pass_mark = blocks.IntegerBlock(
        label=_("Beståelseskrav (%)"),
        min_value=0,
        max_value=100,
        default=80,
        help_text=_("Andel rigtige svar i procent (0–100), der skal til for at bestå."),
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("Spørgsmål"), min_num=1)

    class Meta:
        icon = "pick"
        label = _("Quiz")
        template = "courses/blocks/quiz.html"

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value["pass_mark"] is not None and not 0 <= value["pass_mark"] <= 100:
            raise StructBlockValidationError(
                block_errors={
                    "pass_mark": ValidationError(_("Beståelseskravet skal være mellem 0 og 100 %."))
                }
            )
        return value


@dataclass(frozen=True)
class QuestionResult:
    question: str
    correct: bool
    chosen: tuple[int, ...]
    right: tuple[int, ...]
    options: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    results: tuple[QuestionResult, ...]
    pass_mark: int

    @property
    def score(self) -> int:
        """Percentage of questions answered correctly, rounded down."""
        if not self.results:
            return 0
        return 100 * sum(r.correct for r in self.results) // len(self.results)

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark


def quiz_field_name(quiz_id: str, index: int) -> str:
    return f"quiz-{quiz_id}-q{index}"


class Answers(Protocol):
    """What ``quiz_score`` needs of the submitted data: a ``QueryDict``'s ``getlist``."""

    def getlist(self, key: str) -> list[Any]: ...


def quiz_score(quiz: blocks.StructValue, quiz_id: str, answers: Answers) -> QuizResult:
    """Score submitted answers (a QueryDict-like ``getlist``) against the quiz's right answers.

    A question is right when the chosen options are exactly the right ones.
    """
    results = []
    for index, question in enumerate(quiz["questions"]):
        options = list(question["options"])
        right = tuple(i for i, option in enumerate(options) if option["correct"])
        raw = answers.getlist(quiz_field_name(quiz_id, index))
        chosen = tuple(sorted({int(v) for v in raw if str(v).isdigit() and int(v) < len(options)}))
        results.append(
            QuestionResult(
                question=question["question"],
                correct=chosen == right,
                chosen=chosen,
                right=right,
                options=tuple(option["text"] for option in options),
                explanation=question["explanation"],
            )
        )
    return QuizResult(results=tuple(results), pass_mark=quiz["pass_mark"])


class CourseBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Tekst"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = CaptionedImageBlock()
    document = DocumentBlock()


class ModuleBodyBlock(CourseBodyBlock):
    tool = ToolBlock()
    fillable_tool = FillableToolBlock()
    checklist = ChecklistBlock()
    reflection = ReflectionBlock()
    quiz = QuizBlock()


def sheet_form_prefix(block_id: str) -> str:
    """The prefix of a block's answer form, so several forms on one module page stay apart."""
    return f"blok-{block_id}"
