"""Messages staff read: Bahasa Indonesia by default, English on request, a complete catalogue."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline import catalogue

REPO = Path(__file__).resolve().parent.parent


def run_pipeline(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    full_env = {k: v for k, v in os.environ.items() if k != "PIPELINE_LANG"} | (env or {})
    return subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), *args],
                          capture_output=True, text=True, env=full_env)


def set_config_language(repo: Path, language: str) -> None:
    config = repo / "site_config" / "pipeline.yml"
    lines = [line for line in config.read_text().splitlines() if not line.startswith("language:")]
    config.write_text("\n".join(lines) + f"\nlanguage: {language}\n")


def empty_drafts(repo: Path) -> Path:
    for draft in (repo / "drafts").iterdir():
        subprocess.run(["rm", "-rf", str(draft)], check=True)
    return repo


def test_indonesian_by_default(scratch_repo: Path):
    result = run_pipeline(empty_drafts(scratch_repo), "status")
    assert result.returncode == 0
    assert result.stdout.startswith("Belum ada draf. Mulai dengan: pipeline new")


@pytest.mark.parametrize("how", ["option", "env", "config"])
def test_english_on_request(scratch_repo: Path, how: str):
    repo = empty_drafts(scratch_repo)
    args, env = ["status"], {}
    if how == "option":
        args = ["--lang", "en", "status"]
    elif how == "env":
        env = {"PIPELINE_LANG": "en"}
    else:
        set_config_language(repo, "en")
    result = run_pipeline(repo, *args, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No drafts yet. Start with: pipeline new")


def test_option_wins_over_config(scratch_repo: Path):
    repo = empty_drafts(scratch_repo)
    set_config_language(repo, "en")
    assert run_pipeline(repo, "--lang", "id", "status").stdout.startswith("Belum ada draf")


def test_unknown_language_in_config_is_a_config_error(scratch_repo: Path):
    set_config_language(scratch_repo, "fr")
    result = run_pipeline(scratch_repo, "--lang", "en", "status")
    assert result.returncode == 2
    assert "site_config/pipeline.yml:" in result.stderr and "language:" in result.stderr
    assert "Traceback" not in result.stderr


def test_committed_mo_is_compiled_from_the_po():
    """An editable install reads the committed .mo: it must say what the .po says."""
    assert catalogue.MO_FILE.exists()
    assert catalogue.mo_messages(catalogue.MO_FILE.read_bytes()) == catalogue.mo_messages(catalogue.compiled())


def test_a_built_wheel_carries_the_compiled_catalogue(tmp_path: Path):
    """A regular install gets its .mo from the build (setup.py compiles the .po)."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        mo = zf.read("pipeline/locale/id/LC_MESSAGES/pipeline.mo")
    assert catalogue.mo_messages(mo) == catalogue.mo_messages(catalogue.compiled())
    assert catalogue.mo_messages(mo)["No problems found."] == "Tidak ada masalah ditemukan."


def faulty_draft(repo: Path) -> None:
    """A narrated draft with the usual mistakes: a short title, a photo without alt text, a phone number."""
    import draftkit

    photos = ("  - file: photos/foto-1.jpg\n"
              "    caption: Ketua membuka rapat evaluasi kinerja\n"
              "    alt: ''\n"
              "    selected: true")
    body = draftkit.NARRATIVE.replace("dengan doa bersama.", "dengan doa bersama. Hubungi 0812-3456-7890.")
    draftkit.write(repo, "narrated", title="Rapat", photos=photos, body=body)


MAIN_FINDINGS_ID = [
    "title: judul terdiri atas 5 karakter; seharusnya 10 sampai 120; sesuaikan panjang judul [narrative.title]",
    "photos[0].alt: teks alternatif (alt) foto terpilih belum diisi; gambarkan isi foto untuk pembaca yang tidak "
    "dapat melihatnya [photos.alt]",
    ": nomor telepon 0812-****-**90: menghubungkan ke orang pribadi; hapus nomor telepon itu; cantumkan kontak "
    "pengadilan sendiri [privacy.phone]",
]
MAIN_FINDINGS_EN = [
    "title: title has 5 characters; it needs 10 to 120; adjust the title's length [narrative.title]",
    "photos[0].alt: missing alt text for a selected photo; describe the photo for readers who cannot see it [photos.alt]",
    ": a phone number 0812-****-**90: it reaches a private person; remove the phone number; give the court's own "
    "contact instead [privacy.phone]",
]


def test_check_prints_its_findings_in_indonesian(scratch_repo: Path, tmp_path: Path):
    faulty_draft(scratch_repo)
    summary = tmp_path / "summary.md"
    result = run_pipeline(scratch_repo, "check")
    assert result.returncode == 1
    for finding in MAIN_FINDINGS_ID:
        assert finding in result.stdout, result.stdout
    assert result.stdout.rstrip().endswith("3 kesalahan, 0 peringatan.")
    github = run_pipeline(scratch_repo, "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert "::judul terdiri atas 5 karakter; seharusnya 10 sampai 120; sesuaikan panjang judul" in github.stdout
    text = summary.read_text()
    assert text.startswith("## Pemeriksaan draf dan halaman\n\n3 kesalahan, 0 peringatan.")
    assert "| Berkas | Baris | Kolom | Tingkat | Pesan |" in text and "| kesalahan | nomor telepon" in text


def test_check_in_english_on_request(scratch_repo: Path):
    faulty_draft(scratch_repo)
    result = run_pipeline(scratch_repo, "--lang", "en", "check")
    assert result.returncode == 1
    for finding in MAIN_FINDINGS_EN:
        assert finding in result.stdout, result.stdout
    assert result.stdout.rstrip().endswith("3 errors, 0 warnings.")


def test_every_message_has_an_indonesian_translation():
    """Extracted fresh with Babel: every msgid in the catalogue, translated, not fuzzy, same {placeholders};
    and the committed .mo compiled from the .po. Fix with `python -m pipeline.catalogue` (README)."""
    assert catalogue.problems() == []


def test_no_message_is_hidden_from_the_extractor():
    assert catalogue.hidden_messages() == []


@pytest.mark.lang("id")
def test_help_of_editorial_commands_in_indonesian():
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "Periksa draf dan halaman konten: skema, foto, narasi, privasi, keamanan." in result.output
    assert "Peringatan juga menggagalkan (keluar 1)." in result.output  # an option's help
    assert result.output.startswith("Penggunaan:") and "Opsi:" in result.output and "Contoh:" in result.output
    listing = CliRunner().invoke(cli, ["--help"]).output
    assert "Ambil langkah redaksi berikutnya" in listing and "Perintah:" in listing
    english = CliRunner().invoke(cli, ["--lang", "en", "advance", "--help"]).output
    assert "Take the next editorial step (G4 selected, G5 narrated, G6 corrected)." in english
    assert english.startswith("Usage:") and "Example:" in english


@pytest.mark.lang("id")
def test_usage_errors_in_indonesian():
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["advance", "2026-11-20-rapat"])
    assert result.exit_code == 2
    assert "Kesalahan: Opsi belum diberikan '--" in result.output


@pytest.mark.lang("id")
def test_reports_in_indonesian():
    from datetime import datetime, timezone

    from pipeline.findings import render_markdown
    from pipeline.monitor import MonitorReport

    monitor = MonitorReport(datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc), None, ()).render_markdown()
    assert monitor.startswith("## Pemantauan situs\n\n0 alamat diperiksa, 0 tidak dapat diakses, 0 kesalahan")
    assert "| Alamat | Status | Waktu | Pengalihan | Sertifikat TLS | Berita terbaru | Masalah |" in monitor
    assert render_markdown([]) == "## Hasil pemeriksaan\n\nTidak ada masalah ditemukan.\n"
