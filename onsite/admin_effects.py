"""Wagtail hooks of effects and lessons: their log actions, and "Delte erfaringer", where the
network editors see every shared lesson and feature (or stop featuring) them on the home page.

Who may use the viewset is decided by our roles (``organisations.access.is_network_editor``),
not by group permissions; featuring goes through ``onsite.services.lessons`` so that the rule
(never a withdrawn lesson) and the audit entry live in one place.
"""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]
from django import forms
from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from onsite.models import EffectCategory, Lesson
from onsite.services.lessons import lesson_set_featured
from organisations import access
from organisations.models import Membership, Role, User

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
def register_effect_log_actions(actions):  # type: ignore[no-untyped-def]
    for action, label in LOG_ACTIONS:
        actions.register_action(action, label, label)


class LessonPermissionPolicy(BasePermissionPolicy):
    """Network editors view and change (feature) lessons; nobody adds or deletes them here —
    project leaders publish and withdraw them on the site."""

    actions = frozenset({"view", "change"})

    def user_has_permission(self, user, action):  # type: ignore[no-untyped-def]
        return action in self.actions and access.is_network_editor(user)

    def user_has_any_permission(self, user, actions):  # type: ignore[no-untyped-def]
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):  # type: ignore[no-untyped-def]
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):  # type: ignore[no-untyped-def]
        if not self.user_has_any_permission(user, actions):
            return Lesson.objects.none()
        return Lesson.objects.all()

    def users_with_any_permission(self, actions):  # type: ignore[no-untyped-def]
        if not set(actions) & self.actions:
            return User.objects.none()
        editors = Membership.objects.active().with_role(Role.NETWORK_EDITOR)
        return User.objects.filter(is_active=True, pk__in=editors.values("user_id")) | (
            User.objects.filter(is_active=True, is_superuser=True)
        )


register_permission_policy(Lesson, LessonPermissionPolicy(Lesson))


class LessonFeatureForm(WagtailAdminModelForm):
    class Meta:
        model = Lesson
        fields = ["is_featured"]

    def clean_is_featured(self) -> bool:
        featured = self.cleaned_data["is_featured"]
        if featured and self.instance.withdrawn_at is not None:
            raise forms.ValidationError(_("En tilbagetrukket erfaring kan ikke fremhæves."))
        return featured


class LessonEditView(generic.EditView):
    def save_instance(self) -> Lesson:
        # Through the service: the rule and the audit entry live there.
        lesson = Lesson.objects.get(pk=self.object.pk)
        return lesson_set_featured(
            lesson=lesson,
            actor=self.request.user,  # type: ignore[arg-type]
            featured=self.form.cleaned_data["is_featured"],
        )


class LessonIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Lesson]:
        return self.queryset(self.request)  # the viewset's get_queryset(request)


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

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "published":
            return queryset.filter(withdrawn_at__isnull=True)
        if value == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


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

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        """The listing with guide and organisation on the row (one query per page)."""
        return Lesson.objects.select_related("guide", "organisation").order_by("-published_at")

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(queryset=self.get_queryset, **kwargs)

    def get_permissions_to_register(self):  # type: ignore[no-untyped-def]
        # Roles decide who features lessons; there are no group permissions to hand out.
        return Permission.objects.none()


@hooks.register("register_admin_viewset")
def register_lesson_viewset():  # type: ignore[no-untyped-def]
    return LessonViewSet()
