"""`pipeline check`: each rule with a failing and a passing case and its message; content pages; the CLI."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PIL import Image

import draftkit
from conftest import FIXTURE_COURT
from pipeline import checks, config
from pipeline.cli import cli
from pipeline.findings import Finding

ID = draftkit.DRAFT_ID
INDEX = f"drafts/{ID}/index.md"


def body_with(extra: str) -> str:
    """The good narrative with `extra` added to its last paragraph before the initials."""
    return draftkit.NARRATIVE.replace("dengan doa bersama.", f"dengan doa bersama. {extra}")


def narrated(**kwargs) -> Callable[[Path], Path]:
    return lambda repo: draftkit.write(repo, "narrated", **kwargs)


COURTROOM_PHOTO = ("  - file: photos/foto-1.jpg\n    caption: Sidang terbuka untuk umum\n"
                   "    alt: Majelis hakim di ruang sidang utama\n    selected: true\n    courtroom: true\n")

# rule id, a draft breaking it, the message, a draft keeping it
CASES: list[tuple[str, Callable[[Path], Path], str, Callable[[Path], Path]]] = [
    ("privacy.nik", narrated(body=body_with("Warga dengan NIK 1376015508900001 hadir.")),
     "a national ID number (NIK) 1376**********01: it identifies its holder",
     narrated(body=body_with("Nomor register 1376013208900001 dan 0076015508900001 bukan NIK."))),
    ("privacy.phone", narrated(body=body_with("Informasi: hubungi 0812-3456-7890.")), "a phone number 0812-****-**90: it reaches a private person",
     narrated(body=body_with("Informasi: hubungi (0752) 7970992 atau datang pukul 08.00 WIB."))),
    ("privacy.email", narrated(body=body_with("Kirim ke siti.aminah@gmail.com segera.")),
     "a private e-mail address si*********@gmail.com: it reaches a private person",
     narrated(body=body_with("Kirim ke pa.payakumbuh@pta-padang.go.id atau info@badilag.mahkamahagung.go.id."))),
    ("privacy.case", narrated(body=body_with("Perkara 123/Pdt.G/2026/PA.Pyk antara Siti Aminah dan suaminya diputus.")),
     "case number 123/Pdt.G/2026/PA.Pyk in the same paragraph as the name Si** Am****: together they identify a party",
     narrated(body=body_with("Sebanyak 12 perkara, di antaranya 123/Pdt.G/2026/PA.Pyk, telah diputus."))),
    ("privacy.party", narrated(body=body_with("Penggugat Siti Aminah hadir bersama kuasanya.")),
     "a party named: Si** Am**** (Penggugat); parties are named only by initials or role",
     narrated(body=body_with("Penggugat dan Tergugat hadir; Pemohon (AB) diwakili kuasanya."))),
    ("privacy.courtroom", narrated(photos=COURTROOM_PHOTO + "    permitted_by: ketua"),
     "a courtroom photo needs `hearing: open` (only an open hearing may be photographed)",
     narrated(photos=COURTROOM_PHOTO + "    hearing: open\n    permitted_by: ketua")),
    ("safety.html", narrated(body=body_with("Lihat <script>alert(1)</script> ini.")),
     "raw HTML '<script>' in the narrative",
     narrated(body=draftkit.NARRATIVE.replace("(rm)", "```html\n<script>contoh kode</script>\n```\n\n(rm)"))),
    ("safety.scheme", narrated(body=body_with("[Klik di sini](javascript:alert(1)).")), "a javascript: link",
     narrated(body=body_with("[Situs](https://www.pa-payakumbuh.go.id/)."))),
    ("safety.path", narrated(body=body_with("![Denah](../../site_config/pipeline.yml)")),
     "image '../../site_config/pipeline.yml' leads out of the draft folder",
     narrated(body=body_with("![Ketua membuka rapat](photos/foto-1.jpg)"))),
    ("narrative.title", narrated(title="Rapat"), "title has 5 characters; it needs 10 to 120", narrated()),
    ("narrative.summary", narrated(summary="Ringkas."), "summary has 8 characters; it needs 40 to 300", narrated()),
    ("narrative.words", narrated(body="Rapat berlangsung.\n\n(rm)\n"), "the narrative has 2 words; it needs at least 120",
     narrated()),
    ("narrative.date", narrated(body=draftkit.NARRATIVE.replace("Jumat 20", "Kamis 20")),
     "20 November 2026 is a Jumat, not a Kamis",
     narrated(body=draftkit.NARRATIVE.replace("**Payakumbuh, Jumat 20 November 2026 -** ", ""))),
    ("narrative.dateline", narrated(body=draftkit.NARRATIVE.replace("Jumat 20 November", "Friday 20 November")),
     "the dateline's day or month is not in Indonesian (Friday, November)", narrated()),
    ("narrative.initials", narrated(body=draftkit.NARRATIVE.replace("(rm)", "Terima kasih.")),
     "the narrative does not end with the reporter's initials", narrated()),
    ("narrative.time", narrated(body=body_with("Acara kedua dimulai jam 13:30.")),
     "time written as 'jam 13:30'", narrated(body=body_with("Acara kedua dimulai pukul 13.30 WIB."))),
    ("schema", narrated(extra="colour: red\n"), "unknown key; remove it or check its spelling", narrated()),
    ("schema.person", lambda r: draftkit.write(r, "collected", front_text=draftkit.front("collected").replace(
        "reporter: rina", "reporter: budi")), "unknown person 'budi'", narrated()),
    ("schema.category", narrated(category="Olahraga"), "unknown category 'Olahraga'", narrated()),
    ("schema.date", narrated(draft_id="2999-01-01-rapat-evaluasi", event_date="2999-01-01"),
     "the event date 2999-01-01 is in the future", narrated()),
    ("schema.required", narrated(location="''"), "the place of the event is required once the draft is narrated",
     narrated()),
    ("schema.history", narrated(history_text=draftkit.history("narrated").replace("by: rina", "by: dewi", 1)),
     "dewi has the role kasubag_ptip; the step collected needs the role operator", narrated()),
    ("schema.id", narrated(draft_id="rapat-tanpa-tanggal"), "draft id 'rapat-tanpa-tanggal' is not YYYY-MM-DD-slug (the event date, then lowercase letters, digits and "
     "single hyphens)",
     narrated()),
    ("photos.path", narrated(photos="  - file: ../foto-1.jpg\n    selected: false"),
     "'../foto-1.jpg' leads out of the draft folder", narrated()),
    ("photos.missing", narrated(photos="  - file: photos/foto-9.jpg\n    caption: a\n    alt: b\n    selected: true"),
     "photos/foto-9.jpg: file not found", narrated()),
    ("photos.duplicate", narrated(photos="  - file: photos/foto-1.jpg\n    caption: Rapat\n    alt: Ruang rapat\n"
                                         "    selected: true\n  - file: photos/foto-1.jpg"),
     "photos/foto-1.jpg is listed twice", narrated()),
    ("photos.caption", narrated(photos="  - file: photos/foto-1.jpg\n    alt: Ruang rapat\n    selected: true"),
     "missing caption for a selected photo", narrated()),
    ("photos.alt", narrated(photos="  - file: photos/foto-1.jpg\n    caption: Rapat\n    selected: true"),
     "missing alt text for a selected photo", narrated()),
    ("photos.selected", narrated(photos="  - file: photos/foto-1.jpg\n    selected: false"),
     "no selected photo: a selected draft needs at least one", narrated()),
    ("approval", narrated(extra="approved_by: dewi\n"),
     "a narrated draft carries an approval record (approved_by)", narrated()),
]


@pytest.mark.parametrize("rule_id, bad, message, good", CASES, ids=[c[0] for c in CASES])
def test_rule_fails_and_passes(repo: Path, settings: config.Settings, rule_id: str, bad, message: str, good):
    assert rule_id in checks.RULES
    path = bad(repo)
    found = [f for f in checks.check_paths(repo, settings) if f.rule == rule_id]
    assert [f.message for f in found] == [message], [f.text() for f in found]
    [finding] = found
    assert finding.path == path.relative_to(repo).as_posix()
    assert finding.severity is checks.RULES[rule_id].severity
    assert finding.hint
    if finding.line:
        assert 1 <= finding.line <= len(path.read_text().splitlines())
    shutil.rmtree(path.parent)
    good(repo)
    assert checks.check_paths(repo, settings) == []


def test_findings_point_at_the_line(repo: Path, settings: config.Settings):
    path = draftkit.write(repo, "narrated", body=body_with("Hubungi 0812-3456-7890."),
                          photos="  - file: photos/foto-1.jpg\n    caption: Rapat\n    selected: true")
    lines = path.read_text().splitlines()
    found = {f.rule: f for f in checks.check_paths(repo, settings)}
    assert "0812-3456-7890" in lines[found["privacy.phone"].line - 1]
    assert lines[found["photos.alt"].line - 1] == "  - file: photos/foto-1.jpg"
    assert found["photos.alt"].field == "photos[0].alt"
    assert found["privacy.phone"].text().startswith(f"{INDEX}:{found['privacy.phone'].line}: ")


@pytest.mark.parametrize("text, rule_id", [
    ("+62 812 3456 7890", "privacy.phone"),
    ("6281234567890", "privacy.phone"),
    ("(0751) 445566", "privacy.phone"),
    ("0752-7970992", None),  # the court's own number, written another way
    ("+62 752 7970992", None),
    ("Rp 1.500.000", None),
    ("NIP 198503102010011001", None),
    ("1376 0155 0890 0001", "privacy.nik"),
    ("137601.550890.0001", "privacy.nik"),
    ("1376017108900001", "privacy.nik"),  # a woman's: day 71 - 40 = 31 August
    ("1376017208900001", None),  # day 72 - 40 = 32: not a date
    ("1376013109900001", None),  # 31 September: not a date
    ("Sdr. Budi bin Ahmad, perkara 45/Pdt.P/2026/PA.Pyk", "privacy.name privacy.case"),
    ("Termohon: Budi Santoso", "privacy.party"),
    ("tergugat bernama Rahmat", "privacy.party"),
    ("Tergugat Rekonvensi tidak hadir", None),
    ("surat ke humas@pa-payakumbuh.go.id", None),
    ("foto@2x.png", None),
])
def test_privacy_patterns(settings: config.Settings, text: str, rule_id: str | None):
    found = checks.privacy_text(text, settings, "x.md", lambda _o: 1, "")
    assert [f.rule for f in found] == (rule_id.split() if rule_id else [])


def test_courtroom_rules(repo: Path, settings: config.Settings):
    closed = COURTROOM_PHOTO + "    hearing: closed"
    draftkit.write(repo, "narrated", photos=closed)
    assert [f.message for f in checks.check_paths(repo, settings) if f.rule == "privacy.courtroom"] == [
        "a photo of a closed hearing may not be kept or published"]
    draftkit.write(repo, "narrated", extra="hearing: closed\n")
    found = [f for f in checks.check_paths(repo, settings) if f.rule == "privacy.courtroom"]
    assert [f.message for f in found] == ["a closed hearing allows no photos; this draft has 2"]
    draftkit.write(repo, "narrated", photos=COURTROOM_PHOTO + "    hearing: open\n    permitted_by: budi")
    assert [f.message for f in checks.check_paths(repo, settings) if f.rule == "privacy.courtroom"] == [
        "unknown person 'budi'"]


@pytest.mark.parametrize("body, message", [
    ("Teks <div class='x'>kotak</div>.", "raw HTML \"<div class='x'>\" in the narrative"),
    ('<img src="x" onerror="alert(1)">\n', 'raw HTML \'<img src="x" onerror="alert(1)">\' in the narrative'),
    ("Catatan <!-- nama pihak: Siti --> tersembunyi.",
     "an HTML comment (hidden text is still published in the page source) in the narrative"),
    ('Tautan <a href="x"onclick="y">aneh</a>.', "something that MkDocs renders as HTML: '<a href=\"x\"onclick=\"y\">'"),
    ("![foto](photos/foto-1.jpg){ onclick=\"alert(1)\" }", "an attribute list that sets a script attribute"),
    ("[a](JaVa&#x53;cript:alert(1))", "a javascript: link"),
    ("[a](<vbscript:msgbox(1)>)", "a vbscript: link"),
    ("![a](data:image/svg+xml;base64,PHN2Zz4=)", "a data: image"),
    ("[a]: javascript:alert(1)\n\nLihat [a].", "a javascript: link"),
])
def test_safety_cases(repo: Path, settings: config.Settings, body: str, message: str):
    draftkit.write(repo, "collected", body=body + "\n")
    found = [f.message for f in checks.check_paths(repo, settings) if f.rule.startswith("safety.")]
    assert found == [message]


def test_excerpt_marker_and_code_are_not_html(repo: Path, settings: config.Settings):
    body = draftkit.NARRATIVE.replace("\n\n", "\n\n<!-- more -->\n\n", 1).replace(
        "(rm)", "Kode `<b>tebal</b>` dalam teks.\n\n    <script>indentasi kode</script>\n\n(rm)")
    draftkit.write(repo, "narrated", body=body)
    assert checks.check_paths(repo, settings) == []


@pytest.mark.parametrize("link, message", [
    ("/etc/passwd", "link '/etc/passwd' is an absolute path"),
    ("photos/tidak-ada.pdf", "link 'photos/tidak-ada.pdf': file not found"),
    ("../2026-11-21-lain/index.md", "link '../2026-11-21-lain/index.md' leads out of the draft folder"),
])
def test_link_paths_in_drafts(repo: Path, settings: config.Settings, link: str, message: str):
    draftkit.write(repo, "collected", body=f"Lihat [lampiran]({link}).\n")
    assert [f.message for f in checks.check_paths(repo, settings)] == [message]


def test_photo_paths_leading_out(repo: Path, settings: config.Settings, tmp_path: Path):
    outside = draftkit.photo(tmp_path / "rahasia.jpg")
    draftkit.write(repo, "collected", photos="  - file: /etc/hosts\n  - file: photos\\foto-1.jpg\n"
                                             "  - file: photos/tautan.jpg\n  - file: https://x.org/a.jpg")
    (repo / "drafts" / ID / "photos" / "tautan.jpg").symlink_to(outside)
    messages = [f.message for f in checks.check_paths(repo, settings) if f.rule == "photos.path"]
    assert messages == ["'/etc/hosts' is an absolute path", "'photos\\\\foto-1.jpg' uses backslashes; use forward slashes",
                        "'photos/tautan.jpg' links out of the draft folder",
                        "'https://x.org/a.jpg' is an address, not a file in the draft folder"]


def test_photo_files_are_inspected(repo: Path, settings: config.Settings):
    draftkit.write(repo, "collected", photos="\n".join(f"  - file: photos/{n}" for n in
                                                       ["foto-1.jpg", "teks.jpg", "potong.jpg", "gps.jpg", "besar.png"]))
    photos = repo / "drafts" / ID / "photos"
    (photos / "teks.jpg").write_text("bukan foto")
    Image.effect_noise((400, 300), 60).convert("RGB").save(photos / "potong.jpg", quality=90)
    whole = (photos / "potong.jpg").read_bytes()
    (photos / "potong.jpg").write_bytes(whole[: len(whole) // 2])
    draftkit.photo(photos / "gps.jpg", exif=True)
    Image.new("L", (1100, 1000)).save(photos / "besar.png")
    small = settings.model_copy(update={"photos": settings.photos.model_copy(update={"max_pixels": 1_000_000})})
    found = {f.field: (f.rule, f.message) for f in checks.check_paths(repo, small)}
    assert found["photos[1].file"] == ("photo-not-image",
                                       "photos/teks.jpg: not an image (JPEG, PNG, WebP, TIFF, GIF or BMP)")
    assert found["photos[2].file"] == ("photo-truncated",
                                       "photos/potong.jpg: truncated image: the file ends before the picture does")
    assert found["photos[3].file"][0] == "photo-metadata" and "GPS location" in found["photos[3].file"][1]
    assert found["photos[4].file"][0] == "photo-bomb"
    assert "photos[0].file" not in found
    # the full decode finds the same truncation
    deep = [f for f in checks.check_paths(repo, small, deep_photos=True) if f.field == "photos[2].file"]
    assert deep and deep[0].rule == "photo-truncated"


def test_unlisted_photo_with_gps_is_still_found(repo: Path, settings: config.Settings):
    draftkit.write(repo, "collected")
    draftkit.photo(repo / "drafts" / ID / "photos" / "lupa.jpg", exif=True)
    draftkit.photo(repo / "content" / "berita" / "gps.jpg", exif=True)
    found = sorted((f.path, f.rule) for f in checks.check_paths(repo, settings))
    assert found == [("content/berita/gps.jpg", "photo-metadata"), (f"drafts/{ID}/photos/lupa.jpg", "photo-metadata")]


@pytest.mark.parametrize("history, message", [
    ("  - {step: selected, by: rina, at: 2026-11-20T10:00:00+07:00}", "selected cannot follow the start"),
    ("  - {step: collected, by: rina, at: 2026-11-20T10:00:00+07:00}\n"
     "  - {step: narrated, by: rina, at: 2026-11-20T11:00:00+07:00}", "narrated cannot follow collected"),
    ("  - {step: collected, by: rina, at: 2026-11-20T10:00:00+07:00}\n"
     "  - {step: selected, by: rina, at: 2026-11-20T09:00:00+07:00}",
     "time 2026-11-20T09:00:00+07:00 is earlier than the step before it"),
    ("  - {step: collected, by: rina, at: 2999-11-20T10:00:00+07:00}", "time 2999-11-20T10:00:00+07:00 is in the future"),
    ("  - {step: collected, by: rina, at: 2026-11-20T10:00:00+07:00}\n  - {step: diperiksa, by: rina, at: 2026-11-20T11:00:00+07:00}",
     "unknown step 'diperiksa'"),
    ("  - {step: collected, by: rina, at: 2026-11-20T10:00:00+07:00}",
     "status is selected but the history ends at collected"),
    ("  []", "history is empty: every draft starts with a `collected` entry"),
])
def test_history_consistency(repo: Path, settings: config.Settings, history: str, message: str):
    front = draftkit.front("selected", history_text=history).replace("history:  # appended", "history:  # appended")
    if history == "  []":
        front = front.replace("history:  # appended by the pipeline, never edited by hand\n  []", "history: []")
    draftkit.write(repo, "selected", front_text=front)
    found = [f.message for f in checks.check_paths(repo, settings) if f.rule == "schema.history"]
    assert message in found


def test_a_return_without_reason_is_not_history(repo: Path, settings: config.Settings):
    history = draftkit.history("corrected") + "\n  - {step: narrated, by: dewi, at: 2026-11-20T12:00:00+07:00}"
    draftkit.write(repo, "narrated", history_text=history)
    found = [f.message for f in checks.check_paths(repo, settings) if f.rule == "schema.history"]
    assert found == ["narrated cannot follow corrected without a reason"]


def test_schema_errors_and_text_rules_together(repo: Path, settings: config.Settings):
    """A draft whose types are wrong still gets the privacy scan: nothing is skipped."""
    draftkit.write(repo, "narrated", event_date="kemarin", body=body_with("Hubungi 0812-3456-7890."))
    rules = sorted(f.rule for f in checks.check_paths(repo, settings))
    assert rules == ["privacy.phone", "schema"]


# --- content pages ------------------------------------------------------------------------


def test_sample_site_is_clean(repo: Path, settings: config.Settings):
    assert checks.check_paths(repo, settings) == []


@pytest.mark.parametrize("page, message", [
    ("# Judul\n\n<script>alert(1)</script>\n", "HTML that can run script: '<script>alert(1)</script>'"),
    ('# Judul\n\n<div onclick="x()">a</div>\n', "HTML that can run script: '<div onclick=\"x()\">a</div>'"),
    ("# Judul\n\n[a](javascript:alert(1))\n", "a javascript: link"),
    ("# Judul\n\n[a](../../site_config/pipeline.yml)\n", "link '../../site_config/pipeline.yml' leads out of content/"),
    ("---\ntitle: [x\n---\n# Judul\n", "invalid YAML: expected ',' or ']'"),
    ("# Judul\n\nHubungi Ibu Siti di 0813 1111 2222.\n", "a phone number 0813 **** **22"),
])
def test_content_page_rules(repo: Path, settings: config.Settings, page: str, message: str):
    (repo / "content" / "uji.md").write_text(page)
    found = [f for f in checks.check_paths(repo, settings)]
    assert len(found) == 1 and found[0].path == "content/uji.md"
    assert found[0].message.startswith(message)


def test_content_layout_html_is_allowed(repo: Path, settings: config.Settings):
    (repo / "content" / "uji.md").write_text('# Judul\n\n<div class="grid cards" markdown>\n\n- a\n\n</div>\n\n'
                                             "<!-- more -->\n")
    assert checks.check_paths(repo, settings) == []


def test_check_named_paths(repo: Path, settings: config.Settings):
    draftkit.write(repo, "narrated", body=body_with("Hubungi 0812-3456-7890."))
    draftkit.write(repo, "narrated", draft_id="2026-11-20-rapat-lain")
    (repo / "content" / "uji.md").write_text("# Uji\n\nHubungi 0813 1111 2222.\n")
    one = checks.check_paths(repo, settings, [repo / "drafts" / "2026-11-20-rapat-lain" / "photos" / "foto-1.jpg"])
    assert one == []
    found = checks.check_paths(repo, settings, [repo / "drafts" / ID, repo / "content" / "uji.md", repo / "site_config"])
    assert sorted((f.path, f.rule) for f in found) == [("content/uji.md", "privacy.phone"), (INDEX, "privacy.phone"),
                                                       ("site_config", "check")]


def test_check_paths_is_extensible(repo: Path, settings: config.Settings, monkeypatch):
    extra = checks.RULES["schema"].at("content/index.md", 1, "", "planted by a later stage")
    monkeypatch.setattr(checks, "REPO_RULES", [*checks.REPO_RULES, lambda root, s: [extra]])
    assert checks.check_paths(repo, settings) == [extra]


# --- never a traceback ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory) -> tuple[Path, config.Settings]:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(FIXTURE_COURT / "site_config", root / "site_config")
    (root / "drafts" / ID).mkdir(parents=True)
    return root, config.load_settings(root)


def _check_file(fuzz_repo, data: bytes) -> list[Finding]:
    root, settings = fuzz_repo
    (root / "drafts" / ID / "index.md").write_bytes(data)
    found = checks.check_paths(root, settings)
    assert all(isinstance(f, Finding) and f.message for f in found)
    return found


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600) | st.binary(max_size=400).map(lambda b: b"---\n" + b + b"\n---\n" + b))
def test_arbitrary_bytes_give_findings(fuzz_repo, data: bytes):
    _check_file(fuzz_repo, data)


scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
           | st.dates() | st.datetimes())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=4), max_leaves=12)
keys = st.sampled_from(["title", "date", "reporter", "status", "photos", "history", "summary", "category",
                        "hearing", "approved_by", "approved_at", "approval_digest", "location"]) | st.text(max_size=8)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.dictionaries(keys, values, max_size=10), body=st.text(max_size=300))
def test_arbitrary_yaml_gives_findings(fuzz_repo, front: dict, body: str):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    _check_file(fuzz_repo, text.encode("utf-8", "surrogatepass"))


@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.text(max_size=200))
def test_arbitrary_yaml_text_gives_findings(fuzz_repo, front: str):
    _check_file(fuzz_repo, ("---\n" + front + "\n---\nIsi.\n").encode("utf-8", "surrogatepass"))


# --- the command ------------------------------------------------------------------------------


def _invoke(repo: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["--root", str(repo), *args], env=env)


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_check_clean_and_errors(repo: Path):
    result = _invoke(repo, "check")
    assert result.exit_code == 0, result.output
    assert "Tidak ada masalah ditemukan." in result.output
    draftkit.write(repo, "narrated", body=body_with("Hubungi 0812-3456-7890."))
    result = _invoke(repo, "check")
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "privacy.phone" in l)
    assert line.startswith(f"{INDEX}:")
    assert ": nomor telepon 0812-****-**90: menghubungkan ke orang pribadi; hapus nomor telepon" in line


def test_cli_warnings_fail_only_when_strict(repo: Path):
    draftkit.write(repo, "narrated", body=body_with("Acara kedua dimulai jam 13:30."))
    assert _invoke(repo, "check").exit_code == 0
    assert _invoke(repo, "check", "--strict").exit_code == 1


def test_cli_json_and_github_formats(repo: Path, tmp_path: Path):
    draftkit.write(repo, "narrated", body=body_with("Hubungi 0812-3456-7890."))
    result = _invoke(repo, "check", "--format", "json")
    data = json.loads(result.stdout)
    assert [d["rule"] for d in data] == ["privacy.phone"] and data[0]["severity"] == "error"
    summary = tmp_path / "summary.md"
    result = _invoke(repo, "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={INDEX},line=")
    assert "| `" + INDEX + "` |" in summary.read_text()


def test_cli_broken_settings_exit_2(repo: Path):
    (repo / "site_config" / "pipeline.yml").write_text("court: [\n")
    result = _invoke(repo, "check")
    assert result.exit_code == 2


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_run_stops_at_check_before_building(repo: Path):
    draftkit.write(repo, "narrated", body=body_with("Hubungi 0812-3456-7890."))
    result = _invoke(repo, "run")
    assert result.exit_code == 1
    assert "Memeriksa draf dan halaman" in result.output
    assert "Membangun situs" not in result.output
    assert not (repo / "site").exists()


NARRATIVE_OPENING = draftkit.NARRATIVE.replace("**Payakumbuh, Jumat 20 November 2026 -** Kegiatan berlangsung",
                                               "Pada hari Jumat, 20 November 2026, kegiatan berlangsung")


def test_a_narrative_opening_with_day_and_date_is_a_dateline(repo: Path, settings: config.Settings):
    """`Pada hari Jumat, 20 November 2026, ...` carries the dateline's facts: no warning, and they are checked."""
    assert NARRATIVE_OPENING != draftkit.NARRATIVE and checks.has_dateline(NARRATIVE_OPENING)
    draftkit.write(repo, "narrated", body=NARRATIVE_OPENING)
    assert checks.check_paths(repo, settings) == []
    draftkit.write(repo, "narrated", body=NARRATIVE_OPENING.replace("hari Jumat, 20", "hari Kamis, 20"))
    found = [(f.rule, f.message) for f in checks.check_paths(repo, settings)]
    assert found == [("narrative.date", "20 November 2026 is a Jumat, not a Kamis")]
    draftkit.write(repo, "narrated", body=NARRATIVE_OPENING.replace("20 November 2026,", "21 November 2026,"))
    found = [(f.rule, f.message) for f in checks.check_paths(repo, settings)]
    assert found == [("narrative.date", "the dateline says 2026-11-21 but the event date is 2026-11-20")]


def test_renderer_has_mkdocs_extensions_and_skips_one_that_does_not_load(tmp_path):
    from pipeline import checks

    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "mkdocs.yml").write_text(
        "site_name: PA\nmarkdown_extensions:\n  - attr_list\n  - no_such_extension_anywhere\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")
    renderer = checks._renderer(tmp_path)
    assert "{: #top }" not in renderer.reset().convert("# Title {: #top }")  # attr_list is on
    assert 'id="top"' in renderer.reset().convert("# Title {: #top }")
    assert checks._renderer(tmp_path) is renderer  # built once per repository
