"""Account pages of our own, mounted under /konto/ beside allauth's."""

from django.urls import path

from organisations import views

urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
