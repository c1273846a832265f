"""Personal data of the tools app: who saved a filled tool, and personal sheets (core.privacy).

A tool (the network's form) is about nobody. A filled sheet belongs to its holder: a shared
sheet of a process is the process's record and stays when a person who wrote in it is erased
(who saved which version is then cleared, and their versions stay part of the record); a
personal sheet (a learner's answers in a module, ``owner``) is the person's own, exported with
them and deleted on erasure, with its versions. The holder apps declare their link rows
(``courses.ModuleSheet``, ``processes.ProcessSheet``) themselves.
"""

from django.utils.translation import gettext_lazy as _

from core.privacy import Category, Erasure, LegalBasis, Personal, register
from tools.models import Sheet, SheetVersion, Tool

SAVED_BY = Personal(
    Category.ACTIVITY,
    _("At vise, hvem der gemte hvilken version af et udfyldt værktøj, og hvad der blev ændret"),
    LegalBasis.LEGITIMATE_INTEREST,
    _("Så længe det udfyldte værktøj findes; ved sletning af personen fjernes navnet."),
    Erasure.DELETE,
)
OWN_ANSWERS = Personal(
    Category.CONTENT,
    _("Personens egne svar i et værktøj, fx tjekliste og refleksion i et kursusmodul"),
    LegalBasis.CONTRACT,
    _("Så længe personen har en konto."),
    Erasure.DELETE,
)

register(
    Sheet,
    area="værktøjer",
    subject=("owner",),
    rows=Erasure.DELETE,
    personal={"owner": OWN_ANSWERS, "data": OWN_ANSWERS, "updated_by": SAVED_BY},
    other=("id", "tool", "title", "schema", "version", "created_at", "updated_at"),
    context=("tool__title",),
)
register(
    SheetVersion,
    area="værktøjer",
    subject=("saved_by",),
    rows=Erasure.ANONYMISE,
    personal={"saved_by": SAVED_BY},
    other=("id", "sheet", "number", "data", "changed", "saved_at"),
    context=("sheet__title",),
)
register(
    Tool,
    personal={
        "locked_by": Personal(
            Category.ACTIVITY,
            _("At vise, hvem der har låst et værktøj i redaktionen"),
            LegalBasis.LEGITIMATE_INTEREST,
            _("Så længe låsen gælder."),
            Erasure.DELETE,
        )
    },
    area="redaktion",
    other=(
        "id",
        "title",
        "slug",
        "kind",
        "source",
        "introduction",
        "fields",
        "updated_at",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "latest_revision",
    ),
)
