"""Settings: the sample passes; each kind of error names file, line, key, what was received."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import ConfigError, Role, Step, load_settings

SHOWN = "site_config/pipeline.yml"


def test_sample_settings_load(scratch_repo: Path):
    settings = load_settings(scratch_repo)
    assert settings.court.name == "Pengadilan Agama Payakumbuh"
    assert settings.court.timezone == "Asia/Jakarta"
    assert settings.codes.coverage_form == "FM/AS/31/04"
    assert settings.codes.sop == "SOP/AS/29"
    assert [s for s in Step] == list(settings.steps)
    assert settings.steps[Step.PUBLISHED].minutes == 30
    assert settings.steps[Step.APPROVED].roles == [Role.KASUBAG_PTIP]
    kasubag = settings.person("dewi")
    assert kasubag is not None and kasubag.role is Role.KASUBAG_PTIP
    assert settings.person_by_github("DEWI-PTIP-PYK") == kasubag
    assert settings.person("rina").signature == "rm"


def _replace(root: Path, old: str, new: str) -> None:
    path = root / SHOWN
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(root: Path, needle: str) -> int:
    lines = (root / SHOWN).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line and not line.lstrip().startswith("#"))


def _errors(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_settings(root)
    return [f.text() for f in info.value.findings]


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        ("    role: operator\n    github: rina-pa-pyk", "    role: admin\n    github: rina-pa-pyk", "role: admin",
         "people[0].role", "input should be 'operator', 'kasubag_ptip', 'sekretaris' or 'ketua'; received 'admin'"),
        ("  timezone: Asia/Jakarta", "  timezone: Asia/Payakumbuh", "timezone:",
         "court.timezone", "not a known IANA time zone such as 'Asia/Jakarta'; received 'Asia/Payakumbuh'"),
        ("  min_words: 120", "  min_words: banyak", "min_words:",
         "narrative.min_words", "input should be a valid integer, unable to parse string as an integer; received 'banyak'"),
        ("  jpeg_quality: 85", "  jpeg_quality: 85\n  jpeg_qualty: 90", "jpeg_qualty",
         "photos.jpeg_qualty", "unknown key; remove it or check its spelling"),
        ("    minutes: 30", "    minutes: 0", "minutes: 0",
         "steps.published.minutes", "input should be greater than 0; received 0"),
        ("  email: pa.payakumbuh@pta-padang.go.id", "  email: bukan-surel", "email: bukan",
         "court.email", "string should match pattern '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'; received 'bukan-surel'"),
    ],
)
def test_each_error_names_file_line_key_and_value(scratch_repo, old, new, needle, field, message):
    _replace(scratch_repo, old, new)
    line = _line(scratch_repo, needle)
    assert _errors(scratch_repo) == [f"{SHOWN}:{line}: {field}: {message} [config]"]


def test_missing_key_points_at_its_parent(scratch_repo):
    _replace(scratch_repo, "  phone: (0752) 7970992\n", "")
    assert _errors(scratch_repo) == [f"{SHOWN}:{_line(scratch_repo, 'court:')}: court.phone: required but missing [config]"]


def test_all_errors_reported_at_once(scratch_repo):
    _replace(scratch_repo, "    role: ketua", "    role: hakim")
    _replace(scratch_repo, "  max_pixels: 80000000", "  max_pixels: -1")
    _replace(scratch_repo, "  - Kegiatan\n", "  - K\n")
    fields = [text.split(": ")[1] for text in _errors(scratch_repo)]
    assert fields == ["people[4].role", "categories[0]", "photos.max_pixels"]


def test_duplicate_person_id(scratch_repo):
    _replace(scratch_repo, "  - id: fajar", "  - id: rina")
    assert _errors(scratch_repo) == [
        f"{SHOWN}:{_line(scratch_repo, 'people:')}: people: duplicate id 'rina'; each person needs a unique id [config]"]


def test_nobody_can_approve(scratch_repo):
    _replace(scratch_repo, "    role: kasubag_ptip", "    role: operator")
    assert _errors(scratch_repo) == [
        f"{SHOWN}:{_line(scratch_repo, 'people:')}: people: nobody has the role 'kasubag_ptip'; "
        "someone must approve coverage [config]"]


def test_yaml_syntax_error_has_line(scratch_repo):
    _replace(scratch_repo, "  city: Payakumbuh", "  city: [Payakumbuh")
    (finding,) = _errors(scratch_repo)
    assert finding.startswith(f"{SHOWN}:")
    line = int(finding.split(":")[1])
    assert abs(line - _line(scratch_repo, "city: [")) <= 2
    assert "invalid YAML" in finding


def test_not_a_mapping(scratch_repo):
    (scratch_repo / SHOWN).write_text("- just\n- a list\n", encoding="utf-8")
    assert _errors(scratch_repo) == [f"{SHOWN}:1: expected a mapping of settings; received a list [config]"]


def test_missing_file(tmp_path):
    assert _errors(tmp_path)[0].startswith(f"{SHOWN}: file not found; copy")


def test_step_index_is_the_order_of_the_procedure():
    assert [step.index for step in Step] == list(range(len(Step)))
    assert Step.COLLECTED.index < Step.NARRATED.index < Step.PUBLISHED.index
