"""The network of learning project leaders: sharing approved entries as lessons, the public
lesson list and page, withdrawal, featuring, and the organisation's consent to be named.

/erfaringer/ is public (dissemination to the whole sector, logged in or not). Sharing and
withdrawing belong to the project's leaders; for everybody else those routes answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import require
from core.views import service_refusal
from onsite import access, selectors
from onsite.forms.lessons import LessonFilterForm, LessonPublishForm, LessonSharingForm
from onsite.models import Lesson, ProjectKind, ProjectPhase
from onsite.pagination import CappedPaginator
from onsite.services import lessons as services
from onsite.views.effects import posted
from organisations.access import me

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "POST"])
def lesson_publish(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the project's leaders share, and only approved entries: 404 for every other.
    entry = access.get_entry_for_sharing(request.user, pk)
    existing = selectors.published_lesson_of(entry)
    if existing is not None:
        messages.info(request, _("Logindlægget er allerede delt som erfaring."))
        return redirect("onsite:lesson_detail", pk=existing.pk)
    form = LessonPublishForm(posted(request), initial=services.lesson_draft(entry=entry))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        with service_refusal(form) as refused:
            lesson = services.lesson_publish(entry=entry, actor=me(request), **data)
        if not refused:
            messages.success(request, _("Erfaringen er delt med hele sektoren."))
            return redirect("onsite:lesson_detail", pk=lesson.pk)
    context = {
        "entry": entry,
        "project": entry.project,
        "form": form,
        "names_organisation": selectors.names_organisation(entry.project.organisation_id),
        "actions": access.actions_for(request.user, entry.project.organisation),
    }
    return render(request, "onsite/lessons/lesson_publish.html", context)


def lesson_list(request: HttpRequest) -> HttpResponse:
    form = LessonFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors are shown beside the fields; valid filters still apply
    lessons: QuerySet[Lesson] = selectors.lesson_search(form.filters())
    paginator = CappedPaginator(lessons, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "lessons": page, "total": paginator.count, "more": paginator.more}
    return render(request, "onsite/lessons/lesson_list.html", context)


def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.get_published_lesson(pk)
    context = {
        "lesson": lesson,
        "actions": access.actions_for(request.user, lesson),
        "project_kind_label": dict(ProjectKind.choices).get(lesson.project_kind, ""),
        "project_phase_label": dict(ProjectPhase.choices).get(lesson.project_phase, ""),
    }
    return render(request, "onsite/lessons/lesson_detail.html", context)


@login_required
@require_POST
def lesson_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = access.get_lesson_for_leader(request.user, pk)
    services.lesson_withdraw(lesson=lesson, actor=me(request))
    messages.success(request, _("Erfaringen er trukket tilbage og vises ikke længere."))
    return redirect("onsite:lessons")


@login_required
@require_POST
def lesson_feature(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.get_published_lesson(pk)
    require(access.actions_for(request.user, lesson).can_feature)
    featured = request.POST.get("featured") == "1"
    with service_refusal(request) as refused:
        services.lesson_set_featured(lesson=lesson, actor=me(request), featured=featured)
    if not refused:
        messages.success(
            request,
            _("Erfaringen vises nu på forsiden.")
            if featured
            else _("Erfaringen vises ikke længere på forsiden."),
        )
    return redirect("onsite:lesson_detail", pk=lesson.pk)


@login_required
@require_http_methods(["GET", "POST"])
def sharing(request: HttpRequest, org_pk: int) -> HttpResponse:
    organisation = access.get_sharing_organisation_for(request.user, org_pk)
    current = selectors.lesson_sharing_of(organisation)
    initial = {"name_in_lessons": "1" if current and current.name_in_lessons else "0"}
    form = LessonSharingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.lesson_sharing_set(
            organisation=organisation,
            actor=me(request),
            name_in_lessons=form.cleaned_data["name_in_lessons"],
        )
        messages.success(request, _("Beslutningen er gemt."))
        return redirect("onsite:sharing", org_pk=organisation.pk)
    context = {"organisation": organisation, "form": form, "current": current}
    return render(request, "onsite/lessons/sharing.html", context)


urlpatterns = [
    path("byggesager/log/<int:pk>/del/", lesson_publish, name="lesson_publish"),
    path("byggesager/deling/<int:org_pk>/", sharing, name="sharing"),
    path("erfaringer/", lesson_list, name="lessons"),
    path("erfaringer/<int:pk>/", lesson_detail, name="lesson_detail"),
    path("erfaringer/<int:pk>/tilbagetraek/", lesson_withdraw, name="lesson_withdraw"),
    path("erfaringer/<int:pk>/fremhaev/", lesson_feature, name="lesson_feature"),
]
