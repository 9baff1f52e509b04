"""Evidence pages: the filled form FM/AS/31/04 with history and SOP timing, and the period summary."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

import draftkit
import githubkit
from pipeline import config, evidence, workflow
from pipeline.cli import cli
from pipeline.config import Codes

ID = draftkit.DRAFT_ID
DATA = Path(__file__).parent / "data" / "github"


def approved(repo: Path, settings: config.Settings, **kwargs):
    draftkit.write(repo, "corrected", summary=draftkit.SUMMARY, body=draftkit.NARRATIVE, **kwargs)
    return githubkit.approve(repo, settings, ID)


def _cells(page: str) -> list[list[str]]:
    tree = lxml_html.fromstring(page)
    return [[" ".join(td.text_content().split()) for td in tr.xpath("td|th")] for tr in tree.xpath("//tr")]


def test_draft_page_is_the_filled_form(repo: Path, settings: config.Settings):
    approved(repo, settings)
    page = evidence.draft_page(repo, settings, ID)
    rows = _cells(page)
    assert '<html lang="id">' in page
    assert '<p class="code">FM/AS/31/04</p>' in page
    assert ["Judul", "Rapat Evaluasi Kinerja Bulan November 2026"] in rows
    assert ["Hari/tanggal", "Jumat, 20 November 2026"] in rows
    assert ["Tempat", "Ruang Rapat Utama"] in rows
    assert ["Peliput", "Rina Marlina, S.Kom. (Operator/Admin)"] in rows
    assert "mengevaluasi capaian kinerja" in page
    assert "<figcaption>Ketua membuka rapat evaluasi kinerja</figcaption>" in page
    assert len(re.findall(r'<img src="data:image/jpeg;base64,', page)) == 1  # only the selected photo
    assert ["Keabsahan", "sah: isi tidak berubah sejak disetujui"] in rows
    assert ["Disetujui oleh", "Dewi Kartika, S.T. (Kasubag PTIP)"] in rows


def test_history_rows_carry_sop_timing(repo: Path, settings: config.Settings):
    history = "\n".join([
        "  - {step: collected, by: rina, at: 2026-11-20T10:00:00+07:00}",
        "  - {step: selected, by: rina, at: 2026-11-20T10:45:00+07:00}",
        "  - {step: narrated, by: rina, at: 2026-11-20T12:30:00+07:00}",
        "  - {step: corrected, by: dewi, at: 2026-11-20T13:00:00+07:00}",
        "  - {step: narrated, by: dewi, at: 2026-11-20T13:20:00+07:00, reason: Perbaiki keterangan foto}",
    ])
    draftkit.write(repo, "narrated", history_text=history)
    rows = _cells(evidence.draft_page(repo, settings, ID))
    history_rows = [r for r in rows if r and r[0].isdigit()]
    assert history_rows[1] == ["2", "G4", "Menyeleksi/edit hasil peliputan", "diseleksi",
                               "Rina Marlina, S.Kom. (Operator/Admin)", "20 November 2026 pukul 10.45 WIB",
                               "45 menit", "1 jam", "Tepat waktu"]
    assert history_rows[2][6:] == ["1 jam 45 menit", "1 jam", "Terlambat 45 menit"]
    assert history_rows[4][-1] == "Dikembalikan: Perbaiki keterangan foto"
    assert history_rows[0][6:] == ["-", "-", "-"]


def test_form_code_comes_from_settings(repo: Path, settings: config.Settings):
    draftkit.write(repo, "collected")
    other = settings.model_copy(update={"codes": Codes(coverage_form="FM/PA-XYZ/07", sop="SOP/XYZ/1")})
    page = evidence.draft_page(repo, other, ID)
    assert '<p class="code">FM/PA-XYZ/07</p>' in page and "SOP/XYZ/1" in page
    assert "FM/AS/31/04" not in page


def test_narrative_html_is_escaped(repo: Path, settings: config.Settings):
    draftkit.write(repo, "collected", body='Teks <script>alert("x")</script> dan [a](javascript:alert(1)).\n',
                   title="Judul <b>tebal</b> & lain-lain")
    page = evidence.draft_page(repo, settings, ID)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert "Judul &lt;b&gt;tebal&lt;/b&gt; &amp; lain-lain" in page


def test_changed_content_shows_the_approval_as_void(repo: Path, settings: config.Settings):
    draft = approved(repo, settings)
    draft.path.write_text(draft.path.read_text().replace("doa bersama", "doa"))
    rows = _cells(evidence.draft_page(repo, settings, ID))
    [verdict] = [r[1] for r in rows if r and r[0] == "Keabsahan"]
    assert verdict.startswith("tidak sah: the narrative or the selected photos changed after approval")


def test_period_summary_counts_steps_on_time_and_late(repo: Path, settings: config.Settings):
    draftkit.write(repo, "narrated", history_text="\n".join([
        "  - {step: collected, by: rina, at: 2026-11-20T10:00:00+07:00}",
        "  - {step: selected, by: rina, at: 2026-11-20T10:45:00+07:00}",   # 45 min, on time
        "  - {step: narrated, by: rina, at: 2026-11-20T12:30:00+07:00}",   # 105 min, late
    ]))
    draftkit.write(repo, "selected", draft_id="2026-11-21-apel-pagi", event_date="2026-11-21", history_text="\n".join([
        "  - {step: collected, by: fajar, at: 2026-11-21T08:00:00+07:00}",
        "  - {step: selected, by: fajar, at: 2026-11-21T10:00:00+07:00}",  # 120 min, late
    ]))
    draftkit.write(repo, "collected", draft_id="2026-10-01-di-luar-periode", event_date="2026-10-01")
    found, tallies, unreadable = evidence.period_summary(repo, settings, date(2026, 11, 1), date(2026, 11, 30))
    assert [d.id for d in found] == [ID, "2026-11-21-apel-pagi"]
    assert (tallies["selected"].count, tallies["selected"].on_time, tallies["selected"].late) == (2, 1, 1)
    assert (tallies["narrated"].on_time, tallies["narrated"].late) == (0, 1)
    assert tallies["selected"].mean == 82.5
    assert unreadable == []
    rows = _cells(evidence.period_page(repo, settings, date(2026, 11, 1), date(2026, 11, 30)))
    assert ["Jumlah liputan", "2"] in rows
    assert ["Tepat waktu / terlambat", "1 / 2 (33% tepat waktu)"] in rows
    assert ["G4", "Menyeleksi/edit hasil peliputan", "2", "1", "1", "0", "1 jam 22 menit", "1 jam"] in rows
    assert "Di Luar Periode" not in " ".join(" ".join(r) for r in rows)


def test_duration_words():
    assert evidence.duration(None) == "-"
    assert evidence.duration(0) == "0 menit"
    assert evidence.duration(95) == "1 jam 35 menit"
    assert evidence.duration(60 * 24 + 5) == "1 hari 5 menit"


def test_cli_evidence(repo: Path, tmp_path: Path):
    draftkit.write(repo, "collected")
    out = tmp_path / "bukti.html"
    result = CliRunner().invoke(cli, ["--root", str(repo), "evidence", ID, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "NASKAH KONTEN WEBSITE" in out.read_text()
    result = CliRunner().invoke(cli, ["--root", str(repo), "evidence", "--from", "2026-11-01", "--to", "2026-11-30"])
    assert result.exit_code == 0 and "REKAPITULASI" in result.output
    result = CliRunner().invoke(cli, ["--root", str(repo), "evidence", ID, "--from", "2026-11-01"])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["--root", str(repo), "evidence", "2026-11-20-tidak-ada"])
    assert result.exit_code == 1 and "no draft '2026-11-20-tidak-ada'" in result.output
