"""Included by lms.urls under ``kalender/``."""

from django.urls import path

from courses import calendar_views

urlpatterns = [
    path("hold/<int:session_id>.ics", calendar_views.session_ics, name="calendar_session"),
    path("feed/<str:token>.ics", calendar_views.feed, name="calendar_feed"),
    path("feed/nyt-link/", calendar_views.feed_rotate, name="calendar_feed_rotate"),
    path("feed/sluk/", calendar_views.feed_disable, name="calendar_feed_disable"),
]
