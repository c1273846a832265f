"""Uploaded media in development (``make run``): Wagtail's images, and nothing else.

Under DEBUG, Django serves ``MEDIA_URL`` itself. Serving the whole ``MEDIA_ROOT`` would hand out
``private/`` (evidence, site photos, data exports) to anyone with the URL, and Wagtail's
``documents/`` past the collection privacy that ``/dokumenter/`` applies. Only the folders of
Wagtail's images — public by design — are served; the web server in production must do the same.
"""

from __future__ import annotations

import posixpath
import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.urls import URLPattern, re_path
from django.views.static import serve

# Wagtail's renditions and the originals they are made from.
PUBLIC_FOLDERS = frozenset({"images", "original_images"})


def is_public(path: str) -> bool:
    """Whether a path under ``MEDIA_ROOT`` may be served to anyone."""
    # The same normalising ``serve`` does, so "images/../private/x" is judged as "private/x".
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    folder = normalised.split("/", 1)[0]
    return folder in PUBLIC_FOLDERS and "/" in normalised


def public_media(request: HttpRequest, path: str) -> FileResponse:
    """A file from a public media folder; 404 for everything else, private files first."""
    if not is_public(path):
        raise Http404
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def debug_urlpatterns() -> list[URLPattern]:
    """``MEDIA_URL`` routed to ``public_media``: what ``lms.urls`` adds under DEBUG instead of
    ``static(MEDIA_URL, document_root=MEDIA_ROOT)``, which would serve ``private/`` too."""
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", public_media)]
