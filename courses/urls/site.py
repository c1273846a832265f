"""The public site's course pages: guides, enrolment, comparison, progress and approvals.
Included by lms.urls at the root."""

from django.urls import path

from courses.views import catalogue, learner

urlpatterns = [
    path("vejledninger/", catalogue.guide_list, name="guide_list"),
    path("vejledninger/<str:code>/", catalogue.guide_detail, name="guide_detail"),
    path("kurser/tilmelding/<int:course_pk>/", learner.enrol, name="enrol"),
    path("kurser/sammenlign/", catalogue.compare, name="course_compare"),
    path("moduler/<int:module_pk>/gennemfoert/", learner.module_done, name="module_done"),
    path("tilmeldinger/<int:pk>/afmeld/", learner.cancel, name="enrolment_cancel"),
    path("tilmeldinger/<int:pk>/evaluering/", learner.evaluate, name="enrolment_evaluate"),
    path("godkendelser/", learner.approvals, name="approvals"),
    path("godkendelser/<int:pk>/", learner.approval_decide, name="approval_decide"),
    path("godkendelser/tilmeld-kollega/", learner.enrol_colleague, name="enrol_colleague"),
]
