"""Progress of a scale build: one line per step with its count and seconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Progress:
    """Writes ``step … count rows in seconds`` lines, and a running count for big steps."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self.started = time.monotonic()
        self.counts: dict[str, int] = {}
        self._step_started = self.started
        self._last_running = 0.0

    @contextmanager
    def step(self, name: str) -> Iterator[dict[str, int]]:
        """Time a step; the step fills in ``counts`` (label → rows) as it goes."""
        counts: dict[str, int] = {}
        self._step_started = time.monotonic()
        yield counts
        seconds = time.monotonic() - self._step_started
        for label, count in counts.items():
            self.counts[label] = self.counts.get(label, 0) + count
        detail = ", ".join(
            f"{count:,} {label}".replace(",", ".") for label, count in counts.items()
        )
        self._write(f"{name:<32} {detail or '-'}  ({seconds:.1f} s)")

    def note(self, name: str, seconds: float) -> None:
        """A line for something timed outside a step (the commit of the bulk rows)."""
        self._write(f"{name:<32} -  ({seconds:.1f} s)")

    def running(self, table: str, count: int) -> None:
        """A running row count while a big table is written, at most every two seconds."""
        now = time.monotonic()
        if now - self._last_running >= 2:
            self._last_running = now
            elapsed = now - self._step_started
            self._write(f"  … {table}: {count:,} rækker ({elapsed:.0f} s)".replace(",", "."))

    def total(self) -> float:
        return time.monotonic() - self.started
