"""The public site's course pages: guides, enrolment, comparison, progress and approvals.
Included by lms.urls at the root."""

from django.urls import path

from courses.views import catalogue, learner, module_sheets, trials

urlpatterns = [
    path("vejledninger/", catalogue.guide_list, name="guide_list"),
    path("vejledninger/<str:code>/", catalogue.guide_detail, name="guide_detail"),
    path("kurser/tilmelding/<int:course_pk>/", learner.enrol, name="enrol"),
    path("kurser/sammenlign/", catalogue.compare, name="course_compare"),
    path("moduler/<int:module_pk>/gennemfoert/", learner.module_done, name="module_done"),
    path(
        "moduler/<int:module_pk>/svar/<str:block_id>/",
        module_sheets.module_sheet,
        name="module_sheet",
    ),
    path(
        "moduler/svar/<int:pk>/version/<int:number>/",
        module_sheets.module_sheet_version,
        name="module_sheet_version",
    ),
    path("moduler/svar/<int:pk>/pdf/", module_sheets.module_sheet_pdf, name="module_sheet_pdf"),
    path("tilmeldinger/<int:pk>/afmeld/", learner.cancel, name="enrolment_cancel"),
    path("tilmeldinger/<int:pk>/evaluering/", learner.evaluate, name="enrolment_evaluate"),
    path(
        "tilmeldinger/<int:pk>/evaluering-af-proevehold/",
        trials.trial_evaluate,
        name="trial_evaluate",
    ),
    path(
        "tilmeldinger/<int:pk>/evaluering-af-proevehold/aflever/",
        trials.trial_evaluation_submit,
        name="trial_evaluation_submit",
    ),
    path("godkendelser/", learner.approvals, name="approvals"),
    path("godkendelser/<int:pk>/", learner.approval_decide, name="approval_decide"),
    path("godkendelser/tilmeld-kollega/", learner.enrol_colleague, name="enrol_colleague"),
]
