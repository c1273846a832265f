"""Sign-up URLs of events, mounted under /arrangementer-tilmelding/ (the event pages themselves
are Wagtail pages below /arrangementer/)."""

from django.urls import path

from events.views import registrations

app_name = "events"

urlpatterns = [
    path("<int:pk>/tilmeld/", registrations.signup, name="signup"),
    path("<int:pk>/kalender.ics", registrations.ics, name="ics"),
    path("tilmelding/<int:pk>/afmeld/", registrations.cancel, name="cancel"),
    path("bekraeft/<str:signed>/", registrations.confirm, name="confirm"),
    path("afmeld/<str:signed>/", registrations.cancel_link, name="cancel_link"),
]
