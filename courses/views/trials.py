"""A participant's structured evaluation of a trial session (prøvehold): fill in the session's
evaluation tool, save it as a draft, hand it in once; afterwards the answers are read-only.

Only the participant reaches the page (``courses.access.get_trial_enrolment_for``: 404 for
everybody else, also for HR and the provider); writes are ``courses.services.trials``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import require
from core.views import service_refusal
from courses import access
from courses.selectors import trials as selectors
from courses.services import trials as services
from organisations.access import me
from tools.forms import SheetForm
from tools.selectors import answers_for_display


@login_required
@require_http_methods(["GET", "POST"])
def trial_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the questions (or, once handed in, the answers). POST: save the draft."""
    enrolment = access.get_trial_enrolment_for(request.user, pk)
    state = selectors.trial_evaluation_state(enrolment)
    actions = access.trial_evaluation_actions_for(request.user, state.submitted)
    form = SheetForm(
        state.schema,
        request.POST if request.method == "POST" else None,
        initial_answers=state.answers,
        base_version=state.version,
    )
    if request.method == "POST":
        require(actions.can_save)
        if form.is_valid():
            with service_refusal(form) as refused:
                services.trial_evaluation_save(
                    enrolment=enrolment,
                    answers=form.answers(),
                    actor=me(request),
                    base_version=form.cleaned_data["base_version"],
                )
            if not refused:
                messages.success(
                    request,
                    _("Dine svar er gemt. Aflever evalueringen, når du er færdig."),
                )
                return redirect("trial_evaluate", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "session": enrolment.session,
        "state": state,
        "sheet": state.evaluation.sheet if state.evaluation else None,
        "actions": actions,
        "form": form,
        "rows": answers_for_display(state.schema, state.answers),
    }
    return render(request, "courses/trials/evaluate.html", context)


@login_required
@require_POST
def trial_evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the saved evaluation in: once; read-only afterwards."""
    enrolment = access.get_trial_enrolment_for(request.user, pk)
    state = selectors.trial_evaluation_state(enrolment)
    require(access.trial_evaluation_actions_for(request.user, state.submitted).can_submit)
    with service_refusal(request) as refused:
        services.trial_evaluation_submit(enrolment=enrolment, actor=me(request))
    if not refused:
        messages.success(request, _("Tak! Din evaluering er afleveret til kursusudbyderen."))
    return redirect("trial_evaluate", pk=enrolment.pk)
