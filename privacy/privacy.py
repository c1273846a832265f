"""Personal data of the privacy app itself, and of the libraries' tables about people
(allauth, Django's sessions and admin log, Wagtail): ``settings.LMS_PRIVACY_LIBRARY_MODELS``.

The libraries cannot declare their own models, so the app that composes everything does it
here, in the same terms as every app of ours (core.privacy).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.search.models import IndexEntry
from wagtail.users.models import UserProfile

from core.privacy import Category, Erasure, LegalBasis, Personal, alike, register
from privacy.models import ErasureRequest, ExportRequest, RetentionSetting

ACCOUNT = _(
    "Så længe personen har en konto (som standard slettes konti efter 36 måneder uden log ind)."
)
EDITORIAL = _(
    "Så længe indholdet og dets historik findes; ved sletning erstattes personen af "
    '"Slettet bruger" eller fjernes.'
)

# --- The privacy app ------------------------------------------------------------------------

EXPORT = Personal(
    Category.ACTIVITY,
    _("At lave den kopi af dine data, du eller HR har bedt om"),
    LegalBasis.LEGAL_OBLIGATION,
    _("Filen slettes 7 dage efter, den er lavet; anmodningen slettes med kontoen."),
    Erasure.DELETE,
)
register(
    ExportRequest,
    area="privatliv",
    organisation="organisation",
    subject=("person",),
    rows=Erasure.DELETE,
    personal={
        **alike(EXPORT, "person", "organisation", "created_at", "finished_at", "expires_at"),
        "requested_by": Personal(
            Category.ACTIVITY,
            _("At kunne se, hvem der lavede et dataudtræk om en person"),
            LegalBasis.LEGITIMATE_INTEREST,
            _("Så længe udtrækket findes."),
            Erasure.ANONYMISE,
        ),
        "file": Personal(
            Category.FILE,
            _("Din kopi af dine data"),
            LegalBasis.LEGAL_OBLIGATION,
            _("Slettes 7 dage efter, den er lavet."),
            Erasure.DELETE,
        ),
    },
    other=("id", "status", "progress", "error"),
)
# The erasure request is the record that the erasure was done (GDPR art. 5(2),
# accountability): it stays, pointing at the anonymised user row, without the reason given.
ACCOUNTABILITY = _("Databeskyttelsesforordningen art. 5, stk. 2 (dokumentation for sletningen)")
ERASURE_RECORD = _("Gemmes uden navn som dokumentation for, at sletningen er gennemført.")
register(
    ErasureRequest,
    area="privatliv",
    organisation="organisation",
    subject=("person",),
    rows=Erasure.ANONYMISE,
    personal={
        **alike(
            Personal(
                Category.ACTIVITY,
                _("At behandle en anmodning om sletning og dokumentere, at den er gennemført"),
                LegalBasis.LEGAL_OBLIGATION,
                ERASURE_RECORD,
                Erasure.KEEP,
                law=ACCOUNTABILITY,
            ),
            "person",
            "organisation",
            "decided_by",
            "created_at",
            "decided_at",
            "completed_at",
        ),
        **alike(
            Personal(
                Category.CONTENT,
                _("At behandle en anmodning om sletning"),
                LegalBasis.LEGAL_OBLIGATION,
                _("Til sletningen er gennemført."),
                Erasure.ANONYMISE,
            ),
            "requested_by",
            "reason",
            "decision_note",
        ),
    },
    other=("id", "status", "report"),
)
register(RetentionSetting, other=("id", "organisation", "inactive_account_months", "updated_at"))

# --- allauth, Django -------------------------------------------------------------------------

register(
    EmailAddress,
    area="konto",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(
        Personal(
            Category.IDENTITY,
            _("Log ind og bekræftelse af din e-mailadresse"),
            LegalBasis.CONTRACT,
            ACCOUNT,
            Erasure.DELETE,
        ),
        "user",
        "email",
        "verified",
        "primary",
    ),
    other=("id",),
)
register(
    Authenticator,
    area="konto",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(
        Personal(
            Category.SECURITY,
            _("To-faktor-log-ind for roller med adgang til andres data"),
            LegalBasis.LEGAL_OBLIGATION,
            ACCOUNT,
            Erasure.DELETE,
        ),
        "user",
        "type",
        "data",
        "created_at",
        "last_used_at",
    ),
    other=("id",),
)
# A person's account at their organisation's identity provider (single sign-on): the subject
# id and the claims of the last login (name, e-mail address, amr …). The provider's tokens are
# not kept (SOCIALACCOUNT_STORE_TOKENS = False).
register(
    SocialAccount,
    area="konto",
    subject=("user",),
    rows=Erasure.DELETE,
    personal=alike(
        Personal(
            Category.IDENTITY,
            _("Log ind gennem din organisations single sign-on (identitetsudbyder)"),
            LegalBasis.CONTRACT,
            ACCOUNT,
            Erasure.DELETE,
        ),
        "user",
        "provider",
        "uid",
        "last_login",
        "date_joined",
        "extra_data",
    ),
    other=("id",),
)
# Sessions name the user only inside the encoded data: erasure ends them in its own step, and
# an export has nothing readable to show.
register(
    Session,
    area="konto",
    personal={
        "session_data": Personal(
            Category.SECURITY,
            _("At holde dig logget ind"),
            LegalBasis.CONTRACT,
            _("Til du logger ud, eller sessionen udløber (højst 2 uger)."),
            Erasure.DELETE,
        )
    },
    other=("session_key", "expire_date"),
)
ADMIN_LOG = Personal(
    Category.ACTIVITY,
    _("Spor af ændringer i administrationen"),
    LegalBasis.LEGITIMATE_INTEREST,
    ACCOUNT,
    Erasure.DELETE,
)
register(
    AdminLogEntry,
    area="redaktion",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={"user": ADMIN_LOG},
    other=(
        "id",
        "action_time",
        "content_type",
        "object_id",
        "object_repr",
        "action_flag",
        "change_message",
    ),
)

# --- Wagtail ---------------------------------------------------------------------------------

EDITOR = Personal(
    Category.ACTIVITY,
    _("At vise, hvem der har skrevet, ændret, godkendt eller kommenteret indhold i redaktionen"),
    LegalBasis.LEGITIMATE_INTEREST,
    EDITORIAL,
    Erasure.ANONYMISE,
)
register(
    Page,
    area="redaktion",
    subject=("owner",),
    rows=Erasure.ANONYMISE,
    personal=alike(EDITOR, "owner", "locked_by"),
    other=(
        "id",
        "path",
        "depth",
        "numchild",
        "translation_key",
        "locale",
        "latest_revision",
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
        "title",
        "draft_title",
        "slug",
        "content_type",
        "url_path",
        "latest_revision_created_at",
        "alias_of",
        "show_in_menus",
        "seo_title",
        "search_description",
    ),
    context=("title",),
)
register(
    Revision,
    area="redaktion",
    subject=("user",),
    rows=Erasure.ANONYMISE,
    personal={"user": EDITOR},
    other=(
        "id",
        "content_type",
        "base_content_type",
        "object_id",
        "created_at",
        "object_str",
        "content",
        "approved_go_live_at",
    ),
)
LOG_FIELDS = (
    "id",
    "content_type",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "revision",
    "content_changed",
    "deleted",
)
register(
    ModelLogEntry,
    area="redaktion",
    subject=("user",),
    rows=Erasure.ANONYMISE,
    personal={"user": EDITOR},
    other=(*LOG_FIELDS, "object_id"),
)
register(
    PageLogEntry,
    area="redaktion",
    subject=("user",),
    rows=Erasure.ANONYMISE,
    personal={"user": EDITOR},
    other=(*LOG_FIELDS, "page"),
)
register(
    PageSubscription,
    area="redaktion",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={
        "user": Personal(
            Category.CONSENT,
            _("E-mails om kommentarer på sider, du følger"),
            LegalBasis.CONSENT,
            _("Til du stopper med at følge siden."),
            Erasure.DELETE,
        ),
        "comment_notifications": EDITOR,
    },
    other=("id", "page"),
)
register(
    Comment,
    area="redaktion",
    subject=("user",),
    rows=Erasure.ANONYMISE,
    personal=alike(EDITOR, "user", "resolved_by"),
    other=(
        "id",
        "page",
        "text",
        "contentpath",
        "position",
        "created_at",
        "updated_at",
        "revision_created",
        "resolved_at",
    ),
)
register(
    CommentReply,
    area="redaktion",
    subject=("user",),
    rows=Erasure.ANONYMISE,
    personal={"user": EDITOR},
    other=("id", "comment", "text", "created_at", "updated_at"),
)
register(
    WorkflowState,
    area="redaktion",
    subject=("requested_by",),
    rows=Erasure.ANONYMISE,
    personal={"requested_by": EDITOR},
    other=(
        "id",
        "content_type",
        "base_content_type",
        "object_id",
        "workflow",
        "status",
        "created_at",
        "current_task_state",
    ),
)
register(
    TaskState,
    area="redaktion",
    subject=("finished_by",),
    rows=Erasure.ANONYMISE,
    personal={"finished_by": EDITOR},
    other=(
        "id",
        "workflow_state",
        "revision",
        "task",
        "status",
        "started_at",
        "finished_at",
        "comment",
        "content_type",
    ),
)
register(
    UserProfile,
    area="konto",
    subject=("user",),
    rows=Erasure.DELETE,
    personal={
        "user": Personal(
            Category.CONSENT,
            _("Dine valg i redaktionen (sprog, tidszone, notifikationer, udseende)"),
            LegalBasis.CONTRACT,
            ACCOUNT,
            Erasure.DELETE,
        ),
        "avatar": Personal(
            Category.FILE,
            _("Dit profilbillede i redaktionen"),
            LegalBasis.CONSENT,
            ACCOUNT,
            Erasure.DELETE,
        ),
    },
    other=(
        "id",
        "submitted_notifications",
        "approved_notifications",
        "rejected_notifications",
        "updated_comments_notifications",
        "preferred_language",
        "current_time_zone",
        "dismissibles",
        "theme",
        "contrast",
        "density",
        "keyboard_shortcuts",
    ),
)
# Images and documents are content (course material, news); who uploaded them is personal.
MEDIA = ("id", "collection", "title", "file", "created_at", "file_size", "file_hash")
register(
    Image,
    area="redaktion",
    subject=("uploaded_by_user",),
    rows=Erasure.ANONYMISE,
    personal={"uploaded_by_user": EDITOR},
    other=(
        *MEDIA,
        "description",
        "width",
        "height",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    ),
)
register(
    Document,
    area="redaktion",
    subject=("uploaded_by_user",),
    rows=Erasure.ANONYMISE,
    personal={"uploaded_by_user": EDITOR},
    other=MEDIA,
)
# The search index copies page and snippet text; the erasure's free-text pass cleans it.
register(
    IndexEntry,
    # Wagtail's index has other columns on PostgreSQL (title_text, body_text) than on SQLite:
    # the declaration names both sets and keeps those this database has.
    other=tuple(
        name
        for name in (
            "id",
            "content_type",
            "object_id",
            "title_norm",
            "autocomplete",
            "title",
            "body",
            "title_text",
            "body_text",
        )
        if name in {field.name for field in IndexEntry._meta.get_fields()}
    ),
)
