"""Writes of the rooms app: keyword arguments, validated, atomic, audited."""
