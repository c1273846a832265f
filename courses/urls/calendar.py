"""Calendar downloads and the personal feed; included by lms.urls under ``kalender/``."""

from django.urls import path

from courses.views import calendar

urlpatterns = [
    path("hold/<int:session_id>.ics", calendar.session_ics, name="calendar_session"),
    path("feed/<str:token>.ics", calendar.feed, name="calendar_feed"),
    path("feed/nyt-link/", calendar.feed_rotate, name="calendar_feed_rotate"),
    path("feed/sluk/", calendar.feed_disable, name="calendar_feed_disable"),
]
