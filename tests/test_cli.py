"""The command line: help with examples everywhere, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(cli))


def run_pipeline(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The real console entry point, in a real process, as the operator runs it."""
    return subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def test_top_level_help_lists_exit_codes():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "2  usage or configuration error" in result.output
    for name, _ in COMMANDS:
        if len(name) == 1:
            assert name[0] in result.output


@pytest.mark.parametrize("path", [name for name, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = dict(COMMANDS)[path]
    assert command.help and len(command.help.split()) >= 5
    if not isinstance(command, click.Group) or command.invoke_without_command:
        assert "Example" in result.output, f"pipeline {' '.join(path)} --help has no example"


def test_run_builds_and_says_where(scratch_repo: Path):
    result = run_pipeline(scratch_repo, "run")
    assert result.returncode == 0, result.stderr
    assert (scratch_repo / "site" / "index.html").is_file()
    assert "pipeline serve" in result.stdout
    assert "site" in result.stdout.splitlines()[-2]


def test_broken_pipeline_yml_exits_2_without_traceback(scratch_repo: Path):
    path = scratch_repo / "site_config" / "pipeline.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("role: ketua", "role: raja"), encoding="utf-8")
    for command in ("build", "run"):
        result = run_pipeline(scratch_repo, command)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "site_config/pipeline.yml:" in result.stderr and "people[4].role" in result.stderr


def test_broken_mkdocs_yml_exits_2_without_traceback(scratch_repo: Path):
    path = scratch_repo / "site_config" / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("theme:\n", "theme: [\n", 1), encoding="utf-8")
    result = run_pipeline(scratch_repo, "build")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "site_config/mkdocs.yml:" in result.stderr


def test_broken_page_link_exits_1_naming_the_page(scratch_repo: Path):
    page = scratch_repo / "content" / "pengumuman.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[lama](arsip-lama.md)\n", encoding="utf-8")
    result = run_pipeline(scratch_repo, "build")
    assert result.returncode == 1
    assert "content/pengumuman.md" in result.stderr and "arsip-lama.md" in result.stderr


def test_no_repository_exits_2(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "no site_config/pipeline.yml" in result.stderr


def test_unknown_option_exits_2():
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--bogus"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "No such option" in result.stderr
