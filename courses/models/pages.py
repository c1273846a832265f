"""The course catalogue: one section per course provider, its courses and their modules.

Kurser (CourseIndexPage, /kurser/)
  └─ Almen Akademi (ProviderSectionPage, tied to the provider's Organisation)
       └─ Beboerdemokrati i praksis (CoursePage, on guide A1)
            └─ Modul 1 … (ModulePage, ordered)
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.site_url import PublicAddressPageMixin
from core.slugs import DanishSlugMixin
from courses.blocks import CourseBodyBlock, ModuleBodyBlock, QuizResult, quiz_score

if TYPE_CHECKING:
    from competencies.models import Guide
    from organisations.models import Organisation, User

VAT_RATE = Decimal("0.25")


class CourseFormat(models.TextChoices):
    ATTENDANCE = "attendance", _("Fremmøde")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Kombineret (online og fremmøde)")
    SELF_PACED = "self_paced", _("Selvstudium")


class CourseLanguage(models.TextChoices):
    DANISH = "da", _("Dansk")
    ENGLISH = "en", _("Engelsk")


class CourseIndexPage(DanishSlugMixin, PublicAddressPageMixin, Page):
    """The catalogue at /kurser/: every live course across providers, with filters."""

    intro = RichTextField(_("introduktion"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    # Where it may hang is the home page's choice (cms.HomePage.subpage_types): courses does not
    # name the layer above it. One catalogue per site.
    subpage_types = ["courses.ProviderSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("kursuskatalog")

    def serve(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        from courses.views.catalogue import catalogue

        return catalogue(request, self)


class ProviderSectionPage(DanishSlugMixin, PublicAddressPageMixin, Page):
    """A course provider's own space; its editors' page permissions start here."""

    provider: models.OneToOneField[Organisation, Organisation] = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("kursusudbyder"),
        on_delete=models.PROTECT,
        related_name="course_section",
        limit_choices_to={"kind": "provider"},
    )
    intro = RichTextField(_("om udbyderen"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("udbydersektion")
        verbose_name_plural = _("udbydersektioner")

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        from courses.selectors import course_cards

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        # A Wagtail PageQuerySet (untyped): child_of is Wagtail's.
        cards: Any = course_cards()
        context["courses"] = cards.child_of(self)
        return context


class CoursePage(DanishSlugMixin, PublicAddressPageMixin, Page):
    """A provider's course on one AlmenVejledning."""

    guide: models.ForeignKey[Guide, Guide] = models.ForeignKey(
        "competencies.Guide",
        verbose_name=_("AlmenVejledning"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    summary: models.TextField[str, str] = models.TextField(
        _("resumé"), help_text=_("Kort tekst til kortet i kataloget.")
    )
    learning_outcomes = RichTextField(
        _("læringsudbytte"), features=["bold", "italic", "ol", "ul", "link"]
    )
    target_job_functions = ParentalManyToManyField(
        "organisations.JobFunction",
        verbose_name=_("målgruppe (funktioner)"),
        blank=True,
        related_name="courses",
    )
    format: models.CharField[str, str] = models.CharField(
        _("form"), max_length=12, choices=CourseFormat.choices
    )
    duration_hours: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        _("varighed (timer)"),
        max_digits=5,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5"), _("Varigheden skal være mindst en halv time."))
        ],
    )
    language: models.CharField[str, str] = models.CharField(
        _("sprog"), max_length=2, choices=CourseLanguage.choices, default=CourseLanguage.DANISH
    )
    price: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        _("pris (kr. ekskl. moms)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), _("Prisen kan ikke være negativ."))],
        help_text=_("Standardpris pr. deltager. Moms (25 %) lægges til og vises på siden."),
    )
    prerequisites: models.TextField[str, str] = models.TextField(_("forudsætninger"), blank=True)
    body = StreamField(CourseBodyBlock(), verbose_name=_("beskrivelse"), blank=True)
    image: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("billede"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The completion rule: which of these must hold before a learner has completed the course.
    completion_requires_attendance: models.BooleanField[bool, bool] = models.BooleanField(
        _("kræver fremmøde"),
        default=True,
        help_text=_("Deltageren skal være registreret som mødt på holdet."),
    )
    completion_requires_modules: models.BooleanField[bool, bool] = models.BooleanField(
        _("kræver alle moduler"),
        default=False,
        help_text=_("Alle moduler skal være markeret som gennemført."),
    )
    completion_requires_quiz: models.BooleanField[bool, bool] = models.BooleanField(
        _("kræver bestået quiz"),
        default=False,
        help_text=_("Alle quizzer i modulerne skal være bestået."),
    )

    content_panels = [
        *Page.content_panels,
        # A plain select: a provider picks among a handful of guides, no chooser modal needed.
        FieldPanel("guide", widget=forms.Select),
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("format"), FieldPanel("language")]),
                FieldRowPanel([FieldPanel("duration_hours"), FieldPanel("price")]),
                FieldPanel("target_job_functions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("prerequisites"),
            ],
            heading=_("Praktisk"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Dokumenter")),
        MultiFieldPanel(
            [
                FieldPanel("completion_requires_attendance"),
                FieldPanel("completion_requires_modules"),
                FieldPanel("completion_requires_quiz"),
            ],
            heading=_("Regel for gennemførelse"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("learning_outcomes"),
        index.SearchField("prerequisites"),
        index.SearchField("body"),
        index.RelatedFields("guide", [index.SearchField("code"), index.SearchField("title")]),
        index.FilterField("format"),
        index.FilterField("guide"),
        index.FilterField("language"),
    ]
    parent_page_types = ["courses.ProviderSectionPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("kursus")
        verbose_name_plural = _("kurser")
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0), name="courses_coursepage_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0), name="courses_coursepage_duration_positive"
            ),
        ]

    @property
    def price_incl_vat(self) -> Decimal:
        return (self.price * (1 + VAT_RATE)).quantize(Decimal("0.01"))

    @property
    def vat(self) -> Decimal:
        return self.price_incl_vat - self.price

    @property
    def is_self_paced(self) -> bool:
        return self.format == CourseFormat.SELF_PACED

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        from courses.selectors import course_page_context

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        return context


class CourseDocument(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="documents")
    document: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title: models.CharField[str, str] = models.CharField(_("titel"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("kursusdokument")
        verbose_name_plural = _("kursusdokumenter")


class ModulePage(DanishSlugMixin, PublicAddressPageMixin, Page):
    """A self-paced module of a course: text, tools, checklists, reflection and quizzes."""

    intro: models.TextField[str, str] = models.TextField(_("introduktion"), blank=True)
    estimated_minutes: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        _("forventet tid (minutter)"),
        validators=[MinValueValidator(1, _("Angiv mindst 1 minut."))],
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("indhold"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("moduler")

    def serve(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Show the module; on POST score the submitted quiz on the server."""
        from organisations.access import me

        context = self.get_context(request, *args, **kwargs)
        if request.method == "POST":
            quiz_id = request.POST.get("quiz", "")
            for block in self.body:
                if block.block_type == "quiz" and block.id == quiz_id:
                    result = quiz_score(block.value, quiz_id, request.POST)
                    context["submitted_quiz_id"] = quiz_id
                    context["quiz_result"] = result
                    # Only a participant's attempt is kept: it counts towards completion.
                    if context["follows_course"]:
                        self._record_attempt(me(request), quiz_id, result)
        return TemplateResponse(request, self.get_template(request), context)

    def _record_attempt(self, user: User, quiz_id: str, result: QuizResult) -> None:
        from courses.services import quiz_attempt_record

        quiz_attempt_record(
            user=user,
            module=self,
            quiz_id=quiz_id,
            score=result.score,
            passed=result.passed,
            answers={str(i): list(r.chosen) for i, r in enumerate(result.results)},
        )

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        from courses.selectors import follows_course

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            context["module_done"] = self.progress.filter(user=request.user).exists()
        course = self.get_parent().specific
        context["follows_course"] = follows_course(request.user, course)
        if context["follows_course"]:
            from courses.selectors.module_sheets import module_sheets_by_block

            # The learner's answers to every checklist, reflection and tool block, in one query.
            context["module_sheets"] = module_sheets_by_block(request.user, self)
        siblings = list(ModulePage.objects.live().sibling_of(self).only("id", "title", "path"))
        if self.pk not in {page.pk for page in siblings}:  # a draft in preview
            siblings.append(self)
        position = next(i for i, page in enumerate(siblings) if page.pk == self.pk)
        context.update(
            course=course,
            # With the request: Wagtail reads the site root paths once per request for links.
            course_url=course.get_url(request),
            provider=course.get_parent().specific.provider,
            modules=siblings,
            position=position + 1,
            previous_module=siblings[position - 1] if position > 0 else None,
            next_module=siblings[position + 1] if position + 1 < len(siblings) else None,
        )
        return context
