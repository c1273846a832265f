from django.urls import path

from courses import learner_views, views

urlpatterns = [
    path("vejledninger/", views.guide_list, name="guide_list"),
    path("vejledninger/<str:code>/", views.guide_detail, name="guide_detail"),
    path("kurser/tilmelding/<int:course_pk>/", learner_views.enrol, name="enrol"),
    path("kurser/sammenlign/", views.compare, name="course_compare"),
    path("moduler/<int:module_pk>/gennemfoert/", learner_views.module_done, name="module_done"),
    path("tilmeldinger/<int:pk>/afmeld/", learner_views.cancel, name="enrolment_cancel"),
    path("tilmeldinger/<int:pk>/evaluering/", learner_views.evaluate, name="enrolment_evaluate"),
    path("godkendelser/", learner_views.approvals, name="approvals"),
    path("godkendelser/<int:pk>/", learner_views.approval_decide, name="approval_decide"),
    path("godkendelser/tilmeld-kollega/", learner_views.enrol_colleague, name="enrol_colleague"),
]
