"""Views of pillar 2; thin: access through ``organisations.access``, writes through services."""
