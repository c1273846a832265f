"""Uploaded media by URL: Wagtail's images, and nothing else.

``MEDIA_URL`` is routed here in every environment, whether the files are on the local disk or in
a bucket (``lms.storage_config``): a bucket stays private, so the platform streams the images
from the ``default`` storage itself, with a ``Cache-Control`` that lets a caching proxy keep
them. Serving the whole media storage would hand out ``private/`` (evidence, site photos, data
exports) to anyone with the URL, and Wagtail's ``documents/`` past the collection privacy that
``/dokumenter/`` applies. Only the folders of Wagtail's images — public by design — are served.
"""

from __future__ import annotations

import errno
import posixpath
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.urls import URLPattern, re_path
from django.views.decorators.http import require_safe

# Wagtail's renditions and the originals they are made from.
PUBLIC_FOLDERS = frozenset({"images", "original_images"})
# A day: a rendition's name changes with its filter and focal point, so a cached copy is never
# wrong for long; an image deleted in Wagtail leaves the caches within the day.
CACHE_CONTROL = "public, max-age=86400"


def public_name(path: str) -> str | None:
    """The storage name of a public file at ``path`` under ``MEDIA_URL``, or None."""
    # Normalised first, so "images/../private/x" is judged as "private/x".
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    folder = normalised.split("/", 1)[0]
    if folder in PUBLIC_FOLDERS and "/" in normalised:
        return normalised
    return None


def is_public(path: str) -> bool:
    """Whether a path under ``MEDIA_URL`` may be served to anyone."""
    return public_name(path) is not None


@require_safe
def public_media(request: HttpRequest, path: str) -> FileResponse:
    """A file from a public media folder, streamed from the default storage; 404 for everything
    else, private files first."""
    name = public_name(path)
    if name is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise Http404 from exc
    except OSError as exc:
        # A name longer than the file system allows names no file; any other disk error is one.
        if exc.errno != errno.ENAMETOOLONG:
            raise
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def urlpatterns() -> list[URLPattern]:
    """``MEDIA_URL`` routed to ``public_media``: what ``lms.urls`` adds instead of
    ``static(MEDIA_URL, document_root=MEDIA_ROOT)``, which would serve ``private/`` too."""
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", public_media, name="public_media")]
