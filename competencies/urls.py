"""URLs of pillar 2, under the ``competencies`` namespace.

Each views module keeps its own ``urlpatterns``; this file only joins them.
"""

from competencies.views import advisers, evidence, hr, overview, plans, strategies

app_name = "competencies"

urlpatterns = [
    *overview.urlpatterns,
    *plans.urlpatterns,
    *evidence.urlpatterns,
    *hr.urlpatterns,
    *strategies.urlpatterns,
    *advisers.urlpatterns,
]
