"""Freshness: dates from one git pass over real repositories with commits at chosen dates."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from pipeline import freshness, site
from pipeline.cli import cli
from pipeline.config import load_settings
from pipeline.findings import PipelineError

from conftest import FIXTURE_COURT, git

TZ = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 11, 25)


def commit_at(root: Path, when: str, message: str = "edit", *paths: str) -> None:
    """Commit `paths` (default: everything) with author and committer dates `when` (ISO 8601)."""
    git(root, "add", *(paths or ["-A"]))
    git(root, "commit", "-q", "--allow-empty", "-m", message,
        env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})


def write(root: Path, rel: str, text: str) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def dated_repo(tmp_path: Path) -> Path:
    """The sample site with a history: everything on 2025-01-10, then chosen pages later."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(FIXTURE_COURT / "site_config", root / "site_config")
    shutil.copytree(FIXTURE_COURT / "content", root / "content")
    git(root, "init", "-q", "-b", "main")
    commit_at(root, "2025-01-10T09:00:00+07:00", "sample site")
    return root


# --------------------------------------------------------------------------- one git pass


def test_one_git_pass_gives_each_files_last_commit_like_git_log_per_file(tmp_path):
    root = tmp_path / "r"
    write(root, "a.md", "# A\n")
    write(root, "b dengan spasi.md", "# B\n")
    write(root, "layanan/c.md", "# C\n")
    (root / "luar.md").write_text("outside content/\n")
    git(root, "init", "-q", "-b", "main")
    commit_at(root, "2025-03-01T10:00:00+07:00", "first")
    write(root, "a.md", "# A\n\nlagi\n")
    commit_at(root, "2025-06-15T23:30:00+07:00", "a again")
    commit_at(root, "2025-07-01T10:00:00+07:00", "empty")  # touches nothing
    write(root, "layanan/c.md", "# C\n\nubah\n")
    # a commit dated EARLIER than its parent: "last" means last in history, as `git log -1` says
    commit_at(root, "2025-05-05T08:00:00+07:00", "c, clock skew")
    (root / "luar.md").write_text("changed\n")
    commit_at(root, "2025-08-01T10:00:00+07:00", "outside")

    history = freshness.git_history(root / "content", TZ)

    assert history.available and not history.shallow
    assert history.committed == {"a.md": date(2025, 6, 15), "b dengan spasi.md": date(2025, 3, 1),
                                 "layanan/c.md": date(2025, 5, 5)}
    for rel, day in history.committed.items():  # the naive way agrees, file by file
        stamp = git(root / "content", "log", "-1", "--format=%cI", "--", rel).strip()
        assert stamp.startswith(day.isoformat())


def test_a_later_pass_reads_only_new_commits_and_survives_a_rewritten_history(tmp_path):
    root = tmp_path / "r"
    write(root, "a.md", "# A\n")
    write(root, "b.md", "# B\n")
    git(root, "init", "-q", "-b", "main")
    commit_at(root, "2025-03-01T10:00:00+07:00", "first")
    docs = root / "content"
    first = freshness.git_history(docs, TZ)
    cache = root / ".cache" / "court" / "git-dates.json"
    assert json.loads(cache.read_text())["head"] == git(root, "rev-parse", "HEAD").strip()

    write(root, "b.md", "# B\n\nlagi\n")
    commit_at(root, "2025-04-02T10:00:00+07:00", "b")
    grown = freshness.git_history(docs, TZ)  # from the cache plus one new commit
    assert grown.committed == {"a.md": date(2025, 3, 1), "b.md": date(2025, 4, 2)}
    assert grown.committed == freshness.git_history(docs, TZ, use_cache=False).committed

    git(root, "commit", "-q", "--amend", "-m", "b, reworded",  # the cached commit is no longer in the history
        env={"GIT_AUTHOR_DATE": "2025-05-05T10:00:00+07:00", "GIT_COMMITTER_DATE": "2025-05-05T10:00:00+07:00"})
    rewritten = freshness.git_history(docs, TZ)
    assert rewritten.committed == {"a.md": date(2025, 3, 1), "b.md": date(2025, 5, 5)}
    assert first.committed["b.md"] == date(2025, 3, 1)


def test_commit_dates_are_days_at_the_court_not_utc(tmp_path):
    root = tmp_path / "r"
    write(root, "a.md", "# A\n")
    git(root, "init", "-q", "-b", "main")
    commit_at(root, "2025-03-01T20:00:00+00:00")  # 03:00 on 2 March in Payakumbuh
    assert freshness.git_history(root / "content", TZ).committed["a.md"] == date(2025, 3, 2)


def test_outside_git_there_is_no_history_and_the_report_refuses(tmp_path):
    root = tmp_path / "plain"
    shutil.copytree(FIXTURE_COURT / "site_config", root / "site_config")
    shutil.copytree(FIXTURE_COURT / "content", root / "content")
    assert freshness.git_history(root / "content", TZ).available is False
    with pytest.raises(PipelineError) as caught:
        freshness.report(root, load_settings(root), today=TODAY)
    assert "not a git repository" in caught.value.findings[0].message


# --------------------------------------------------------------------------- shallow clones


def test_a_shallow_clone_is_an_error_unless_allowed(dated_repo, tmp_path):
    write(dated_repo, "kontak.md", "# Kontak\n\nbaru\n")
    commit_at(dated_repo, "2026-11-01T09:00:00+07:00", "kontak")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{dated_repo}", str(clone)], check=True)
    settings = load_settings(clone)

    assert freshness.is_shallow(clone) is True
    assert freshness.is_shallow(dated_repo) is False
    with pytest.raises(PipelineError) as caught:
        freshness.report(clone, settings, today=TODAY)
    finding = caught.value.findings[0]
    assert "shallow git clone" in finding.message and "--allow-shallow" in finding.hint

    report = freshness.report(clone, settings, today=TODAY, allow_shallow=True)
    assert report.shallow
    # every page looks changed by the one commit the clone has: exactly why it is refused
    updated = {s.path: s.updated for s in report.statuses}
    assert updated["profil/sejarah.md"] == date(2026, 11, 1)
    assert "WARNING: shallow git clone; dates from git may be wrong." in report.render_text()


def test_cli_shallow_exit_codes(dated_repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{dated_repo}", str(clone)], check=True)
    runner = CliRunner()
    refused = runner.invoke(cli, ["--root", str(clone), "freshness", "--today", "2026-11-25"])
    assert refused.exit_code == 1
    assert "shallow git clone" in refused.output
    allowed = runner.invoke(cli, ["--root", str(clone), "freshness", "--allow-shallow", "--today", "2026-11-25"])
    assert allowed.exit_code == 0, allowed.output


# --------------------------------------------------------------------------- policies and the report


def test_policies_reviews_and_own_review_in(dated_repo):
    # 2025-01-10 + 180 days = 2025-07-09: every service page is 504 days late on 2026-11-25
    write(dated_repo, "layanan/biaya-perkara.md",
          "---\nreviewed: 2026-10-01\n---\n# Biaya Perkara\n\nTarif berlaku.\n")  # a review counts as an update
    write(dated_repo, "layanan/jadwal-sidang.md",
          "---\nreviewed: 2024-01-01\n---\n# Jadwal Sidang\n\nSetiap hari kerja.\n")  # older than its commit
    write(dated_repo, "profil/sejarah.md", "---\nreview_in: 30\n---\n# Sejarah\n\nRingkas.\n")
    commit_at(dated_repo, "2026-09-01T09:00:00+07:00", "reviews", "content/layanan", "content/profil")
    settings = load_settings(dated_repo)

    report = freshness.report(dated_repo, settings, today=TODAY)
    by_path = {s.path: s for s in report.statuses}

    biaya = by_path["layanan/biaya-perkara.md"]
    assert (biaya.updated, biaya.updated_by, biaya.stale) == (date(2026, 10, 1), "reviewed", False)
    jadwal = by_path["layanan/jadwal-sidang.md"]
    assert (jadwal.updated, jadwal.updated_by) == (date(2026, 9, 1), "git")
    pendaftaran = by_path["layanan/pendaftaran-perkara.md"]
    assert (pendaftaran.due, pendaftaran.overdue_days, pendaftaran.owner) == (date(2025, 7, 9), 504, "fajar")
    sejarah = by_path["profil/sejarah.md"]  # its own review_in: 30 days from 2026-09-01
    assert (sejarah.kind, sejarah.max_age_days, sejarah.due, sejarah.overdue_days) == (
        "page", 30, date(2026, 10, 1), 55)
    visi = by_path["profil/visi-misi.md"]  # 365 days from 2025-01-10
    assert (visi.overdue_days, visi.owner, visi.stale) == (319, "dewi", True)
    # the news: only the newest post counts, by its own date, not its commit
    news = [s for s in report.statuses if s.kind == "newest"]
    assert len(news) == 1
    assert (news[0].path, news[0].updated, news[0].updated_by) == (
        "berita/posts/2026-11-20-rapat-evaluasi-kinerja-november/index.md", date(2026, 11, 20), "published")
    assert news[0].due == date(2026, 12, 4) and not news[0].stale


@pytest.mark.lang("id")  # asserts the Indonesian report
def test_report_groups_by_owner_most_overdue_first_in_three_formats(dated_repo):
    settings = load_settings(dated_repo)
    report = freshness.report(dated_repo, settings, today=TODAY)

    groups = report.groups()
    # announcements every 30 days (654 late) > public information every 90 (594) > services every 180 (504)
    assert [owner for owner, _, _ in groups] == ["rina", "dewi", "fajar"]
    for _, _, items in groups:
        assert [s.overdue_days for s in items] == sorted((s.overdue_days for s in items), reverse=True)
    assert [(s.path, s.overdue_days) for s in groups[0][2]] == [
        ("pengumuman.md", 654), ("berita/posts/2026-11-20-rapat-evaluasi-kinerja-november/index.md", -9)]
    assert (groups[1][2][0].path, groups[1][2][0].overdue_days) == ("informasi-publik.md", 594)

    text = report.render_text(width=140)
    assert "Penanggung jawab: Fajar Hidayat, A.Md. (fajar)" in text
    assert "TERLAMBAT 504 hari" in text and "10 Januari 2025" in text
    assert text.index("(rina)") < text.index("(dewi)") < text.index("(fajar)")

    markdown = report.render_markdown()
    assert markdown.startswith("## Laporan kemutakhiran konten Pengadilan Agama Payakumbuh")
    assert "| `content/layanan/biaya-perkara.md` | 10 Januari 2025 | 9 Juli 2025 | **TERLAMBAT 504 hari** |" in markdown

    data = json.loads(report.render_json())
    assert data["stale"] == len(report.stale) == 15  # every page but the news
    assert data["owners"][2]["owner"] == "fajar"
    first = data["owners"][2]["pages"][0]
    assert first["overdue_days"] == 504 and first["stale"] is True and first["updated"] == "2025-01-10"


def test_stale_news_is_reported_by_the_post_date(dated_repo):
    report = freshness.report(dated_repo, load_settings(dated_repo), today=date(2027, 1, 1))
    news = next(s for s in report.statuses if s.kind == "newest")
    assert news.stale and news.overdue_days == (date(2027, 1, 1) - date(2026, 12, 4)).days
    assert "news at most 14 days" in report.render_text(width=140)
    assert any("publish news coverage" in f.hint for f in report.stale_findings())


def test_bad_review_values_are_findings_with_lines(dated_repo):
    write(dated_repo, "kontak.md", "---\ntitle: Kontak\nreviewed: kemarin\nreview_in: -5\n---\n# Kontak\n\nIsi.\n")
    write(dated_repo, "pengumuman.md", "---\nreviewed: [2026\n---\n# Pengumuman\n")
    commit_at(dated_repo, "2026-11-01T09:00:00+07:00")
    report = freshness.report(dated_repo, load_settings(dated_repo), today=TODAY)
    found = {(f.path, f.line, f.field): f.message for f in report.findings}
    assert found[("content/kontak.md", 3, "reviewed")] == (
        "expected a date such as 2026-11-20; received 'kemarin'")
    assert found[("content/kontak.md", 4, "review_in")] == (
        "expected a whole number of days greater than 0; received -5")
    assert ("content/pengumuman.md", 3, "") in found
    assert found[("content/pengumuman.md", 3, "")].startswith("invalid YAML front matter")


@pytest.mark.lang("id")  # asserts the Indonesian report
def test_cli_fail_on_stale_and_formats(dated_repo):
    runner = CliRunner()
    base = ["--root", str(dated_repo), "freshness", "--today", "2026-11-25"]
    text = runner.invoke(cli, base)
    assert text.exit_code == 0, text.output
    assert "TERLAMBAT 504 hari" in text.output
    assert runner.invoke(cli, [*base, "--fail-on-stale"]).exit_code == 1
    as_json = runner.invoke(cli, [*base, "--format", "json"])
    assert json.loads(as_json.output)["stale"] == 15
    fresh = runner.invoke(cli, ["--root", str(dated_repo), "freshness", "--today", "2025-02-01", "--fail-on-stale"])
    assert fresh.exit_code == 0, fresh.output
    assert "0 terlambat diperbarui" in fresh.output


def test_indonesian_dates():
    assert freshness.indonesian_date(date(2026, 2, 1)) == "1 Februari 2026"
    assert freshness.indonesian_date(date(2025, 8, 17)) == "17 Agustus 2025"


def test_glob_patterns():
    m = freshness.matcher
    assert m("layanan/**").match("layanan/a/b.md") and m("layanan/**").match("layanan/index.md")
    assert not m("layanan/**").match("layanan-lama.md")
    assert m("*.md").match("kontak.md") and not m("*.md").match("profil/sejarah.md")
    assert m("**/index.md").match("index.md") and m("**/index.md").match("a/b/index.md")


# --------------------------------------------------------------------------- the built site


def test_every_built_page_shows_its_date_and_an_overdue_page_a_notice(dated_repo):
    real_today = date.today()
    old = (real_today - timedelta(days=400)).isoformat()
    recent = (real_today - timedelta(days=3)).isoformat()
    # everything old, the service pages fresh: only profile and other pages are overdue
    git(dated_repo, "commit", "-q", "--amend", "--no-edit",
        env={"GIT_AUTHOR_DATE": f"{old}T09:00:00+07:00", "GIT_COMMITTER_DATE": f"{old}T09:00:00+07:00"})
    for page in (dated_repo / "content" / "layanan").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8") + "\nDiperbarui.\n", encoding="utf-8")
    commit_at(dated_repo, f"{recent}T09:00:00+07:00", "layanan", "content/layanan")

    result = site.build(dated_repo)

    html_files = [p for p in result.site_dir.rglob("*.html") if p.name != "404.html"]
    assert len(html_files) > 20
    for page in html_files:
        assert "Terakhir diperbarui: <time" in page.read_text(encoding="utf-8"), page
    layanan = (result.site_dir / "layanan" / "biaya-perkara" / "index.html").read_text(encoding="utf-8")
    recent_id = freshness.indonesian_date(date.fromisoformat(recent))
    assert f'<time datetime="{recent}">{recent_id}</time>' in layanan
    assert "court-stale" not in layanan
    visi = (result.site_dir / "profil" / "visi-misi" / "index.html").read_text(encoding="utf-8")
    assert "Halaman ini perlu diperbarui" in visi
    assert f'<time datetime="{old}">' in visi
    # a news listing (here a category page) takes the newest of the posts it lists
    archive = (result.site_dir / "berita" / "kategori" / "rapat" / "index.html").read_text(encoding="utf-8")
    assert f'<time datetime="{old}">' in archive
    # the stamp never reaches the feeds or a post's excerpt on the news index
    index = (result.site_dir / "berita" / "index.html").read_text(encoding="utf-8")
    assert index.count("Terakhir diperbarui") == 1


def test_a_shallow_clone_does_not_build(dated_repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{dated_repo}", str(clone)], check=True)
    with pytest.raises(PipelineError) as caught:
        site.build(clone)
    assert "shallow git clone" in caught.value.findings[0].message


# --------------------------------------------------------------------------- required pages


def test_required_pages_missing_or_empty(dated_repo):
    settings = load_settings(dated_repo)
    assert settings.freshness.required_pages, "the sample settings list the required pages"
    assert freshness.required_page_findings(dated_repo, settings) == []

    (dated_repo / "content" / "profil" / "sejarah.md").unlink()
    write(dated_repo, "layanan/jadwal-sidang.md", "---\ntitle: Jadwal\n---\n# Jadwal Sidang\n\n<!-- nanti -->\n\n")
    findings = freshness.required_page_findings(dated_repo, settings)
    assert [(f.path, f.rule, f.message) for f in findings] == [
        ("content/profil/sejarah.md", "required-page",
         "required page is missing; courts are assessed on it every quarter"),
        ("content/layanan/jadwal-sidang.md", "required-page",
         "required page is empty: it has no text besides headings"),
    ]


def test_required_pages_must_be_markdown_inside_content(dated_repo):
    from pipeline.findings import ConfigError

    config = dated_repo / "site_config" / "pipeline.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    - kontak.md", "    - ../rahasia.md"),
                      encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(dated_repo)
    finding = caught.value.findings[0]
    assert finding.field == "freshness.required_pages"
    assert "'../rahasia.md' must be a Markdown file inside content/" in finding.message


def test_pipeline_check_reports_a_missing_required_page(scratch_repo):
    (scratch_repo / "content" / "kontak.md").unlink()
    result = CliRunner().invoke(cli, ["--root", str(scratch_repo), "check"])
    assert result.exit_code == 1
    assert "content/kontak.md: required page is missing" in result.output


def test_no_news_post_at_all_is_reported(dated_repo):
    """With no post under the `newest` policy the rule must still report: nothing published is stale news."""
    shutil.rmtree(dated_repo / "content" / "berita" / "posts")
    commit_at(dated_repo, "2026-11-01T09:00:00+07:00", "no news yet")
    report = freshness.report(dated_repo, load_settings(dated_repo), today=TODAY)
    [news] = [s for s in report.statuses if s.kind == "newest"]
    assert news.stale and news.missing and news.path == "berita/posts/**" and news.owner == "rina"
    assert report.groups()[0][2][0] == news  # first of all, before any page merely late
    [finding] = [f for f in report.stale_findings() if f.path == "content/berita/posts/**"]
    assert "no page at all matches berita/posts/**" in finding.message and finding.hint == "publish news coverage"
    assert json.loads(report.render_json())["owners"][0]["pages"][0]["updated"] is None
    assert "berita/posts/**" in report.render_text(width=140) and "berita/posts/**" in report.render_markdown()
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(dated_repo), "freshness", "--today", "2025-01-11", "--fail-on-stale"])
    assert result.exit_code == 1, result.output  # everything else is fresh that day; the news is not
