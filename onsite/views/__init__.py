"""Views of pillar 3; thin: access through ``onsite.access``, writes through services."""
