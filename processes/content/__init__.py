"""The network's working methods as data: the tools and drejebøger that
``manage.py load_working_methods`` (and the demo) install through
``processes.services.library``."""

from processes.content.a5 import A5
from processes.content.forankring import FORANKRING
from processes.content.samdrift import SAMDRIFT
from processes.content.spec import TemplateSpec, ToolSpec
from processes.content.team import TEAM
from processes.content.tools import TOOLS

TEMPLATES: tuple[TemplateSpec, ...] = (SAMDRIFT, FORANKRING, A5, TEAM)

__all__ = ["TEMPLATES", "TOOLS", "TemplateSpec", "ToolSpec"]
