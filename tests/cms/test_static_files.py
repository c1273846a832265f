"""Static files in production: compressed (brotli and gzip) and, once their name carries a
hash, cached by browsers for good (WhiteNoise with CompressedManifestStaticFilesStorage, as
lms/settings/production.py configures it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

CSS = "".join(f".rule-{n} {{ color: #0b5394; margin: {n}px; }}\n" for n in range(400))


@pytest.fixture
def production_static(tmp_path: Path):
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text(CSS)
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=tmp_path / "collected",
        STATICFILES_DIRS=[source],
        # Only our one file: collecting Wagtail's admin would take a minute.
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield WhiteNoiseMiddleware(get_response=lambda request: None)


def fetch(middleware: WhiteNoiseMiddleware, url: str, encoding: str = ""):
    request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING=encoding)
    response = middleware(request)
    assert response is not None and response.status_code == 200
    return response


def test_a_hashed_file_is_cached_for_good(production_static):
    url = static("css/site.css")
    assert url != "/static/css/site.css"  # the name carries the content's hash
    response = fetch(production_static, url)
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= 31_536_000  # at least a year (WhiteNoise gives ten)


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_compressed_variants_are_served(production_static, accept, encoding):
    response = fetch(production_static, static("css/site.css"), accept)
    assert response["Content-Encoding"] == encoding
    assert int(response["Content-Length"]) < len(CSS) / 4
    assert "Accept-Encoding" in response["Vary"]


def test_the_unhashed_name_is_cached_briefly(production_static):
    response = fetch(production_static, "/static/css/site.css")
    assert "immutable" not in response["Cache-Control"]
