"""Operations: health, metrics, logs, backups and release checks (issue 17)."""
