"""URLs of pillar 3 (namespace ``onsite``): /byggesager/ and /erfaringer/.

Each views module keeps its own ``urlpatterns``; this file only joins them.
"""

from onsite.views import effects, entries, lessons, projects, reports

app_name = "onsite"

urlpatterns = [
    *projects.urlpatterns,
    *entries.urlpatterns,
    *effects.urlpatterns,
    *lessons.urlpatterns,
    *reports.urlpatterns,
]
