import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

application = get_wsgi_application()

# The first /readyz of a new app server must not spend its 2 s importing migration files.
from core.ops.health import preload_migrations  # noqa: E402  (needs the apps loaded above)

preload_migrations()
