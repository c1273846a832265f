from django.urls import path

from organisations import views, views_import

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path(
        "<int:pk>/afdelinger/<int:department_pk>/",
        views.department_detail,
        name="department",
    ),
    path("<int:pk>/invitationer/", views.invitation_list, name="invitations"),
    path(
        "<int:pk>/invitationer/<int:invitation_pk>/tilbagekald/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    # The HR import of people (organisations.views_import).
    path("<int:pk>/personimport/", views_import.import_list, name="imports"),
    path(
        "<int:pk>/personimport/<int:import_pk>/",
        views_import.import_detail,
        name="import_detail",
    ),
    path(
        "<int:pk>/personimport/<int:import_pk>/status/",
        views_import.import_status,
        name="import_status",
    ),
    path(
        "<int:pk>/personimport/<int:import_pk>/raekker/<int:row_pk>/ret/",
        views_import.import_row_fix,
        name="import_row_fix",
    ),
    path(
        "<int:pk>/personimport/<int:import_pk>/bekraeft/",
        views_import.import_confirm,
        name="import_confirm",
    ),
    path(
        "<int:pk>/personimport/<int:import_pk>/annuller/",
        views_import.import_cancel,
        name="import_cancel",
    ),
    path(
        "<int:pk>/personimport/<int:import_pk>/fortsaet/",
        views_import.import_resume,
        name="import_resume",
    ),
    path(
        "<int:pk>/personimport/<int:import_pk>/fejl.<str:fmt>",
        views_import.import_report,
        name="import_report",
    ),
    path(
        "personimport/skabelon.<str:fmt>",
        views_import.import_template,
        name="import_template",
    ),
]
