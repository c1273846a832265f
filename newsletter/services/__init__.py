"""Writes of the newsletter app: keyword arguments, validated, atomic, audited."""
