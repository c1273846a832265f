"""The network secretariat's back office for pillar 2.

The guides (a snippet) and, in the menu "Kompetencer", the competence framework: areas,
competences with their level descriptors, the network's default role profiles, the stages of
Læringspilen and the adviser register. Permissions are Django model permissions that the
network editors' group receives (``CompetenciesConfig.network_editor_permissions``); nobody
else has them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, ProtectedError, QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from competencies.models import (
    AdviserListing,
    Competence,
    CompetenceArea,
    Guide,
    LearningStage,
    RoleProfile,
)


class GuideViewSet(SnippetViewSet):
    """The network secretariat maintains the guides; nobody else has the permissions."""

    model = Guide
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("AlmenVejledninger")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["code", "title", "series", "status", "edition"]
    list_filter = ["series", "status"]
    search_fields = ["code", "title", "summary"]
    list_export = ["code", "title", "series", "status", "edition", "summary"]
    export_filename = "almenvejledninger"
    ordering = ["series", "code"]


register_snippet(GuideViewSet)


# --- Shared view pieces ----------------------------------------------------------------------


class ProtectedDeleteView(generic.DeleteView):
    """Deleting a row that others still use is refused with a message, not a server error.

    Wagtail's usage check only knows the references it indexes; goals, plans and evidence
    point at competences and stages too, and the database protects those (``PROTECT``).
    """

    protected_message = gettext_lazy(
        "%(object)s kan ikke slettes, fordi den stadig bruges (fx i mål, planer eller "
        "dokumentation)."
    )

    def form_valid(self, form: Any) -> Any:
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, self.protected_message % {"object": self.object})
            return HttpResponseRedirect(self.get_success_url())


# --- Competence areas and competences --------------------------------------------------------


class CompetenceAreaViewSet(ModelViewSet):
    model = CompetenceArea
    url_prefix = "kompetenceomraader"
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Kompetenceområder")
    delete_view_class = ProtectedDeleteView
    list_display = ["name", "code", Column("competence_count", label=gettext_lazy("Kompetencer"))]
    search_fields = ["name", "code", "description"]
    list_export = ["code", "name", "description", "sort_order"]
    export_filename = "kompetenceomraader"
    sort_order_field = "sort_order"
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        queryset = CompetenceArea.objects.annotate(competence_count=Count("competences"))
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(queryset=queryset, **kwargs)
        return view_kwargs


class CompetenceDeleteView(ProtectedDeleteView):
    protected_message = gettext_lazy(
        "%(object)s kan ikke slettes, fordi den stadig bruges (fx i profiler, planer eller "
        "dokumentation). Sæt den i stedet ud af brug."
    )


class CompetenceViewSet(ModelViewSet):
    model = Competence
    url_prefix = "kompetencer"
    icon = "tasks"
    menu_label = gettext_lazy("Kompetencer og niveauer")
    delete_view_class = CompetenceDeleteView
    list_display = ["name", "area", "code", "is_active"]
    list_filter = ["area", "is_active"]
    search_fields = ["name", "code", "description"]
    # Plain database matching: the seeded framework is never in the search index (migrations
    # send no signals), and the list is a few hundred rows at most.
    search_backend_name = None
    list_export = [
        "code",
        "name",
        "area",
        "description",
        "level_1",
        "level_2",
        "level_3",
        "level_4",
        "is_active",
    ]
    export_filename = "kompetencer"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # The listing shows the area: load it with the rows, not one query per row.
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(
            queryset=Competence.objects.for_listing(), **kwargs
        )
        return view_kwargs


# --- The network's default role profiles -----------------------------------------------------


class DefaultRoleProfileForm(WagtailAdminModelForm):
    """A default profile has no organisation, so the form checks the one-per-function rule
    itself (Django skips a constraint on a field the form leaves out)."""

    def clean_job_function(self) -> Any:
        job_function = self.cleaned_data.get("job_function")
        others = RoleProfile.objects.network_defaults().filter(job_function=job_function)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if job_function and others.exists():
            raise ValidationError(_("Funktionen har allerede en standardprofil."))
        return job_function


role_profile_panels = ObjectList(
    [
        FieldPanel("job_function", widget=forms.Select),
        FieldPanel("note"),
        InlinePanel(
            "requirements",
            heading=gettext_lazy("Krævede niveauer"),
            label=gettext_lazy("Krav"),
            panels=[FieldRowPanel([FieldPanel("competence"), FieldPanel("required_level")])],
        ),
    ],
    base_form_class=DefaultRoleProfileForm,
)


REQS = "requirements_summary"


def network_default_profiles() -> QuerySet[RoleProfile]:
    """The profiles this admin edits: the network's defaults, never an organisation's own."""
    return RoleProfile.objects.network_defaults().select_related("job_function")


class DefaultProfileObjectMixin:
    """Edit, delete and inspect reach only the network's defaults (others answer 404)."""

    def get_queryset(self) -> QuerySet[RoleProfile]:
        return network_default_profiles()


class DefaultProfileListingObjectMixin:
    def get_base_object_queryset(self) -> QuerySet[RoleProfile]:
        return network_default_profiles()


class RoleProfileIndexView(generic.IndexView):
    def to_row_dict(self, item: RoleProfile) -> dict[str, Any]:
        # The export writes the requirements as one cell ("Kompetence: niveau; …").
        row = {field: getattr(item, field, "") for field in self.list_export if field != REQS}
        row[REQS] = "; ".join(
            f"{req.competence}: {req.required_level}" for req in item.requirements.all()
        )
        return {field: row[field] for field in self.list_export}


class RoleProfileEditView(DefaultProfileObjectMixin, generic.EditView):
    pass


class RoleProfileDeleteView(DefaultProfileObjectMixin, ProtectedDeleteView):
    pass


class RoleProfileInspectView(generic.InspectView):
    def get_object(self, queryset: QuerySet[Any] | None = None) -> RoleProfile:
        return get_object_or_404(network_default_profiles(), pk=self.pk)


class RoleProfileHistoryView(DefaultProfileListingObjectMixin, HistoryView):
    pass


class RoleProfileUsageView(DefaultProfileListingObjectMixin, UsageView):
    pass


class RoleProfileViewSet(ModelViewSet):
    """Kompetenceprofiler: the level each competence requires of a job function, as the
    network's default. Organisations adjust their own copy on the site."""

    model = RoleProfile
    url_prefix = "kompetenceprofiler"
    icon = "user"
    menu_label = gettext_lazy("Kompetenceprofiler (standard)")
    edit_handler = role_profile_panels
    index_view_class = RoleProfileIndexView
    edit_view_class = RoleProfileEditView
    delete_view_class = RoleProfileDeleteView
    inspect_view_class = RoleProfileInspectView
    history_view_class = RoleProfileHistoryView
    usage_view_class = RoleProfileUsageView
    list_display = [
        "job_function",
        Column("requirement_count", label=gettext_lazy("Krav")),
        "updated_at",
    ]
    list_filter = ["job_function"]
    search_fields = ["job_function__name", "note"]
    list_export = ["job_function", REQS, "note", "updated_at"]
    export_headings = {REQS: gettext_lazy("Krævede niveauer")}
    export_filename = "kompetenceprofiler"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        queryset = (
            network_default_profiles()
            .annotate(requirement_count=Count("requirements"))
            .prefetch_related("requirements__competence")
        )
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(queryset=queryset, **kwargs)
        return view_kwargs


# --- Læringspilen's stages ---------------------------------------------------------------------


class LearningStageDeleteView(ProtectedDeleteView):
    protected_message = gettext_lazy(
        "Trinnet %(object)s kan ikke slettes, fordi strategiske mål står på det. Flyt målene "
        "til et andet trin først."
    )


class LearningStageViewSet(ModelViewSet):
    """The stages of Læringspilen are data: the secretariat names and orders them."""

    model = LearningStage
    url_prefix = "laeringspilen"
    icon = "arrow-right-full"
    menu_label = gettext_lazy("Læringspilens trin")
    delete_view_class = LearningStageDeleteView
    list_display = [
        "name",
        "description",
        Column("goal_count", label=pgettext_lazy("goals", "Mål")),
    ]
    search_fields = ["name", "description"]
    list_export = ["sort_order", "name", "description"]
    export_filename = "laeringspilen"
    sort_order_field = "sort_order"
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        queryset = LearningStage.objects.annotate(goal_count=Count("goals"))
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(queryset=queryset, **kwargs)
        return view_kwargs


# --- The adviser register ----------------------------------------------------------------------


class AdviserListingViewSet(ModelViewSet):
    """Consultants list themselves on the site; the secretariat reads and moderates."""

    model = AdviserListing
    url_prefix = "raadgiverregister"
    icon = "group"
    menu_label = gettext_lazy("Rådgiverregister")
    form_fields = ["is_listed", "description", "services", "contact_email"]
    list_display = ["organisation", "is_listed", "services", "contact_email", "updated_at"]
    list_filter = ["is_listed"]
    search_fields = ["organisation__name", "description", "services"]
    list_export = ["organisation", "is_listed", "services", "contact_email", "updated_at"]
    export_filename = "raadgiverregister"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(
            queryset=AdviserListing.objects.select_related("organisation"), **kwargs
        )
        return view_kwargs


class CompetenceFrameworkGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Kompetencer")
    menu_icon = "tasks"
    menu_order = 220
    items = (
        CompetenceAreaViewSet,
        CompetenceViewSet,
        RoleProfileViewSet,
        LearningStageViewSet,
        AdviserListingViewSet,
    )


@hooks.register("register_admin_viewset")
def register_competence_viewsets() -> ModelViewSetGroup:
    return CompetenceFrameworkGroup()


@hooks.register("register_log_actions")
def register_competency_log_actions(actions: Any) -> None:
    for action, label in (
        ("lms.evidence.record", gettext_lazy("Dokumentation registreret")),
        ("lms.evidence.submit", gettext_lazy("Tidligere læring indsendt")),
        ("lms.evidence.approved", gettext_lazy("Dokumentation godkendt")),
        ("lms.evidence.rejected", gettext_lazy("Dokumentation afvist")),
        ("lms.evidence.withdrawn", gettext_lazy("Dokumentation trukket tilbage")),
        ("lms.plan.submitted", gettext_lazy("Kompetenceplan indsendt")),
        ("lms.plan.approved", gettext_lazy("Kompetenceplan godkendt")),
        ("lms.plan.returned", gettext_lazy("Kompetenceplan sendt retur")),
        ("lms.plan.completed", gettext_lazy("Kompetenceplan afsluttet")),
    ):
        actions.register_action(action, label, label)
