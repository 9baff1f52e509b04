"""Drafts: ids, reading front matter with lines, python-frontmatter's split, minimal-diff writes."""

from __future__ import annotations

import difflib
import time
from datetime import date
from pathlib import Path

import frontmatter
import pytest

import draftkit
from pipeline import config, drafts
from pipeline.config import Step
from pipeline.findings import PipelineError


def _only_finding(exc: pytest.ExceptionInfo) -> tuple:
    [finding] = exc.value.findings
    return finding.path, finding.line, finding.field, finding.message


# --- ids -------------------------------------------------------------------------------


@pytest.mark.parametrize("title, slug", [
    ("Rapat Evaluasi Kinerja Bulan November 2026", "rapat-evaluasi-kinerja-bulan-november-2026"),
    ("Sosialisasi e-Court: Advokat & Masyarakat!", "sosialisasi-e-court-advokat-masyarakat"),
    ("Peringatan Ḥari Santri   Nasional", "peringatan-hari-santri-nasional"),
    ("  --Apel Pagi--  ", "apel-pagi"),
    ("Kata " * 30, "-".join(["kata"] * 12)),
])
def test_slugify(title: str, slug: str):
    assert drafts.slugify(title) == slug
    assert len(drafts.slugify(title)) <= drafts.SLUG_MAX


def test_make_id_and_its_problems():
    assert drafts.make_id(date(2026, 11, 20), "Rapat Evaluasi") == "2026-11-20-rapat-evaluasi"
    with pytest.raises(PipelineError) as exc:
        drafts.make_id(date(2026, 11, 20), "!!!")
    assert "cannot make an id from the title" in exc.value.findings[0].message


@pytest.mark.parametrize("draft_id, problem", [
    ("2026-11-20-rapat-evaluasi", None),
    ("2026-11-20-a", None),
    ("2026-11-20-Rapat", "is not YYYY-MM-DD-slug"),
    ("2026-11-20-rapat--evaluasi", "is not YYYY-MM-DD-slug"),
    ("2026-11-20", "is not YYYY-MM-DD-slug"),
    ("rapat-evaluasi", "is not YYYY-MM-DD-slug"),
    ("2026-02-30-rapat", "which is not a date"),
    ("2026-11-20-" + "a" * 61, "longer than 60"),
])
def test_id_rule(draft_id: str, problem: str | None):
    found = drafts.id_problem(draft_id)
    assert (found is None) if problem is None else (problem in found)


# --- reading ---------------------------------------------------------------------------


def test_load_gives_typed_draft_with_lines(repo: Path):
    draftkit.write(repo, "narrated")
    draft = drafts.load(repo, draftkit.DRAFT_ID)
    assert draft.id == draftkit.DRAFT_ID
    assert draft.status is Step.NARRATED
    assert draft.meta.date == date(2026, 11, 20)
    assert draft.meta.history[0].at.utcoffset().total_seconds() == 7 * 3600
    assert [p.file for p in draft.selected_photos] == ["photos/foto-1.jpg"]
    text = draft.path.read_text().splitlines()
    assert text[draft.line("status") - 1] == "status: narrated"
    assert text[draft.line("photos", 1, "selected") - 1] == "    selected: false"
    assert text[draft.line("history", 2) - 1].startswith("  - {step: narrated")
    assert text[draft.source.body_line - 1].startswith("**Payakumbuh, Jumat 20 November 2026 -**")


@pytest.mark.parametrize("text", [
    "---\ntitle: a\nreporter: rina\n---\nbody\n\nmore\n",
    "---\ntitle: a\n---\n\n\nbody  \n",
    "--- \ntitle: [1, 2]\n----\nx",
    "no front matter at all\n---\na: 1\n---\n",
    "---\nnever closed\n",
])
def test_split_matches_python_frontmatter(text: str):
    head, front_text, tail = drafts.split_front_matter(text)
    assert head + front_text + tail == text
    post = frontmatter.loads(text)
    if head:
        assert drafts.parse_front(front_text, 1) == post.metadata
        assert tail.split("\n", 1)[1].strip() == post.content
    else:
        assert post.metadata == {}


def test_yaml_1_2_scalars_as_ruamel_reads_them():
    data = drafts.parse_front("title: yes\nsummary: off\ncount: 010\nflag: true\nat: 2026-11-20T10:05:00+07:00\n", 1)
    assert data["title"] == "yes" and data["summary"] == "off"
    assert data["count"] == 10 and data["flag"] is True
    assert data["at"].utcoffset().total_seconds() == 7 * 3600


# Front matter the one-walk loader must read exactly as PyYAML's construction plus `plain` did
# (or reject, leaving it to ruamel): scalars of every type, aliases, merge keys, duplicate keys,
# non-text keys, tags with constructors of their own, and a draft's own shape.
LIBYAML_DOCUMENTS = [
    "a: 1\nb: yes\nc: 010\nd: 0x1F\ne: 1.5\nf: .inf\ng: ~\nh: 2026-11-20\ni: 2026-11-20T10:00:00+07:00\nj: true\n",
    "a: &x {p: 1}\nb: *x\nc: [*x, *x]\n",
    "base: &b {x: 1}\nchild: {<<: *b, y: 2}\n",
    "base: &b {x: 1}\nchild: {<<: *b, x: 2}\n",  # the merge's key and the mapping's own: a duplicate for PyYAML
    "a: 1\na: 2\n", "a: 1\n'a': 2\n", "1: x\n'1': y\n", "2026-01-01: a\nnull: b\n~: c\ntrue: d\n",
    "? [a]\n: 1\n", "s: !!set {a, b}\n", "o: !!omap [{a: 1}, {b: 2}]\n", "b: !!binary aGVsbG8=\n",
    "t: !custom x\n", "a: !!str 12\nb: !!int '7'\n", "- 1\n- a\n", "just text\n", "x: &a [*a]\n",
    "a: [1, [2, [3, {b: c}]]]\nq: 'x'\nr: \"y\\tz\"\nm: |\n  multi\n  line\n",
    draftkit.front("narrated"), draftkit.front("approved"),
]


def _pyyaml_then_plain(front: str):
    import yaml

    try:
        return drafts.plain(yaml.load(front, Loader=drafts._FastLoader))
    except Exception:  # noqa: BLE001 - rejected: ruamel reads it instead
        return "rejected"


@pytest.mark.parametrize("front", LIBYAML_DOCUMENTS)
def test_one_walk_loader_reads_what_pyyaml_and_plain_read(front: str):
    try:
        ours = drafts._load_plain(front)
    except Exception:  # noqa: BLE001
        ours = "rejected"
    expected = _pyyaml_then_plain(front)
    assert repr(ours) == repr(expected)  # types too: int 10, datetime, date, str


def test_one_walk_loader_keeps_the_alias_budget():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 6)]
    with pytest.raises(ValueError, match="too large"):
        drafts._load_plain("\n".join(lines) + "\n")


@pytest.mark.parametrize("content, line, message", [
    (b"---\ntitle: a\ndate: [unclosed\n---\n", 4, "invalid YAML"),
    (b"---\ntitle: a\ntitle: b\n---\n", 3, "invalid YAML"),
    (b"---\n- a\n- b\n---\n", 2, "front matter must be a mapping of fields; received a list"),
    (b"just text\n", 1, "no front matter: the file must start with a '---' line"),
    (b"---\ntitle: caf\xe9\n---\n", 2, "not UTF-8 text"),
    (b"---\ntitle: a\x00\n---\n", 2, "NUL characters"),
])
def test_unreadable_drafts_name_file_and_line(repo: Path, content: bytes, line: int, message: str):
    path = repo / "drafts" / draftkit.DRAFT_ID / "index.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(PipelineError) as exc:
        drafts.load(repo, draftkit.DRAFT_ID)
    shown, found_line, _, found_message = _only_finding(exc)
    assert shown == f"drafts/{draftkit.DRAFT_ID}/index.md"
    assert found_line == line
    assert message in found_message


def test_alias_bomb_is_a_finding_not_an_exhausted_machine(repo: Path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path = repo / "drafts" / draftkit.DRAFT_ID / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\n" + "\n".join(lines) + "\n---\n")
    started = time.perf_counter()
    with pytest.raises(PipelineError) as exc:
        drafts.load(repo, draftkit.DRAFT_ID)
    assert time.perf_counter() - started < 5
    assert "too large or nested too deeply" in exc.value.findings[0].message


def test_type_errors_point_at_their_lines(repo: Path):
    path = draftkit.write(repo, "collected", extra="colour: red\n", event_date="20-11-2026")
    with pytest.raises(PipelineError) as exc:
        drafts.load(repo, draftkit.DRAFT_ID)
    lines = path.read_text().splitlines()
    by_field = {f.field: f for f in exc.value.findings}
    assert lines[by_field["colour"].line - 1] == "colour: red"
    assert by_field["colour"].message == "unknown key; remove it or check its spelling"
    assert lines[by_field["date"].line - 1].startswith("date: 20-11-2026")


def test_unknown_id_lists_known_drafts(repo: Path):
    draftkit.write(repo, "collected")
    with pytest.raises(PipelineError) as exc:
        drafts.load(repo, "2026-11-20-rapat")
    finding = exc.value.findings[0]
    assert finding.message == "no draft '2026-11-20-rapat' (no drafts/2026-11-20-rapat/index.md)"
    assert draftkit.DRAFT_ID in finding.hint
    with pytest.raises(PipelineError):
        drafts.load(repo, "../site_config")


def test_load_accepts_a_folder_path(repo: Path):
    draftkit.write(repo, "collected")
    assert drafts.load(repo, f"drafts/{draftkit.DRAFT_ID}/").id == draftkit.DRAFT_ID
    assert drafts.load(repo, f"drafts/{draftkit.DRAFT_ID}/index.md").id == draftkit.DRAFT_ID


def test_list_drafts_skips_hidden_and_incomplete(repo: Path):
    draftkit.write(repo, "collected")
    draftkit.write(repo, "collected", draft_id="2026-11-21-apel-pagi")
    (repo / "drafts" / ".new-2026-11-22-x").mkdir()
    (repo / "drafts" / "2026-11-23-kosong").mkdir()
    assert [p.name for p in drafts.list_drafts(repo)] == ["2026-11-20-rapat-evaluasi-kinerja", "2026-11-21-apel-pagi"]


# --- writing ---------------------------------------------------------------------------


def _changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_edit_changes_only_the_touched_lines(repo: Path):
    path = draftkit.write(repo, "narrated", summary='"Ringkasan dengan tanda kutip: tetap dikutip dan cukup panjang."')
    before = path.read_text()
    draft = drafts.load(repo, draftkit.DRAFT_ID)

    def change(tree):
        tree["status"] = "corrected"
        tree["location"] = "Aula"

    after_draft = drafts.edit_front_matter(draft, change)
    after = path.read_text()
    assert _changed(before, after) == ["-location: Ruang Rapat Utama", "+location: Aula",
                                       "-status: narrated", "+status: corrected"]
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]
    assert '"Ringkasan dengan tanda kutip' in after and "# from the camera" in after
    assert after_draft.status is Step.CORRECTED


def test_edit_keeps_windows_line_endings(repo: Path):
    path = draftkit.write(repo, "collected", body="Isi\r\n")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n"))
    before = path.read_bytes()
    draft = drafts.load(repo, draftkit.DRAFT_ID)
    drafts.edit_front_matter(draft, lambda tree: tree.__setitem__("location", "Aula"))
    after = path.read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert len(_changed(before.decode(), after.decode())) == 2


def test_edit_refuses_a_file_changed_since_it_was_read(repo: Path):
    path = draftkit.write(repo, "collected")
    draft = drafts.load(repo, draftkit.DRAFT_ID)
    path.write_text(path.read_text() + "Tambahan.\n")
    edited = path.read_text()
    with pytest.raises(PipelineError) as exc:
        drafts.edit_front_matter(draft, lambda tree: tree.__setitem__("status", "selected"))
    assert "changed on disk since it was read" in exc.value.findings[0].message
    assert path.read_text() == edited


def test_edit_that_fails_half_way_leaves_the_file(repo: Path):
    path = draftkit.write(repo, "collected")
    before = path.read_bytes()
    draft = drafts.load(repo, draftkit.DRAFT_ID)

    def change(tree):
        tree["status"] = "selected"
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        drafts.edit_front_matter(draft, change)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.md", "photos"]
