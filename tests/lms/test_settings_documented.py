"""Every environment variable the settings read is documented in the README's table."""

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list", "env_optional"}


def variables_read_by_settings() -> set[str]:
    names = set()
    for path in (REPO_ROOT / "lms" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ENV_HELPERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names


def test_the_settings_read_the_variables_we_expect():
    # A sanity check on the parser above: if it finds nothing, the next test proves nothing.
    assert {
        "DATABASE_URL",
        "DJANGO_SECRET_KEY",
        "CELERY_BROKER_URL",
    } <= variables_read_by_settings()


def test_the_readme_table_lists_every_variable():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table_rows = [line for line in readme.splitlines() if line.startswith("| `")]
    documented = {row.split("`")[1] for row in table_rows}
    missing = sorted(variables_read_by_settings() - documented)
    assert not missing, f"Add these to the environment table in README.md: {missing}"
