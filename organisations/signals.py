"""Signals that organisations sends for apps above it.

``organisations`` may not import the apps that keep figures about its people (they sit above
it), so a write that bypasses the models' own signals — the HR import's and the API's bulk
writes — says what it changed here, and those apps listen.
"""

from django.dispatch import Signal

# Sent after memberships were created or changed in bulk (``organisation_id``,
# ``membership_ids``), inside the transaction that wrote them.
memberships_changed = Signal()
