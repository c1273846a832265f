"""``make prod``: the production layout on this machine, from the ``Procfile``, with honcho.

What it does, in order:

1. checks that haproxy is installed (a Debian package: ``apt-get install haproxy``) and that
   the shared services are named: ``DATABASE_URL`` (PostgreSQL), ``CELERY_BROKER_URL`` and
   ``REDIS_CACHE_URL`` (Redis). Two app servers cannot share SQLite, a local-memory cache or
   eager tasks, so it refuses to start without them;
2. migrates the database and runs ``collectstatic`` (only when a static file is newer than the
   manifest: it compresses every file and takes minutes);
3. writes haproxy's configuration from ``deploy/haproxy.cfg.tmpl`` into the run folder
   (``.run/prod/``, gitignored): one ``server`` line per ``webN`` entry of the Procfile;
4. runs ``honcho start -f Procfile`` with the ports and the environment.

The settings are production's (``lms.settings.production``): no debug, the manifest of
compressed static files, the Redis cache, JSON logs. Only what plain HTTP on the loopback
address needs is switched off through production's own variables: the redirect to HTTPS
(``DJANGO_SECURE_SSL_REDIRECT=false``) and HSTS (``DJANGO_SECURE_HSTS_SECONDS=0``). Cookies stay
``Secure``: browsers send those to ``http://127.0.0.1`` and ``http://localhost`` (a secure
context). A variable already set wins over every default here. Without ``DJANGO_SECRET_KEY`` a
key is generated once into the run folder and kept there, so that sessions outlive a restart.

honcho stops every process when one exits: right for trying the layout, not for running a site
(docs/operations.md: one service per Procfile line under systemd, restarted when it dies). The
scale-out test (tests/ops) therefore starts the same Procfile lines one by one with
``prepare`` and ``commands`` below, so that it can kill one and watch the others carry on.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

REPO = Path(__file__).resolve().parents[1]
PROCFILE = REPO / "Procfile"
TEMPLATE = REPO / "deploy" / "haproxy.cfg.tmpl"
RUN_DIR = REPO / ".run" / "prod"
REQUIRED = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_CACHE_URL")
HAPROXY_PLACES = ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")
DEFAULT_PROXY_PORT = 8080
WEB_ENTRY = re.compile(r"^web(\d+)$")


class LayoutError(Exception):
    """The layout cannot start; the message says what to do."""


@dataclass(frozen=True)
class Layout:
    """Where the layout listens and keeps its files."""

    proxy_port: int
    web_ports: dict[str, int]  # Procfile entry (web1, web2 …) → its loopback port
    run_dir: Path
    proxy_bind: str = "127.0.0.1"


def find_haproxy() -> str | None:
    """haproxy's path: on PATH, or where Debian puts it (/usr/sbin is not on a user's PATH)."""
    found = shutil.which("haproxy")
    if found:
        return found
    for place in HAPROXY_PLACES:
        if os.access(place, os.X_OK):
            return place
    return None


def procfile_entries(procfile: Path = PROCFILE) -> dict[str, str]:
    """The Procfile's processes, name → command, in file order (honcho's own parser)."""
    from honcho.environ import parse_procfile  # type: ignore[import-untyped]

    return dict(parse_procfile(procfile.read_text()).processes)


def web_entries(procfile: Path = PROCFILE) -> list[str]:
    """The app servers: every ``webN`` line, in number order."""
    names = [name for name in procfile_entries(procfile) if WEB_ENTRY.match(name)]
    return sorted(names, key=lambda name: int(WEB_ENTRY.match(name).group(1)))  # type: ignore[union-attr]


def default_layout(environ: Mapping[str, str], procfile: Path = PROCFILE) -> Layout:
    """Ports from ``PROXY_PORT`` and ``WEB<N>_PORT``; by default 8080, then 8081, 8082 …"""
    proxy_port = int(environ.get("PROXY_PORT", DEFAULT_PROXY_PORT))
    ports = {}
    for name in web_entries(procfile):
        number = int(name[3:])
        ports[name] = int(environ.get(f"WEB{number}_PORT", proxy_port + number))
    return Layout(proxy_port, ports, Path(environ.get("LMS_RUN_DIR", RUN_DIR)))


def _secret_key(run_dir: Path) -> str:
    path = run_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
        print(f"No DJANGO_SECRET_KEY: generated one for this machine's layout in {path}.")
    return path.read_text().strip()


def environment(base: Mapping[str, str], layout: Layout, haproxy: str) -> dict[str, str]:
    """The environment of every process: ``base`` (which wins) over the layout's defaults."""
    missing = [name for name in REQUIRED if not base.get(name)]
    if missing:
        raise LayoutError(
            "The production layout needs shared services; set "
            + ", ".join(missing)
            + " (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/almenlaering "
            "CELERY_BROKER_URL=redis://127.0.0.1:6379/0 REDIS_CACHE_URL=redis://127.0.0.1:6379/1)."
        )
    layout.run_dir.mkdir(parents=True, exist_ok=True)
    venv_bin = str(Path(sys.executable).parent)
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        # Plain HTTP on the loopback address: no redirect to HTTPS, no HSTS (see the docstring).
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        # Behind haproxy: the client's address is the last X-Forwarded-For entry.
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LMS_BASE_URL": f"http://127.0.0.1:{layout.proxy_port}",
        "CELERY_TASK_DEFAULT_QUEUE": "lms",
        **base,
        "PROXY_PORT": str(layout.proxy_port),
        "HAPROXY": haproxy,
        "HAPROXY_CONFIG": str(layout.run_dir / "haproxy.cfg"),
        "LMS_RUN_DIR": str(layout.run_dir),
        "PATH": venv_bin + os.pathsep + base.get("PATH", os.defpath),
        "PYTHONUNBUFFERED": "1",
    }
    for name, port in layout.web_ports.items():
        env[f"WEB{name[3:]}_PORT"] = str(port)
        env[f"WEB{name[3:]}_METRICS_DIR"] = str(layout.run_dir / f"metrics-{name}")
    if not env.get("DJANGO_SECRET_KEY"):
        env["DJANGO_SECRET_KEY"] = _secret_key(layout.run_dir)
    return env


def haproxy_config(layout: Layout, health_host: str = "127.0.0.1") -> str:
    """haproxy's configuration: the template with the ports and one server per app server."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} check" for name, port in layout.web_ports.items()
    )
    return Template(TEMPLATE.read_text()).substitute(
        PROXY_BIND=layout.proxy_bind,
        PROXY_PORT=layout.proxy_port,
        HEALTH_HOST=health_host,
        SERVERS=servers,
    )


def _manage(env: Mapping[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=dict(env), check=True)


def static_is_current(env: Mapping[str, str]) -> bool:
    """Whether collectstatic's manifest is newer than every static file (asked in a child
    process under the layout's settings, which this launcher never imports)."""
    code = (
        "import django, pathlib, sys; django.setup();"
        "from django.conf import settings;"
        "from django.contrib.staticfiles.finders import get_finders;"
        "m = pathlib.Path(settings.STATIC_ROOT) / 'staticfiles.json';"
        "built = m.stat().st_mtime if m.exists() else None;"
        "sys.exit(0 if built is not None and all("
        "pathlib.Path(s.path(p)).stat().st_mtime <= built"
        " for f in get_finders() for p, s in f.list([])) else 1)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=dict(env), check=False)
    return result.returncode == 0


def prepare(env: Mapping[str, str], layout: Layout) -> None:
    """Migrate, collect the static files if they changed, write haproxy's configuration."""
    print("Migrating the database (DATABASE_URL)")
    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    if static_is_current(env):
        print("Static files are current (collectstatic skipped)")
    else:
        print("Collecting and compressing the static files (a few minutes the first time)")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    # prometheus_client's multiprocess files of an earlier run would add up with the new ones.
    for name in layout.web_ports:
        metrics = layout.run_dir / f"metrics-{name}"
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir(parents=True)
    config = Path(env["HAPROXY_CONFIG"])
    config.write_text(haproxy_config(layout))
    subprocess.run([env["HAPROXY"], "-c", "-q", "-f", str(config)], check=True)


def commands(env: Mapping[str, str], procfile: Path = PROCFILE) -> dict[str, list[str]]:
    """Each Procfile line as the command honcho runs (``sh -c``), with ``exec`` so that the
    process itself, not a shell, is the one started (a signal to it reaches the server)."""
    return {
        name: ["/bin/sh", "-c", "exec " + command]
        for name, command in procfile_entries(procfile).items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    parser.add_argument("--check", action="store_true", help="prepare, print the layout, stop")
    args = parser.parse_args(argv)
    haproxy = find_haproxy()
    if haproxy is None:
        print("haproxy is missing. On Debian/Ubuntu: sudo apt-get install haproxy", file=sys.stderr)
        return 2
    layout = default_layout(os.environ)
    try:
        env = environment(os.environ, layout, haproxy)
    except LayoutError as exc:
        print(exc, file=sys.stderr)
        return 2
    prepare(env, layout)
    queue = env["CELERY_TASK_DEFAULT_QUEUE"]
    print(f"AlmenLæring (production settings) on http://127.0.0.1:{layout.proxy_port}/ (haproxy)")
    for name, port in layout.web_ports.items():
        print(f"  {name}: gunicorn on 127.0.0.1:{port}")
    print(f"  worker_mail: queues {queue}.mail, {queue}; worker_slow: {queue}.slow, {queue}; beat")
    print(f"  run folder: {layout.run_dir}. Stop everything with Ctrl+C.")
    if args.check:
        return 0
    honcho = [sys.executable, "-m", "honcho", "start", "-f", str(PROCFILE), "-d", str(REPO)]
    os.execve(sys.executable, honcho, env)


if __name__ == "__main__":
    sys.exit(main())
