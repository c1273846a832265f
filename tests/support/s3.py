"""A local S3-compatible server for the tests: moto in server mode on the loopback address.

Started as a subprocess (``python -m moto.server``), so other processes — gunicorn app servers,
Celery workers, ``manage.py`` commands — reach it as they would a real bucket, and a test can
stop it to see what happens when the bucket is unreachable. Nothing leaves the machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

START_TIMEOUT = 30  # seconds; moto imports Flask and its S3 backend, ~2 s on a quiet machine
ACCESS_KEY = "almen-test"
SECRET_KEY = "almen-test-secret"  # moto accepts any key; never a real one
REGION = "eu-north-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class S3Server:
    """One moto server; ``start()`` waits until it answers, ``stop()`` kills it."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> S3Server:
        env = {**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto server exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"moto server did not answer on port {self.port} in {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def client(self) -> Any:  # boto3's clients are classes built at run time
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def create_bucket(self, name: str | None = None) -> str:
        """A new, empty, private bucket; its name."""
        bucket = name or f"almen-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return bucket

    def env(self, bucket: str) -> dict[str, str]:
        """The ``MEDIA_S3_*`` environment that points the platform at ``bucket`` here."""
        return {
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_ENDPOINT_URL": self.endpoint_url,
            "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "MEDIA_S3_REGION": REGION,
        }


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """The session's moto server (tests that stop it use their own ``S3Server().start()``)."""
    server = S3Server().start()
    try:
        yield server
    finally:
        server.stop()
