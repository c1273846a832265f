"""``{% submission_key %}``: the hidden one-time key of a create form (see core.submissions)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.submissions import FIELD, new_key

register = template.Library()


@register.simple_tag
def submission_key() -> SafeString:
    """A hidden field with a fresh key: a second post of this very form creates nothing new."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
