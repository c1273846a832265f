"""Writes of the events app: keyword arguments, validated, atomic, audited."""
