from django.urls import path

from organisations import views

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
]
