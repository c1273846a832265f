"""URLs of the process tools (namespace ``processes``): /forloeb/.

Each views module keeps its own ``urlpatterns``; this file only joins them.
"""

from processes.views import anchoring, documents, history, milestones, processes, sheets, team

app_name = "processes"

urlpatterns = [
    *processes.urlpatterns,
    *milestones.urlpatterns,
    *documents.urlpatterns,
    *sheets.urlpatterns,
    *history.urlpatterns,
    *anchoring.urlpatterns,
    *team.urlpatterns,
]
