"""`pipeline --help` starts fast: importing the CLI loads none of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pydantic", "PIL", "markdown_it", "mkdocs", "material", "yaml", "ruamel", "jinja2", "markdown", "rich")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_importing_the_cli_loads_no_heavy_library():
    loaded = _modules_after("import pipeline.cli")
    assert not loaded & set(HEAVY), f"imported at start-up: {sorted(loaded & set(HEAVY))}"


def test_help_runs_without_heavy_libraries():
    loaded = _modules_after("import sys\nfrom pipeline.cli import cli\n"
                            "try:\n    cli(['--lang', 'en', 'advance', '--help'])\nexcept SystemExit:\n    pass")
    assert not loaded & set(HEAVY), f"imported for --help: {sorted(loaded & set(HEAVY))}"


def test_the_heavy_check_is_real():
    """The probe sees pydantic when something does import it (so the tests above can fail)."""
    assert "pydantic" in _modules_after("import pipeline.config")


def test_advance_choices_are_the_advance_steps():
    from pipeline.cli import _AdvanceChoice
    from pipeline.steps import ADVANCE_STEPS

    assert tuple(_AdvanceChoice().choices) == tuple(step.value for step in ADVANCE_STEPS)
