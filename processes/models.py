"""Process templates (drejebøger) owned by the network, and the processes (forløb) organisations
run from them: roles, phases, milestones with status, documents and decisions; the anchoring
plan of a forankring process; the team needs of a "Sæt et godt hold" process; shared tools.

A process copies the template's published version when it starts (phases, milestones, roles,
advice) and keeps ``template_version``: a later edit of the drejebog never changes a running
process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.search import index

from core.events import StatusEvent
from core.storage import private_storage
from processes.blocks import AdviceBlock, PhaseBlock, RoleBlock

if TYPE_CHECKING:
    from competencies.models import Competence
    from tools.models import Tool


class ProcessKind(models.TextChoices):
    SAMDRIFT = "samdrift", _("Samdrift")
    FORANKRING = "forankring", _("Forankring")
    IMPLEMENTATION = "implementation", _("Implementering (A5)")
    TEAM = "team", _("Sæt et godt hold")
    OTHER = "other", _("Andet forløb")


class ProcessTemplateQuerySet(models.QuerySet["ProcessTemplate"]):
    def live(self) -> ProcessTemplateQuerySet:
        return self.filter(live=True)


class ProcessTemplate(DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """A drejebog: phases → milestones, who does what, advice, guides, competences and tools."""

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=ProcessKind.choices)
    summary = models.TextField(_("resumé"))
    source = models.CharField(
        _("kilde"), max_length=200, blank=True, help_text=_("Fx »Drejebog for samdrift (2010)«.")
    )
    needs_project = models.BooleanField(
        _("hører til en byggesag"),
        default=False,
        help_text=_("Forløbet skal knyttes til en byggesag (fx Sæt et godt hold)."),
    )
    milestones_in_order = models.BooleanField(
        _("milepæle nås i rækkefølge"),
        default=False,
        help_text=_(
            "En milepæl kan først markeres som nået, når de forrige er nået eller sprunget over."
        ),
    )
    roles = StreamField(
        [("role", RoleBlock())], verbose_name=_("roller"), use_json_field=True, blank=True
    )
    phases = StreamField([("phase", PhaseBlock())], verbose_name=_("faser"), use_json_field=True)
    advice = StreamField(
        [("advice", AdviceBlock())], verbose_name=_("gode råd"), use_json_field=True, blank=True
    )
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Tælles op, hver gang drejebogen udgives.")
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = ProcessTemplateQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("drejebog")
        verbose_name_plural = _("drejebøger")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProcessKind.values), name="processes_template_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProcessStatus(models.TextChoices):
    ACTIVE = "active", _("I gang")
    COMPLETED = "completed", _("Afsluttet")
    CANCELLED = "cancelled", _("Stoppet")


class ProcessQuerySet(models.QuerySet["Process"]):
    def active(self) -> ProcessQuerySet:
        return self.filter(status=ProcessStatus.ACTIVE)


class Process(models.Model):
    """A forløb: an organisation running a drejebog for departments (and maybe a project)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="processes",
    )
    template = models.ForeignKey(
        ProcessTemplate,
        verbose_name=_("drejebog"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    template_version = models.PositiveIntegerField(_("drejebogens version"))
    kind = models.CharField(_("type"), max_length=16, choices=ProcessKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    departments = models.ManyToManyField(
        "organisations.Department",
        verbose_name=_("afdelinger"),
        related_name="processes",
        blank=True,
    )
    project = models.ForeignKey(
        "onsite.BuildingProject",
        verbose_name=_("byggesag"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processes",
    )
    starts_on = models.DateField(_("start"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProcessStatus.choices, default=ProcessStatus.ACTIVE
    )
    milestones_in_order = models.BooleanField(_("milepæle nås i rækkefølge"), default=False)
    advice = models.JSONField(_("gode råd"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("startet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["organisation", "status"], name="processes_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProcessStatus.values), name="processes_process_status"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProcessKind.values), name="processes_process_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProcessRole(models.Model):
    """A role of the drejebog and who fills it in this process: a person, a party, or both."""

    process = models.ForeignKey(
        Process, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="roles"
    )
    key = models.CharField(_("nøgle"), max_length=40)
    name = models.CharField(_("rolle"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="process_roles",
    )
    party = models.CharField(
        _("part"),
        max_length=200,
        blank=True,
        help_text=_("Fx »Afdelingsbestyrelsen« eller »Kommunen«."),
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("rolle i forløb")
        verbose_name_plural = _("roller i forløb")
        ordering = ["process_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="processes_role_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ProcessPhase(models.Model):
    process = models.ForeignKey(
        Process, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="phases"
    )
    position = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("fase"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        ordering = ["process_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "position"], name="processes_phase_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("I gang")
    REACHED = "reached", _("Nået")
    SKIPPED = "skipped", _("Sprunget over")


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def open(self) -> MilestoneQuerySet:
        return self.filter(status__in=[MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS])


class Milestone(models.Model):
    """A milepæl of a running process, copied from the template when the process started."""

    process = models.ForeignKey(
        Process, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        ProcessPhase, verbose_name=_("fase"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("milepæl"), max_length=200)
    purpose = models.TextField(_("formål"), blank=True)
    done_when = models.TextField(_("det skal være på plads"), blank=True)
    tasks = models.JSONField(
        _("hvem gør hvad"), default=list, blank=True, help_text=_("[{role, task}] fra drejebogen.")
    )
    advice = models.TextField(_("gode råd"), blank=True)
    guides = models.ManyToManyField(
        "competencies.Guide",
        verbose_name=_("AlmenVejledninger"),
        blank=True,
        related_name="process_milestones",
    )
    competences: models.ManyToManyField[Competence, Any] = models.ManyToManyField(
        "competencies.Competence",
        verbose_name=_("kompetencer"),
        blank=True,
        related_name="process_milestones",
    )
    tools: models.ManyToManyField[Tool, Any] = models.ManyToManyField(
        "tools.Tool",
        verbose_name=_("værktøjer"),
        blank=True,
        related_name="process_milestones",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_milestones",
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.NOT_STARTED,
    )
    skip_reason = models.TextField(_("begrundelse for at springe over"), blank=True)
    reached_on = models.DateField(_("nået den"), null=True, blank=True)
    notes = models.TextField(_("noter"), blank=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")
        ordering = ["process_id", "position"]
        indexes = [
            models.Index(fields=["responsible", "status", "due_on"], name="processes_ms_resp"),
            models.Index(fields=["status", "due_on"], name="processes_ms_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "position"], name="processes_milestone_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values), name="processes_milestone_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=MilestoneStatus.SKIPPED) | ~Q(skip_reason=""),
                name="processes_milestone_skip_reason",
                violation_error_message=_("Skriv hvorfor milepælen springes over."),
            ),
            models.CheckConstraint(
                condition=Q(status=MilestoneStatus.REACHED) | Q(reached_on__isnull=True),
                name="processes_milestone_reached_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MilestoneDecision(models.Model):
    """One line of a milestone's beslutningslog."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milepæl"), on_delete=models.CASCADE, related_name="decisions"
    )
    decided_on = models.DateField(_("besluttet den"))
    text = models.TextField(_("beslutning"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    class Meta:
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        ordering = ["milestone_id", "decided_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def document_upload_to(instance: MilestoneDocument, filename: str) -> str:
    return f"processes/{instance.milestone.process_id}/{filename}"


class MilestoneDocument(models.Model):
    """A document on a milestone (fx the signed aftale om samdrift): private, access-checked."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milepæl"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("fil"), storage=private_storage, upload_to=document_upload_to)
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    original_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploadet af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["milestone_id", "pk"]

    def __str__(self) -> str:
        return self.title


class ProcessEvent(StatusEvent):
    """Every change of a process: who, when, what (``action``, ``comment`` says it in Danish)."""

    subject_field = "process"

    process = models.ForeignKey(
        Process, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="events"
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milepæl"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    action = models.CharField(_("handling"), max_length=30)

    class Meta(StatusEvent.Meta):
        verbose_name = _("hændelse i forløb")
        verbose_name_plural = _("hændelser i forløb")
        indexes = [models.Index(fields=["process", "created_at"], name="processes_event_proc")]


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("Frist nærmer sig")
    OVERDUE = "overdue", _("Frist overskredet")


class MilestoneReminder(models.Model):
    """A reminder sent: at most one per milestone, kind and due date (the task's idempotence)."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milepæl"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("type"), max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField(_("frist"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modtager"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "kind", "due_on"], name="processes_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone_id} {self.kind} {self.due_on}"


class ProcessSheet(models.Model):
    """A tool filled in inside a process, shared by the process's people."""

    process = models.ForeignKey(
        Process, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="sheets"
    )
    tool = models.ForeignKey(
        "tools.Tool", verbose_name=_("værktøj"), on_delete=models.PROTECT, related_name="+"
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milepæl"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sheets",
    )
    sheet = models.OneToOneField(
        "tools.Sheet", verbose_name=_("udfyldt værktøj"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("værktøj i forløb")
        verbose_name_plural = _("værktøjer i forløb")
        ordering = ["process_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "tool"], name="processes_sheet_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.process_id}: {self.tool_id}"


# --- Forankring: the anchoring plan (seed 004) ---------------------------------------------


class AnchoringModel(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civilsamfund")
    MUNICIPALITY = "municipality", _("Kommune")
    MARKET = "market", _("Marked")
    PARTNERSHIP = "partnership", _("Partnerskab")


class AnchoringPlan(models.Model):
    """The forankringsplan a forankring process ends in."""

    process = models.OneToOneField(
        Process, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="anchoring_plan"
    )
    models_chosen = models.JSONField(
        _("forankringsmodeller"),
        default=list,
        blank=True,
        help_text=_("Nøgler fra AnchoringModel."),
    )
    strategy = models.TextField(_("forankringsstrategi"), blank=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("forankringsplan")
        verbose_name_plural = _("forankringsplaner")

    def __str__(self) -> str:
        return str(self.process)


class AnchoringActivity(models.Model):
    """An activity to be anchored, with the owner who carries it on and from when."""

    plan = models.ForeignKey(
        AnchoringPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("aktivitet"), max_length=200)
    model = models.CharField(
        _("forankringsmodel"), max_length=14, choices=AnchoringModel.choices, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ejer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_name = models.CharField(
        _("ejer (part)"), max_length=200, blank=True, help_text=_("Fx en forening eller kommunen.")
    )
    anchored_on = models.DateField(_("forankret senest"), null=True, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        verbose_name = _("aktivitet, der skal forankres")
        verbose_name_plural = _("aktiviteter, der skal forankres")
        ordering = ["plan_id", "anchored_on", "pk"]

    def __str__(self) -> str:
        return self.title


class RoleShiftKind(models.TextChoices):
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", _("Fra frivillig til koordinator")
    DEMOCRAT_LEADER = "democrat_leader", _("Fra beboerdemokrat til frivillig leder")
    EMPLOYEE_FACILITATOR = "employee_facilitator", _("Fra projektmedarbejder til facilitator")
    CARETAKER_PREVENTER = "caretaker_preventer", _("Fra vicevært til forebygger")
    OTHER = "other", _("Andet rolleskift")


class RoleShift(models.Model):
    """A rolleskift: who moves from which role to which, and what training it needs."""

    plan = models.ForeignKey(
        AnchoringPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="role_shifts"
    )
    kind = models.CharField(_("rolleskift"), max_length=24, choices=RoleShiftKind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_shifts",
    )
    person_name = models.CharField(
        _("hvem (uden login)"),
        max_length=200,
        blank=True,
        help_text=_("Fx »to frivillige fra caféen«."),
    )
    training_need = models.TextField(_("behov for oplæring"))
    competence = models.ForeignKey(
        "competencies.Competence",
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(_("målniveau"), null=True, blank=True)
    due_on = models.DateField(_("senest"), null=True, blank=True)
    plan_goal = models.ForeignKey(
        "competencies.PlanGoal",
        verbose_name=_("mål i kompetenceplan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rolleskift")
        verbose_name_plural = _("rolleskift")
        ordering = ["plan_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RoleShiftKind.values), name="processes_roleshift_kind"
            ),
            models.CheckConstraint(
                condition=Q(target_level__isnull=True)
                | (Q(target_level__gte=1) & Q(target_level__lte=4)),
                name="processes_roleshift_level",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class LearningItemKind(models.TextChoices):
    THEME_DAY = "theme_day", _("Temadag")
    DIALOGUE = "dialogue", _("Dialogmøde")
    COURSE = "course", _("Kursus")


class LearningItem(models.Model):
    """One part of the local learning programme: temadage, dialogmøder, kurser."""

    plan = models.ForeignKey(
        AnchoringPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="learning_items",
    )
    kind = models.CharField(_("type"), max_length=10, choices=LearningItemKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    held_on = models.DateField(_("dato"), null=True, blank=True)
    audience = models.CharField(_("for hvem"), max_length=200, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        verbose_name = _("del af læringsprogram")
        verbose_name_plural = _("lokalt læringsprogram")
        ordering = ["plan_id", F("held_on").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title


# --- Sæt et godt hold (seed 003) ------------------------------------------------------------


class CompetenceScope(models.TextChoices):
    GENERAL = "general", _("Generel kompetence")
    PROFESSIONAL = "professional", _("Faglig kompetence")


class TeamNeed(models.Model):
    """A competence the team of a building project needs, at a level, general or professional."""

    process = models.ForeignKey(
        Process, verbose_name=_("forløb"), on_delete=models.CASCADE, related_name="team_needs"
    )
    competence = models.ForeignKey(
        "competencies.Competence",
        verbose_name=_("kompetence"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.CharField(_("art"), max_length=12, choices=CompetenceScope.choices)
    level = models.PositiveSmallIntegerField(_("niveau"))
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kompetencebehov")
        verbose_name_plural = _("kompetencebehov")
        ordering = ["process_id", "scope", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "competence"],
                name="processes_teamneed_unique",
                violation_error_message=_("Holdet har allerede et behov for denne kompetence."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="processes_teamneed_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence_id}: {self.level}"
