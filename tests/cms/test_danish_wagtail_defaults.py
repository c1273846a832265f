"""Issue 18: Wagtail's own first rows (root page, root collection, default groups, the default
workflow) are data the Danish catalogue cannot reach; a migration names them in Danish."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, Page, Task, Workflow

pytestmark = pytest.mark.django_db


def test_wagtails_default_rows_are_danish():
    assert Page.objects.get(depth=1).title == "Rod"
    assert Collection.objects.get(depth=1).name == "Rod"
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Moderatorer", "Redaktører"} <= names
    assert not {"Moderators", "Editors"} & names
    english = "Moderators approval"
    assert not Workflow.objects.filter(name=english).exists()
    assert not Task.objects.filter(name=english).exists()
    assert Workflow.objects.filter(name="Godkendelse af moderatorer").exists()
