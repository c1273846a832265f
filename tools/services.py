"""Writes of tools: starting a sheet and saving its answers as a new version."""
