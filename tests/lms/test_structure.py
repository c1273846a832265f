"""The structure rules of docs/architecture.md that import contracts cannot see (issue 12).

Read from the source with ``ast`` (not grep, so comments, docstrings and strings never count and
``request.GET.get("q")`` is not taken for a query):

- a view module runs no ORM query: reads go through selectors or QuerySet methods, writes
  through services;
- a view module decides no access: it asks the app's policy (``<app>/access.py``) for the rows,
  the object and the ``actions`` flags, and refuses with ``require(...)`` (never a
  ``PermissionDenied``, ``HttpResponseForbidden`` or ``status=403`` of its own);
- a lower layer never names a higher app in a string (a model label, an app label, a URL name):
  a string coupling is an import that import-linter does not see.

Each failure lists every offence as ``path:line: what``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "core",
    "organisations",
    "competencies",
    "tools",
    "courses",
    "onsite",
    "processes",
    "rooms",
    "events",
    "newsletter",
    "api",
    "cms",
    "privacy",
    "lms",
)

# --- Which modules are view modules ---------------------------------------------------------
# By pattern, so that a new view module is checked the day it is written. Wagtail's
# wagtail_hooks.py is registration (menu items, viewsets declaring their queryset), not a view
# module; the admin's own views live in admin_*.py modules or an admin/ package.
VIEW_MODULE_PATTERNS = (
    "*/views.py",
    "*/views/*.py",
    "*/*_views.py",
    "*/admin_*.py",
    "*/admin/*.py",
)
# The start page is a view that composes the pillars' selectors (the composition layer).
EXTRA_VIEW_MODULES = ("cms/overview.py",)


def view_modules() -> list[Path]:
    found: set[Path] = set()
    for app in APPS:
        for pattern in VIEW_MODULE_PATTERNS:
            # "*/" stands for the app's folder or any folder inside it.
            found.update((ROOT / app).glob("**/" + pattern.removeprefix("*/")))
    found.update(ROOT / name for name in EXTRA_VIEW_MODULES if (ROOT / name).exists())
    return sorted(p for p in found if "migrations" not in p.parts)


# --- What counts as an ORM query ------------------------------------------------------------
# QuerySet/manager methods that no other object in a view has under the same name.
QUERY_METHODS = frozenset(
    {
        "filter",
        "exclude",
        "annotate",
        "alias",
        "order_by",
        "values_list",
        "select_related",
        "prefetch_related",
        "aggregate",
        "only",
        "defer",
        "distinct",
        "in_bulk",
        "iterator",
        "select_for_update",
        "get_or_create",
        "update_or_create",
        "bulk_create",
        "bulk_update",
        "raw",
        "extra",
        "latest",
        "earliest",
        # Wagtail's PageQuerySet and treebeard's tree reads
        "child_of",
        "descendant_of",
        "ancestor_of",
        "sibling_of",
    }
)
# QuerySet methods whose names dicts, lists and strings share: a query only in the call shape
# that the other types never use.
NO_ARGUMENT_QUERIES = frozenset(
    {
        "count",  # list.count(x), str.count(s) take one
        "exists",
        "first",
        "last",
        "live",
        "public",
        "get_children",
        "get_descendants",
        "get_ancestors",
    }
)
ARGUMENT_QUERIES = frozenset({"values"})  # dict.values() takes none
# .get(pk=…) but dict.get("k"); dict.update(a=1) is common in get_context_data, so no "update"
KEYWORD_QUERIES = frozenset({"get", "create"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
# Query expressions built in a view are a query written in the view.
EXPRESSION_MODULES = ("django.db.models",)

# --- What counts as an access decision ------------------------------------------------------
# Role and scope primitives of the policies: a view that calls one decides for itself.
ACCESS_PRIMITIVES = frozenset(
    {
        "has_role",
        "is_hr",
        "roles_in",
        "is_network_editor",
        "is_provider_editor",
        "is_project_leader",
        "is_project_member",
        "is_author",
        "is_approver",
        "looks_after",
        "may_grant_hr",
        "sees_all_members",
        "department_scope",
        "approver_organisation_ids",
        "hr_organisation_ids",
        "decider_organisation_ids",
        "organisation_ids_with_any_role",
        "looked_after_memberships",
        "own_or_looked_after",
        "active_memberships",
        "approvers_of",
        "has_perm",
        "has_perms",
    }
)
PRIVILEGE_ATTRIBUTES = frozenset({"is_superuser", "is_staff"})
# "The person" in a view: request.user, me(request), or a local of one of these names.
PERSON_NAMES = frozenset({"user", "me", "actor", "viewer", "person", "learner"})
OWNER_ATTRIBUTES = re.compile(
    r"^(user|owner|author|created_by|invited_by|requested_by|leader|learner|person|member)(_id)?$"
)


@dataclass(frozen=True)
class Offence:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.what}"


def dotted(node: ast.AST) -> str:
    """``request.user.pk`` for an attribute chain; '' for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call) and dotted(node.func) in {"me", "access.me"}:
        parts.append("me()")
        return ".".join(reversed(parts))
    return ""


def is_person(node: ast.AST) -> bool:
    name = dotted(node)
    for suffix in ("", ".pk", ".id"):
        if suffix and not name.endswith(suffix):
            continue
        base = name.removesuffix(suffix) if suffix else name
        if base in {"request.user", "self.request.user", "me()"} or base in PERSON_NAMES:
            return True
    return False


def is_owner_reference(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and bool(OWNER_ATTRIBUTES.match(node.attr))


def called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def orm_offences(path: Path, tree: ast.AST) -> Iterator[Offence]:
    expression_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(EXPRESSION_MODULES):
            expression_names.update(alias.asname or alias.name for alias in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            yield Offence(path, node.lineno, f"{dotted(node) or '….objects'}: a manager in a view")
        if not isinstance(node, ast.Call):
            continue
        name = called_name(node)
        is_method = isinstance(node.func, ast.Attribute)
        has_arguments = bool(node.args or node.keywords)
        if is_method and name in QUERY_METHODS:
            yield Offence(path, node.lineno, f".{name}(): a query in a view")
        elif is_method and name in NO_ARGUMENT_QUERIES and not has_arguments:
            yield Offence(path, node.lineno, f".{name}(): a query in a view")
        elif is_method and name in ARGUMENT_QUERIES and has_arguments:
            yield Offence(path, node.lineno, f".{name}(…): a query in a view")
        elif is_method and name in KEYWORD_QUERIES and node.keywords and not node.args:
            yield Offence(path, node.lineno, f".{name}(…=…): a query in a view")
        elif name in SHORTCUTS:
            yield Offence(path, node.lineno, f"{name}(): a query in a view")
        elif not is_method and name in expression_names and name[:1].isupper():
            yield Offence(path, node.lineno, f"{name}(…): a query expression built in a view")


def access_offences(path: Path, tree: ast.AST) -> Iterator[Offence]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if dotted(raised).endswith("PermissionDenied"):
                yield Offence(path, node.lineno, "raise PermissionDenied: refuse with require()")
        if isinstance(node, ast.Call) and called_name(node) == "HttpResponseForbidden":
            yield Offence(path, node.lineno, "HttpResponseForbidden: refuse with require()")
        if isinstance(node, ast.keyword) and node.arg == "status":
            if isinstance(node.value, ast.Constant) and node.value.value == 403:
                yield Offence(path, node.value.lineno, "status=403: refuse with require()")
        if isinstance(node, ast.Call) and called_name(node) in ACCESS_PRIMITIVES:
            yield Offence(path, node.lineno, f"{called_name(node)}(): an access decision in a view")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in PRIVILEGE_ATTRIBUTES
            and isinstance(node.ctx, ast.Load)
        ):
            yield Offence(
                path, node.lineno, f"{dotted(node) or node.attr}: a privilege check in a view"
            )
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            people = [o for o in operands if is_person(o)]
            owners = [o for o in operands if is_owner_reference(o) and not is_person(o)]
            if people and owners:
                yield Offence(
                    path,
                    node.lineno,
                    f"{ast.unparse(node)}: an ownership check in a view",
                )


def parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


Check = Callable[[Path, ast.AST], Iterable[Offence]]


def collect(paths: Iterable[Path], check: Check) -> list[Offence]:
    offences: list[Offence] = []
    for path in paths:
        offences.extend(check(path, parse(path)))
    return sorted(set(offences), key=lambda o: (str(o.path), o.line, o.what))


def report(offences: list[Offence], rule: str) -> str:
    lines = "\n".join(str(o) for o in offences)
    return f"{len(offences)} offence(s) against '{rule}':\n{lines}"


# --- The rules ------------------------------------------------------------------------------


def test_the_view_module_patterns_find_the_view_modules():
    found = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert len(found) >= 15, sorted(found)
    assert {"organisations/views.py", "cms/overview.py"} <= found
    assert any(name.startswith("onsite/views/") for name in found)
    assert any(name.startswith("competencies/views/") for name in found)
    assert not any("/migrations/" in name or name.startswith("tests/") for name in found)


def test_view_modules_run_no_orm_queries():
    offences = collect(view_modules(), orm_offences)
    assert not offences, report(offences, "a view module runs no ORM query")


def test_view_modules_decide_no_access():
    offences = collect(view_modules(), access_offences)
    assert not offences, report(offences, "a view module decides no access")


# --- String couplings: a lower layer names no higher app ------------------------------------
# The layers of [tool.importlinter] in pyproject.toml, bottom first; an app may name the apps of
# its own layer's lower neighbours, never one above it or its sibling.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"core"}),
    frozenset({"organisations"}),
    frozenset({"competencies", "tools"}),
    frozenset({"courses", "onsite"}),
    frozenset({"processes", "rooms", "events", "api"}),
    frozenset({"newsletter"}),
    frozenset({"cms", "privacy"}),
    frozenset({"lms"}),
)


def forbidden_names(app: str) -> frozenset[str]:
    """The apps ``app`` may not name: every higher layer and its own siblings."""
    level = next(i for i, layer in enumerate(LAYERS) if app in layer)
    higher = set().union(*LAYERS[level + 1 :])
    return frozenset(higher | (LAYERS[level] - {app}))


def string_offences(path: Path, tree: ast.AST, forbidden: frozenset[str]) -> Iterator[Offence]:
    apps = "|".join(sorted(forbidden))
    label = re.compile(rf"^({apps})(\.[A-Z]\w*|:[\w-]+)$")  # "courses.CourseSession", "onsite:x"
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if label.match(node.value):
                yield Offence(path, node.lineno, f"{node.value!r} names a higher app")
        if isinstance(node, ast.Call):
            if called_name(node) == "get_model" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and first.value in forbidden:
                    yield Offence(path, node.lineno, f"get_model({first.value!r}, …)")
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg
                    and keyword.arg.endswith("app_label")
                    and isinstance(value, ast.Constant)
                    and value.value in forbidden
                ):
                    yield Offence(path, node.lineno, f"{keyword.arg}={value.value!r}")


TEMPLATE_URL = re.compile(r"""\{%\s*url\s+["'](?P<app>\w+):""")


def template_offences(app: str, forbidden: frozenset[str]) -> Iterator[Offence]:
    for template in sorted((ROOT / app).glob("templates/**/*.*")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for match in TEMPLATE_URL.finditer(line):
                if match["app"] in forbidden:
                    yield Offence(
                        template, number, f"{{% url '{match['app']}:…' %}} names a higher app"
                    )


def app_modules(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("app", [a for a in APPS if a != "lms"])
def test_a_lower_layer_names_no_higher_app(app):
    forbidden = forbidden_names(app)
    offences = sorted(
        {
            *(o for p in app_modules(app) for o in string_offences(p, parse(p), forbidden)),
            *template_offences(app, forbidden),
        },
        key=lambda o: (str(o.path), o.line),
    )
    assert not offences, report(offences, f"{app} names none of {sorted(forbidden)}")


# --- The checker itself ---------------------------------------------------------------------


def offences_in(source: str, check: Check) -> list[str]:
    tree = ast.parse(source)
    return [o.what for o in check(ROOT / "x.py", tree)]


def test_the_orm_check_finds_queries_and_leaves_dicts_alone():
    source = (
        "from django.db.models import Count, Q\n"
        "def view(request, pk):\n"
        "    a = Plan.objects.all()\n"
        "    b = plans.filter(owner=request.user).order_by('x')\n"
        "    c = plan.items.count()\n"
        "    d = Plan.plans.get(pk=pk)\n"
        "    e = get_object_or_404(Plan, pk=pk)\n"
        "    f = qs.annotate(n=Count('x'))\n"
        "    ok = request.GET.get('q', '')\n"
        "    ok2 = ', '.join(names).count(',')\n"
        "    ok3 = form.cleaned_data.values()\n"
        "    ok4 = context.update(extra)\n"
        "    g = qs.values('id')\n"
        "    h = page.get_children().live()\n"
        "    ok5 = context.update(title='x')\n"
    )
    found = offences_in(source, orm_offences)
    # objects, filter, order_by, count, get, 404, annotate, Count, values, get_children, live
    assert len(found) == 11, found


def test_the_access_check_finds_decisions():
    source = (
        "def view(request, pk):\n"
        "    if not has_role(request.user, 'hr'): raise PermissionDenied\n"
        "    if request.user.is_superuser: pass\n"
        "    if plan.user != request.user: raise Http404\n"
        "    if entry.author_id == user.pk: pass\n"
        "    if actions.can_edit: pass\n"
        "    if request.user.is_authenticated: pass\n"
        "    if not ok: raise PermissionDenied\n"
        "    return render(request, 'x.html', status=403)\n"
        "    require(actions.can_edit)\n"
    )
    found = offences_in(source, access_offences)
    # has_role + its raise, is_superuser, two ownership checks, the raise, status=403
    assert len(found) == 7, found


def test_the_string_check_finds_couplings():
    source = (
        "apps.get_model('courses', 'CourseSession')\n"
        "ContentType.objects.filter(content_type__app_label='courses')\n"
        "reverse('onsite:project_detail')\n"
        "models.ForeignKey('courses.CoursePage', on_delete=models.CASCADE)\n"
        "ok = 'competencies:plan_detail'\n"
    )
    tree = ast.parse(source)
    found = [o.what for o in string_offences(ROOT / "x.py", tree, forbidden_names("competencies"))]
    assert len(found) == 4, found
