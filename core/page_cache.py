"""Whole public pages cached for anonymous visitors, purged by generation numbers.

What is cached: an anonymous GET (or HEAD) of a page that ``settings.PAGE_CACHE_RULES`` names,
by its Wagtail page type (``"cms.homepage"``) or its URL name (``"guide_detail"``,
``"onsite:lessons"``). The rule lists the *families* of data the page shows (``"catalogue"``,
``"news"`` …); every entry also belongs to the family ``"site"`` (menus and teasers change with
any published page).

Purging is one ``INCR``: each family has a generation number in the cache; an entry records
the generations it was rendered under and is stale as soon as one of them has moved. The
generations of every family are read (with the entry) in one round trip before the view runs,
so a change committed while a page renders makes that page stale at once.

What varies the key: scheme, host, the full path with its query string (filters, page number,
search terms), the chosen language (a cookie) and whether htmx asked for a fragment.

Who is never served from or stored in the cache: anyone with a session cookie (a logged-in
person, or a visitor with messages or a password-protected page unlocked), a request with
a messages cookie, a response that sets a cookie of its own, that is not a 200, or that
touched the session. Two things in a cached page belong to one request and are re-minted on
every hit: the CSP script nonce (``core.middleware``) and the CSRF token of its forms (the
language switcher on every page), so a cached page posts like a fresh one.

With Redis down the cache reads nothing and stores nothing (``core.cache``): pages are rendered
as if no cache existed.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

SITE = "site"
GENERATION_KEY = "pagecache:gen:{family}"
ENTRY_KEY = "pagecache:page:{digest}"
FRAGMENT_KEY = "pagecache:fragment:{digest}"
NONCE_MARK = b"\x00csp-nonce\x00"
CSRF_MARK = b"\x00csrf-token\x00"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def families() -> tuple[str, ...]:
    """Every family of the rules, "site" first."""
    names = {name for rule in settings.PAGE_CACHE_RULES.values() for name in rule}
    return (SITE, *sorted(names - {SITE}))


def _new_generation() -> int:
    # Unique over time, so a generation lost with an evicted key never comes back.
    return time.time_ns()


def bump(*names: str) -> None:
    """Purge every cached page of these families (one INCR each)."""
    for name in names:
        key = GENERATION_KEY.format(family=name)
        try:
            cache.incr(key)
        except ValueError:  # never set, evicted, or Redis unreachable
            cache.set(key, _new_generation(), timeout=None)


def bump_on_commit(*names: str) -> Callable[[], None]:
    """A callable for ``transaction.on_commit`` that bumps ``names``."""
    return lambda: bump(*names)


def mark_page(request: HttpRequest, label: str) -> None:
    """Tell the middleware which page type answered (Wagtail's ``before_serve_page``)."""
    request.page_cache_label = label  # type: ignore[attr-defined]


def cached_fragment(
    name: str, parts: Iterable[object], families: Iterable[str], build: Callable[[], str]
) -> str:
    """A rendered fragment that is the same for everyone who sees it (a logged-in person's page
    too), cached until one of its ``families`` (or "site") is purged; ``parts`` are what else
    varies it (the language, the query string …). ``build`` renders it on a miss. It must not
    contain anything of one request (a CSRF token, a CSP nonce)."""
    if not settings.PAGE_CACHE_TIMEOUT:
        return build()
    names = (SITE, *families)
    found = cache.get_many([GENERATION_KEY.format(family=n) for n in names])
    current = _generations(found, names)
    if len(current) < len(names):  # Redis unreachable: render as if there were no cache
        return build()
    stamp = [name, *map(str, parts), *(f"{n}={current[n]}" for n in names)]
    key = FRAGMENT_KEY.format(digest=hashlib.sha256("\n".join(stamp).encode()).hexdigest())
    html = cache.get(key)
    if not isinstance(html, str):
        html = build()
        cache.set(key, html, timeout=settings.PAGE_CACHE_TIMEOUT)
    return html


@dataclass(frozen=True)
class Entry:
    generations: dict[str, int]
    content: bytes
    content_type: str


def _rule(request: HttpRequest) -> tuple[str, ...] | None:
    rules: dict[str, tuple[str, ...]] = settings.PAGE_CACHE_RULES
    label = getattr(request, "page_cache_label", None)
    if label is not None:
        return rules.get(label)
    match = request.resolver_match
    return rules.get(match.view_name) if match else None


def _may_use(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    return True


def _key(request: HttpRequest) -> str:
    parts = [
        request.scheme or "",
        request.get_host(),
        getattr(request, "LANGUAGE_CODE", ""),
        "htmx" if request.headers.get("HX-Request") else "",
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return ENTRY_KEY.format(digest=digest)


def _generations(found: dict[str, object], names: Iterable[str]) -> dict[str, int]:
    """The current generation of each family; a missing one is started now."""
    current: dict[str, int] = {}
    for name in names:
        key = GENERATION_KEY.format(family=name)
        value = found.get(key)
        if not isinstance(value, int):
            value = _new_generation()
            if not cache.add(key, value, timeout=None):
                continue  # Redis unreachable, or another process started it a moment ago
        current[name] = value
    return current


def _fresh(entry: object, current: dict[str, int]) -> Entry | None:
    if not isinstance(entry, Entry):
        return None
    for name, generation in entry.generations.items():
        if current.get(name) != generation:
            return None
    return entry


def _serve(request: HttpRequest, entry: Entry) -> HttpResponse:
    content = entry.content.replace(NONCE_MARK, getattr(request, "csp_nonce", "").encode())
    if CSRF_MARK in content:
        content = content.replace(CSRF_MARK, get_token(request).encode())
    response = HttpResponse(content, content_type=entry.content_type)
    response["X-Page-Cache"] = "hit"
    return response


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and messages.added_new:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _entry(request: HttpRequest, response: HttpResponse, generations: dict[str, int]) -> Entry:
    content = response.content
    nonce = getattr(request, "csp_nonce", "")
    if nonce:
        content = content.replace(nonce.encode(), NONCE_MARK)
    content = _CSRF_INPUT.sub(rb"\1" + CSRF_MARK + rb"\2", content)
    return Entry(generations, content, response.get("Content-Type", "text/html"))


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' pages (see the module's docstring). Goes after the
    session, language, CSRF, authentication and messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_TIMEOUT or not _may_use(request):
            return self.get_response(request)
        key = _key(request)
        names = families()
        found = cache.get_many([key, *(GENERATION_KEY.format(family=n) for n in names)])
        current = _generations(found, names)
        entry = _fresh(found.get(key), current)
        if entry is not None:
            return _serve(request, entry)
        response = self.get_response(request)
        rule = _rule(request)
        if rule is None or not _storable(request, response):
            return response
        wanted = {SITE, *rule}
        if wanted <= current.keys():
            generations = {name: current[name] for name in wanted}
            timeout = settings.PAGE_CACHE_TIMEOUT
            cache.set(key, _entry(request, response, generations), timeout=timeout)
            response["X-Page-Cache"] = "miss"
        return response
