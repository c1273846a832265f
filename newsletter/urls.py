"""The newsletter's public addresses, under /nyhedsbrev/."""

from newsletter.views import public

app_name = "newsletter"

urlpatterns = public.urlpatterns
