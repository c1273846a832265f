"""URLs of pillar 2, under the ``competencies`` namespace.

Each views module keeps its own ``urlpatterns``; this file only joins them.
"""

from competencies.views import advisers, evidence, hr, overview, plan_items, plans, strategies

app_name = "competencies"

urlpatterns = [
    *overview.urlpatterns,
    *plans.urlpatterns,
    *plan_items.urlpatterns,
    *evidence.urlpatterns,
    *hr.urlpatterns,
    *strategies.urlpatterns,
    *advisers.urlpatterns,
]
