"""Wagtail hooks of effects and lessons: their log actions, and "Delte erfaringer", where the
network editors see every shared lesson and feature (or stop featuring) them on the home page.

Who may use the viewset is decided by our roles (``onsite.access.LessonPermissionPolicy``),
not by group permissions; featuring goes through ``onsite.services.lessons`` so that the rule
(never a withdrawn lesson) and the audit entry live in one place.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogActionRegistry
from wagtail.permissions import register_permission_policy

from onsite import access as onsite_access
from onsite import selectors
from onsite.models import EffectCategory, Lesson
from onsite.models.lessons import LessonQuerySet
from onsite.services.lessons import lesson_set_featured
from organisations.access import me

LOG_ACTIONS = (
    ("onsite.indicator.create", _("Effektmål oprettet")),
    ("onsite.indicator.update", _("Effektmål ændret")),
    ("onsite.indicator.delete", _("Effektmål slettet")),
    ("onsite.measurement.add", _("Måling registreret")),
    ("onsite.measurement.update", _("Måling rettet")),
    ("onsite.measurement.delete", _("Måling slettet")),
    ("onsite.lesson.publish", _("Erfaring delt med sektoren")),
    ("onsite.lesson.withdraw", _("Delt erfaring trukket tilbage")),
    ("onsite.lesson.feature", _("Erfaring fremhævet på forsiden")),
    ("onsite.lesson.unfeature", _("Erfaring fjernet fra forsiden")),
    ("onsite.sharing.set", _("Beslutning om navn på delte erfaringer")),
)


@hooks.register("register_log_actions")
def register_effect_log_actions(actions: LogActionRegistry) -> None:
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)


register_permission_policy(Lesson, onsite_access.LessonPermissionPolicy(Lesson))


class LessonFeatureForm(WagtailAdminModelForm):
    class Meta:
        model = Lesson
        fields = ["is_featured"]

    def clean_is_featured(self) -> bool:
        featured: bool = self.cleaned_data["is_featured"]
        if featured and self.instance.withdrawn_at is not None:
            raise forms.ValidationError(_("En tilbagetrukket erfaring kan ikke fremhæves."))
        return featured


class LessonEditView(generic.EditView):
    def save_instance(self) -> Lesson:
        # Through the service: the rule and the audit entry live there.
        # A fresh row: the form has already set ``is_featured`` on ``self.object``.
        lesson = selectors.get_lesson(self.object.pk)
        return lesson_set_featured(
            lesson=lesson,
            actor=me(self.request),
            featured=self.form.cleaned_data["is_featured"],
        )


class LessonIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Lesson]:
        lessons: QuerySet[Lesson] = self.queryset(self.request)  # the viewset's get_queryset
        return lessons

    def search_queryset(self, queryset: LessonQuerySet) -> LessonQuerySet:
        # The public search's own path (full text on PostgreSQL), not Wagtail's search index:
        # lessons are not in that index. A column the editor sorted by keeps its order.
        if not self.is_searching:
            return queryset
        return queryset.matching(self.search_query, ranked=not self.is_explicitly_ordered)


class LessonFilterSet(WagtailFilterSet):
    is_featured = django_filters.BooleanFilter(label=_("Fremhævet på forsiden"))
    effect_category = django_filters.ChoiceFilter(
        label=_("Effektområde"), choices=EffectCategory.choices
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("published", _("Delt")), ("withdrawn", _("Trukket tilbage"))],
        method="filter_state",
    )

    class Meta:
        model = Lesson
        fields = ["guide"]

    def filter_state(self, queryset: LessonQuerySet, name: str, value: str) -> LessonQuerySet:
        return selectors.lessons_in_state(queryset, value)


def _featured_label(lesson: Lesson) -> str:
    return str(_("Ja") if lesson.is_featured else _("Nej"))


def _state_label(lesson: Lesson) -> str:
    return str(_("Trukket tilbage") if lesson.withdrawn_at else _("Delt"))


class LessonViewSet(ModelViewSet):
    model = Lesson
    name = "delte_erfaringer"
    url_prefix = "delte-erfaringer"
    icon = "openquote"
    menu_label = _("Delte erfaringer")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = LessonIndexView
    edit_view_class = LessonEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    edit_handler = ObjectList([FieldPanel("is_featured")], base_form_class=LessonFeatureForm)
    ordering = "-published_at"
    list_display = [
        "title",
        Column("guide", label=_("AlmenVejledning")),
        Column("effect_label", label=_("Effektområde"), accessor="get_effect_category_display"),
        Column("organisation", label=_("Organisation")),
        "published_at",
        Column("is_featured", label=_("På forsiden"), accessor=_featured_label),
        Column("state", label=_("Status"), accessor=_state_label),
    ]
    filterset_class = LessonFilterSet
    search_fields = ["title", "summary", "what_we_learned", "do_differently"]
    list_export = [
        "title",
        "guide",
        "get_effect_category_display",
        "organisation.name",
        "show_organisation",
        "published_at",
        "is_featured",
        "withdrawn_at",
    ]
    export_headings = {
        "title": _("Overskrift"),
        "guide": _("AlmenVejledning"),
        "get_effect_category_display": _("Effektområde"),
        "organisation.name": _("Organisation"),
        "show_organisation": _("Navn vises"),
        "published_at": _("Delt"),
        "is_featured": _("På forsiden"),
        "withdrawn_at": _("Trukket tilbage"),
    }
    export_filename = "delte-erfaringer"
    inspect_view_fields = [
        "title",
        "summary",
        "what_we_learned",
        "do_differently",
        "guide",
        "effect_category",
        "project_kind",
        "project_phase",
        "organisation",
        "show_organisation",
        "published_at",
        "is_featured",
        "withdrawn_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Lesson]:
        """The listing with guide and organisation on the row (one query per page)."""
        return selectors.lessons_for_admin()

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs: dict[str, Any] = super().get_index_view_kwargs(
            queryset=self.get_queryset, **kwargs
        )
        return view_kwargs

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        # Roles decide who features lessons; there are no group permissions to hand out.
        return onsite_access.no_group_permissions()


@hooks.register("register_admin_viewset")
def register_lesson_viewset() -> LessonViewSet:
    return LessonViewSet()
