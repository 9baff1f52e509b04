"""`pipeline generate`: the pull-request template and job-summary checklist come from pipeline.yml."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from pipeline import checks, generated
from pipeline.cli import cli
from pipeline.config import load_settings


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def set_codes(root: Path) -> None:
    """Another court's numbering: its own coverage form and SOP, its own step numbers."""
    path = root / "site_config" / "pipeline.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("coverage_form: FM/AS/31/04", "coverage_form: W3-A5/FM/2026/07")
    text = text.replace("sop: SOP/AS/29 ", "sop: SOP/PTIP/05 ").replace("sop_step: G5", "sop_step: B5")
    path.write_text(text, encoding="utf-8")


def test_the_repositorys_generated_files_match_its_own_pipeline_yml():
    assert generated.drift_findings(REPO, load_settings(REPO)) == []


def test_codes_and_step_numbers_come_from_pipeline_yml(scratch_repo: Path):
    set_codes(scratch_repo)
    settings = load_settings(scratch_repo)
    template = generated.render_pull_request_template(settings)
    assert "formulir naskah konten website (W3-A5/FM/2026/07)" in template and "FM/AS/31/04" not in template
    assert "## Daftar periksa SOP/PTIP/05 bagian G" in template and "- [ ] **B5** Narasi ditulis" in template
    checklist = generated.render_checklist(settings)
    assert '["narrated", "B5", "Narasi ditulis (formulir W3-A5/FM/2026/07)"]' in checklist
    assert "FM/AS/31/04" not in checklist and "SOP/AS/29" not in checklist


def test_the_generated_checklist_runs_in_jq(scratch_repo: Path):
    jq = shutil.which("jq")
    if jq is None:
        pytest.fail("jq is missing: the pull-request workflow needs it (GitHub's runners have it; apt install jq)")
    set_codes(scratch_repo)
    assert invoke(scratch_repo, "generate").exit_code == 0
    status = [{"id": "2026-11-20-rapat", "title": "Rapat", "status": "narrated", "overdue": False}]
    out = subprocess.run([jq, "-r", "-f", str(scratch_repo / generated.CHECKLIST_PATH)], input=json.dumps(status),
                         capture_output=True, text=True, check=True).stdout
    assert "## Daftar periksa SOP/PTIP/05 bagian G" in out
    assert "- [x] **B5** Narasi ditulis (formulir W3-A5/FM/2026/07)" in out and "- [ ] **G7** Diterbitkan" in out


def test_drift_is_a_finding_of_check_and_generate_repairs_it(scratch_repo: Path):
    settings = load_settings(scratch_repo)
    assert generated.drift_findings(scratch_repo, settings) == []
    set_codes(scratch_repo)
    settings = load_settings(scratch_repo)
    found = [f for f in checks.check_paths(scratch_repo, settings) if f.rule == "generated"]
    assert sorted((f.path, f.severity.value) for f in found) == [(generated.CHECKLIST_PATH, "error"),
                                                                 (generated.TEMPLATE_PATH, "error")]
    lines = (scratch_repo / generated.TEMPLATE_PATH).read_text(encoding="utf-8").splitlines()
    template_finding = next(f for f in found if f.path == generated.TEMPLATE_PATH)
    assert "SOP/AS/29" in lines[template_finding.line - 1]  # the first line that differs
    assert "pipeline generate" in template_finding.hint
    assert invoke(scratch_repo, "generate", "--check").exit_code == 1
    result = invoke(scratch_repo, "generate")
    assert result.exit_code == 0 and generated.TEMPLATE_PATH in result.output
    assert invoke(scratch_repo, "generate", "--check").exit_code == 0
    assert [f for f in checks.check_paths(scratch_repo, settings) if f.rule == "generated"] == []
    again = invoke(scratch_repo, "generate")
    assert again.exit_code == 0 and generated.TEMPLATE_PATH not in again.output  # nothing to write twice


def test_a_missing_template_is_a_warning_in_github_mode(scratch_repo: Path):
    (scratch_repo / generated.TEMPLATE_PATH).unlink()
    [finding] = generated.drift_findings(scratch_repo, load_settings(scratch_repo))
    assert (finding.path, finding.severity.value) == (generated.TEMPLATE_PATH, "warning")
