"""Every response carries a Content-Security-Policy; inline scripts run only with its nonce."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import reverse

from core.middleware import ContentSecurityPolicyMiddleware, csp_context

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def nonce_of(response) -> str:
    match = re.search(r"'nonce-([^']+)'", directives(response)["script-src"])
    assert match, response["Content-Security-Policy"]
    return match.group(1)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/vejledninger/",
        "/konto/login/",
        "/soeg/?q=drift",
        "/findes-ikke/",
        "/static/css/lms.css",
    ],
)
def test_every_response_has_the_policy(client, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["img-src"] == "'self' data:"
    assert "unsafe-inline" not in policy["script-src"]
    assert "unsafe-eval" not in policy["script-src"]


def test_the_nonce_is_new_for_every_request(client):
    assert nonce_of(client.get("/konto/login/")) != nonce_of(client.get("/konto/login/"))


def test_every_script_on_a_page_is_external_or_carries_the_nonce(client):
    response = client.get(reverse("account_login"))
    nonce = nonce_of(response)
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script")
    assert scripts, "the page loads its scripts"
    for script in scripts:
        if script.get("type") == "application/json":
            continue  # data, never run
        assert script.get("src") or script.get("nonce") == nonce, script
    # django-htmx reads the same context variable, so the header and the tags agree.
    assert any(script.get("nonce") == nonce for script in scripts)


def test_an_inline_script_in_a_template_gets_the_requests_nonce(rf):
    def view(request):
        template = Template('<script nonce="{{ csp_nonce }}">1</script>')
        return HttpResponse(template.render(Context(csp_context(request))))

    request = rf.get("/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    assert f'nonce="{request.csp_nonce}"' in response.content.decode()
    assert f"'nonce-{request.csp_nonce}'" in response["Content-Security-Policy"]


def test_our_templates_have_no_inline_script_without_the_nonce():
    # Inline scripts and event handlers are refused by the policy: a template that adds one
    # without the nonce would break in the browser, so it is caught here.
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag and "application/json" not in tag:
                offenders.append(f"{path.relative_to(root)}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path.relative_to(root)}: event handler {handler.strip()}")
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(root)}: javascript: URL")
    assert not offenders, "\n".join(offenders)


def test_the_wagtail_admin_gets_its_relaxed_policy(client):
    # Wagtail inserts inline scripts of its own without a nonce; see core.middleware.
    policy = directives(client.get("/admin/"))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_a_page_that_allows_framing_by_its_own_site_keeps_that(rf):
    def view(request):
        response = HttpResponse("preview")
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/admin/pages/1/edit/preview/"))
    assert directives(response)["frame-ancestors"] == "'self'"
