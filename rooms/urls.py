"""URLs of the project web (namespace ``rooms``): /rum/.

Each views module keeps its own ``urlpatterns``; this file only joins them.
"""

from rooms.views import documents, erfa, forum, meetings, members, rooms, votes

app_name = "rooms"

urlpatterns = [
    *rooms.urlpatterns,
    *members.urlpatterns,
    *documents.urlpatterns,
    *meetings.urlpatterns,
    *forum.urlpatterns,
    *votes.urlpatterns,
    *erfa.urlpatterns,
]
