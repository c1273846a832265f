"""The shape every app's access policy has, and the one way to refuse an action.

Each app keeps its rules in ``<app>/access.py`` with three kinds of function:

- ``<objects>_for(user)``: the rows the person may see (a QuerySet);
- ``get_<object>_for(user, pk, ...)``: one of those rows, or ``Http404`` — another
  organisation's object looks exactly like one that does not exist;
- ``actions_for(user, obj)``: what the person may do with a row they can see, as a frozen
  dataclass of booleans that views pass to templates (``actions.can_edit``).

Views, services and selectors ask the policy; none decides access on its own. Refusing an action
on a visible object is ``require(actions.can_x)``: one Danish 403 page (templates/403.html).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(allowed: bool) -> None:
    """Refuse the action unless ``allowed``: the person sees the one Danish 403 page."""
    if not allowed:
        raise PermissionDenied
