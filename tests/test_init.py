"""`pipeline init`: a fresh fork becomes another court from options or answers, in one step."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import load_settings

COURT = ["--name", "Pengadilan Agama Sukamaju", "--short-name", "PA Sukamaju", "--city", "Sukamaju",
         "--address", "Jl. Merdeka No. 1, Sukamaju", "--postal-code", "12345", "--phone", "(0751) 123456",
         "--fax", "", "--email", "info@pa-sukamaju.go.id", "--site-url", "https://www.pa-sukamaju.go.id/",
         "--timezone", "Asia/Makassar", "--parent-court", "Pengadilan Tinggi Agama Sukamaju"]
CODES = ["--coverage-form", "W3-A9/FM/2026/04", "--sop", "W3-A9/SOP/12"]
PEOPLE = ["--person", "yusuf:operator:yusuf-pasmj:Yusuf Anwar, S.Kom.",
          "--person", "sari:kasubag_ptip:@sari-pasmj:Sari Wulandari, S.T.",
          "--person", "ilham:sekretaris::Ilham Rasyid, S.H."]
CONFIG = Path("site_config/pipeline.yml")
POSTS = Path("content/berita/posts")


def invoke(root: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--root", str(root), "init", *args], input=input)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def test_options_make_another_court_with_a_diff_and_comments_kept(scratch_repo: Path):
    before = (scratch_repo / CONFIG).read_text(encoding="utf-8")
    result = invoke(scratch_repo, *COURT, *CODES, *PEOPLE, "--no-input")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "--- a/site_config/pipeline.yml\n+++ b/site_config/pipeline.yml\n" in out
    lines = out.splitlines()
    assert "-  name: Pengadilan Agama Payakumbuh" in lines and "+  name: Pengadilan Agama Sukamaju" in lines
    assert "-site_name: Pengadilan Agama Payakumbuh" in lines and "+site_name: Pengadilan Agama Sukamaju" in lines
    assert "   timezone: Asia/Jakarta" not in lines and "+  timezone: Asia/Makassar" in lines
    assert "written: .github/CODEOWNERS" in out and "written: .github/pull_request_template.md" in out
    settings = load_settings(scratch_repo)
    court = settings.court
    assert (court.name, court.city, court.timezone, court.fax, court.postal_code) == (
        "Pengadilan Agama Sukamaju", "Sukamaju", "Asia/Makassar", "", "12345")
    assert [(p.id, p.role.value, p.github) for p in settings.people] == [
        ("yusuf", "operator", "yusuf-pasmj"), ("sari", "kasubag_ptip", "sari-pasmj"), ("ilham", "sekretaris", None)]
    # the policies of people who are gone pass to the new person with their role
    assert {p.pattern: p.owner for p in settings.freshness.policies} == {
        "berita/posts/**": "yusuf", "layanan/**": "yusuf", "profil/**": "sari", "pengumuman.md": "yusuf",
        "informasi-publik.md": "sari", "**": "sari"}
    after = (scratch_repo / CONFIG).read_text(encoding="utf-8")
    kept = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert kept and all(line in after for line in kept)  # every comment survives the round trip
    assert "\n\ncategories:\n" in after  # and the blank line after the people
    assert "@sari-pasmj" in (scratch_repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert (settings.codes.coverage_form, settings.codes.sop) == ("W3-A9/FM/2026/04", "W3-A9/SOP/12")
    assert "(formulir W3-A9/FM/2026/04)" in (scratch_repo / ".github" / "checklist.jq").read_text(encoding="utf-8")
    assert len(list((scratch_repo / POSTS).glob("*/index.md"))) == 6  # samples stay unless asked
    # the same answers again change nothing
    snapshot = files(scratch_repo)
    again = invoke(scratch_repo, *COURT, *CODES, *PEOPLE, "--no-input")
    assert again.exit_code == 0 and "nothing to change" in again.output and "written:" not in again.output
    assert files(scratch_repo) == snapshot


def test_remove_samples_deletes_only_the_sample_posts(scratch_repo: Path):
    own = scratch_repo / POSTS / "2026-11-25-rapat-kerja" / "index.md"
    own.parent.mkdir()
    own.write_text("---\ntitle: Rapat Kerja Pengadilan\ndate: 2026-11-25\n---\n\n# Rapat Kerja\n\nIsi.\n",
                   encoding="utf-8")
    result = invoke(scratch_repo, "--remove-samples", "--no-input")
    assert result.exit_code == 0, result.output
    assert result.output.count("removed: content/berita/posts/") == 6
    assert [p.parent.name for p in (scratch_repo / POSTS).glob("*/index.md")] == ["2026-11-25-rapat-kerja"]


def test_dry_run_writes_nothing(scratch_repo: Path):
    snapshot = files(scratch_repo)
    result = invoke(scratch_repo, *COURT, "--remove-samples", "--dry-run", "--no-input")
    assert result.exit_code == 0, result.output
    assert "+  city: Sukamaju" in result.output and "Dry run: nothing written." in result.output
    assert "sample post to remove: content/berita/posts/2026-11-20-rapat-evaluasi-kinerja-november" in result.output
    assert files(scratch_repo) == snapshot


def test_bad_answers_are_refused_by_option_and_nothing_is_written(scratch_repo: Path):
    snapshot = files(scratch_repo)
    result = invoke(scratch_repo, "--email", "bukan-surel", "--timezone", "Asia/Sukamaju", "--no-input")
    assert result.exit_code == 2
    assert "--email: court.email:" in result.output and "--timezone: court.timezone:" in result.output
    result = invoke(scratch_repo, "--person", "yusuf:operator:yusuf-pasmj:Yusuf", "--no-input")
    assert result.exit_code == 2 and "nobody has the role 'kasubag_ptip'" in result.output
    result = invoke(scratch_repo, "--person", "Yusuf Anwar", "--no-input")
    assert result.exit_code == 2 and "is not ID:ROLE:GITHUB:NAME" in result.output
    result = invoke(scratch_repo, "--person", "yusuf:hakim::Yusuf Anwar", "--no-input")
    assert result.exit_code == 2 and "role 'hakim' is not one of operator, kasubag_ptip" in result.output
    assert files(scratch_repo) == snapshot


def test_it_asks_for_what_no_option_gives(scratch_repo: Path):
    # every court field is asked in turn (empty: keep the current value), then whether to replace the people
    answers = ["Pengadilan Agama Sukamaju", "PA Sukamaju", "Sukamaju"] + [""] * 8 + ["W3-A9/FM/01", ""] + ["y",
               "yusuf:operator::Yusuf Anwar, S.Kom.", "sari:kasubag_ptip:sari-pasmj:Sari Wulandari, S.T.", ""]
    result = invoke(scratch_repo, "--ask", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Court name (e.g. Pengadilan Agama Sukamaju) [Pengadilan Agama Payakumbuh]:" in result.output
    assert "rina:operator:rina-pa-pyk:Rina Marlina, S.Kom." in result.output  # the people it would replace
    settings = load_settings(scratch_repo)
    assert (settings.court.name, settings.court.city, settings.court.phone) == (
        "Pengadilan Agama Sukamaju", "Sukamaju", "(0752) 7970992")
    assert [p.id for p in settings.people] == ["yusuf", "sari"]
    assert (settings.codes.coverage_form, settings.codes.sop) == ("W3-A9/FM/01", "SOP/AS/29")
    assert "Daftar periksa SOP/AS/29" in (scratch_repo / ".github" / "pull_request_template.md").read_text()
    assert "(W3-A9/FM/01)" in (scratch_repo / ".github" / "pull_request_template.md").read_text()


def test_the_facts_init_does_not_ask_for_move_to_the_new_court(scratch_repo: Path):
    """Region, districts and the court's own service links (pipeline/pages.py placeholders) follow the new court."""
    config = scratch_repo / CONFIG
    text = config.read_text(encoding="utf-8").replace(
        "  parent_court: Pengadilan Tinggi Agama Padang\n",
        "  parent_court: Pengadilan Tinggi Agama Padang\n  region: Kota Payakumbuh\n"
        "  jurisdiction:\n    - Payakumbuh Barat\n  links:\n    sipp: https://sipp.pa-payakumbuh.go.id/\n"
        "    ecourt: https://ecourt.mahkamahagung.go.id/\n  officials:\n"
        "    - {id: sekretaris, position: Sekretaris, name: 'Hendra Saputra, S.H.'}\n"
        "    - {id: hakim_1, position: Hakim, name: Nama Hakim}\n")
    config.write_text(text, encoding="utf-8")
    result = invoke(scratch_repo, *COURT, *PEOPLE, "--no-input")
    assert result.exit_code == 0, result.output
    court = load_settings(scratch_repo).court
    assert court.region == "Kota Sukamaju" and court.jurisdiction == []
    assert court.links == {"sipp": "https://sipp.pa-sukamaju.go.id/", "ecourt": "https://ecourt.mahkamahagung.go.id/"}
    # an official holding a role of the people takes the new person's name; the others stay
    assert [(o.id, o.name) for o in court.officials] == [("sekretaris", "Ilham Rasyid, S.H."), ("hakim_1", "Nama Hakim")]
