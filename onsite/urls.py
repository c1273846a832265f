"""URLs of pillar 3 (namespace ``onsite``): /byggesager/ and /erfaringer/."""

app_name = "onsite"

urlpatterns: list = []
