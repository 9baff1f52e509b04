"""Publishing: the generated post (golden tree), all or nothing, idempotence, unpublish, the leak guard."""

from __future__ import annotations

import errno
import os
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

import draftkit
import githubkit
from pipeline import config, drafts, postformat, publish, site, workflow
from pipeline.cli import cli
from pipeline.config import Step
from pipeline.findings import PipelineError

GOLDEN = Path(__file__).parent / "data" / "golden"
REVIEWS = Path(__file__).parent / "data" / "github" / "reviews-approved.json"
ID = draftkit.DRAFT_ID
SECOND = "2026-11-12-sosialisasi-layanan-pos-bantuan-hukum"
AT = datetime(2026, 11, 21, 9, 0, tzinfo=draftkit.WIB)
POSTS = Path("content/berita/posts")


def approve(repo: Path, settings: config.Settings, draft_id: str = ID, **kwargs) -> drafts.Draft:
    """A draft taken to `approved` the real way: a recorded approving review of the Kasubag PTIP."""
    draftkit.write(repo, "corrected", draft_id=draft_id, **kwargs)
    draftkit.photo(repo / "drafts" / draft_id / "photos" / "foto-1.jpg", size=(1000, 667))
    return githubkit.approve(repo, settings, draft_id)


NO_DATELINE = draftkit.NARRATIVE.replace("**Payakumbuh, Jumat 20 November 2026 -** ", "")


def approve_second(repo: Path, settings: config.Settings) -> drafts.Draft:
    return approve(repo, settings, SECOND, title="Sosialisasi Layanan Pos Bantuan Hukum", event_date="2026-11-12",
                   category="Sosialisasi", body=NO_DATELINE,
                   summary="Petugas Pos Bantuan Hukum menjelaskan layanan konsultasi gratis bagi masyarakat "
                           "yang berperkara tanpa biaya.")


def snapshot(repo: Path) -> dict[str, bytes]:
    """Every file under content/ and drafts/, and the names of any other top-level entries."""
    out = {}
    for top in ("content", "drafts"):
        for path in sorted((repo / top).rglob("*")):
            key = path.relative_to(repo).as_posix()
            out[key] = path.read_bytes() if path.is_file() else b"<dir>"
    out["<top>"] = "\n".join(sorted(p.name for p in repo.iterdir() if p.name not in ("site", ".cache"))).encode()
    return out


# --------------------------------------------------------------------------- the post


def test_dateline_in_indonesian(settings):
    from datetime import date

    assert postformat.dateline(settings, date(2026, 11, 20)) == "Payakumbuh, Jumat 20 November 2026 -"
    assert postformat.dateline(settings, date(2026, 8, 17)) == "Payakumbuh, Senin 17 Agustus 2026 -"
    assert postformat.dateline(settings, date(2027, 1, 3)) == "Payakumbuh, Minggu 3 Januari 2027 -"


def _image_facts(path: Path) -> tuple[str, tuple[int, int]]:
    with Image.open(path) as im:
        return im.format, im.size


def test_published_sample_matches_the_golden_tree(repo, settings):
    """File by file: text exactly; images by name, format and size (encoders differ between Pillow builds)."""
    approve(repo, settings)
    result = publish.publish(repo, settings, at=AT)
    assert [c.draft_id for c in result.changes] == [ID]
    post = repo / POSTS / ID
    expected_dir = GOLDEN / ID
    if os.environ.get("REGEN_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(post, expected_dir)
        shutil.copyfile(repo / "drafts" / ID / "index.md", GOLDEN / "draft-after-publish.md")
    got = sorted(p.name for p in post.iterdir())
    assert got == sorted(p.name for p in expected_dir.iterdir())
    for name in got:
        if name.endswith(".md"):
            assert (post / name).read_text(encoding="utf-8") == (expected_dir / name).read_text(encoding="utf-8"), name
        else:
            assert _image_facts(post / name) == _image_facts(expected_dir / name), name
    # the reviewed commit (and so the signature over it) differs per run: compared by shape
    draft_text = (repo / "drafts" / ID / "index.md").read_text(encoding="utf-8")
    assert re.search(r"^approval_commit: [0-9a-f]{40}$", draft_text, re.M)
    assert re.search(r"^approval_signature: hmac-sha256:[0-9a-f]{64}$", draft_text, re.M)
    assert _unpinned(draft_text) == _unpinned((GOLDEN / "draft-after-publish.md").read_text(encoding="utf-8"))


def _unpinned(text: str) -> str:
    return re.sub(r"^(approval_commit|approval_signature): .*$", r"\1: <per run>", text, flags=re.M)


def test_post_front_matter_and_body(repo, settings):
    approve_second(repo, settings)
    publish.publish(repo, settings, at=AT)
    text = (repo / POSTS / SECOND / "index.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Sosialisasi Layanan Pos Bantuan Hukum\ndate: 2026-11-12\n"
                           "categories:\n- Sosialisasi\nslug: sosialisasi-layanan-pos-bantuan-hukum\n"
                           "description: Petugas Pos Bantuan Hukum menjelaskan")
    assert "\ncourt_draft: 2026-11-12-sosialisasi-layanan-pos-bantuan-hukum\n---\n" in text
    # the narrative had no dateline: publishing adds it to the first paragraph, before the excerpt marker
    assert "\n**Payakumbuh, Kamis 12 November 2026 -** Kegiatan berlangsung" in text
    assert text.index("Kegiatan berlangsung") < text.index("<!-- more -->") < text.index("court-galeri")
    assert text.rstrip().endswith(f"<!-- court-draft: {SECOND} -->")


def test_gallery_escapes_draft_text():
    """`pipeline check` refuses HTML in a caption (tests/test_xss.py); the gallery escapes it anyway."""
    photo = publish.GalleryPhoto('Ketua & "tamu" <script>alert(1)</script>', "Podium <b onmouseover=x>ruang</b>",
                                 (("foto-1-960.webp", 960),), (("foto-1-960.jpg", 960),), 960, 640)
    gallery = postformat.gallery_html(ID, [photo])
    assert "<script>" not in gallery and "<b " not in gallery
    assert 'data-title="Ketua &amp; &quot;tamu&quot; &lt;script&gt;alert(1)&lt;/script&gt;"' in gallery
    assert 'alt="Podium &lt;b onmouseover=x&gt;ruang&lt;/b&gt;"' in gallery


def test_built_post_has_gallery_with_srcset_and_lightbox(repo, settings):
    approve(repo, settings)
    publish.publish(repo, settings, at=AT)
    result = site.build(repo)
    page = result.site_dir / "berita" / ID / "index.html"   # the post and its photos share a folder
    html = page.read_text(encoding="utf-8")
    assert "Payakumbuh, Jumat 20 November 2026 -" in html
    start = html.index('<div class="court-galeri"')
    gallery = html[start:html.index("</div>", start)]
    assert gallery.count('class="glightbox"') == 1 and gallery.count("<picture>") == 1
    assert 'srcset="foto-1-1000.webp 1000w, foto-1-960.webp 960w, foto-1-480.webp 480w"' in gallery
    # every image the gallery names exists in the built site
    import re

    for url in re.findall(r'(?:src|href)="([^"]+)"', gallery) + \
            [u.split()[0] for s in re.findall(r'srcset="([^"]+)"', gallery) for u in s.split(",")]:
        assert (page.parent / url).resolve().is_file(), url
    index = (result.site_dir / "berita" / "index.html").read_text(encoding="utf-8")
    assert "Rapat Evaluasi Kinerja Bulan November 2026" in index
    assert publish.leak_guard(repo, result.site_dir) == []


# --------------------------------------------------------------------------- all or nothing


def test_dry_run_lists_changes_and_writes_nothing(repo, settings):
    approve(repo, settings)
    approve_second(repo, settings)
    before = snapshot(repo)
    result = publish.publish(repo, settings, dry_run=True, at=AT)
    assert result.dry_run
    assert [c.draft_id for c in result.changes] == [SECOND, ID]
    change = result.changes[1]
    assert change.post_dir == f"content/berita/posts/{ID}"
    assert change.draft_path == f"drafts/{ID}/index.md"
    assert "index.md" in change.files and "foto-1-960.webp" in change.files and "foto-1-960.jpg" in change.files
    assert snapshot(repo) == before


def test_publishing_twice_changes_nothing_the_second_time(repo, settings):
    approve(repo, settings)
    first = publish.publish(repo, settings, at=AT)
    assert len(first.changes) == 1
    after_first = snapshot(repo)
    again = publish.publish(repo, settings, at=AT + timedelta(hours=1))
    assert again.changes == ()
    named = publish.publish(repo, settings, [ID], at=AT + timedelta(hours=2))
    assert named.changes == () and named.already == (ID,)
    assert snapshot(repo) == after_first
    assert drafts.load(repo, ID).status is Step.PUBLISHED


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupt"])
@pytest.mark.parametrize("at_step", [0, 1, 2, 3])
def test_failure_during_the_switch_leaves_both_trees_unchanged(repo, settings, monkeypatch, failure, at_step):
    """Two drafts: the switch renames post 1, post 2, draft 1, draft 2; fail at each of them."""
    approve(repo, settings)
    approve_second(repo, settings)
    before = snapshot(repo)
    calls = []
    real_move = publish._move

    def move(src, dst):
        calls.append(dst)
        if len(calls) - 1 == at_step:
            raise failure
        real_move(src, dst)

    monkeypatch.setattr(publish, "_move", move)
    expected = KeyboardInterrupt if isinstance(failure, KeyboardInterrupt) else PipelineError
    with pytest.raises(expected) as caught:
        publish.publish(repo, settings, at=AT)
    assert len(calls) == at_step + 1
    assert snapshot(repo) == before
    if expected is PipelineError:
        assert "nothing was published" in caught.value.findings[0].message
        assert caught.value.findings[0].hint == "free some disk space and publish again"
    for draft_id in (ID, SECOND):
        assert drafts.load(repo, draft_id).status is Step.APPROVED


def _break_scan_data(path: Path) -> None:
    """Damage a JPEG inside its picture data: the headers still look right, decoding fails."""
    data = bytearray(path.read_bytes())
    start = data.index(b"\xff\xda") + 20
    for i in range(start, len(data) - 10, 7):
        data[i] = 0xFF
    path.write_bytes(bytes(data))


def test_bad_photo_in_a_batch_publishes_nothing(repo, settings):
    approve(repo, settings)
    draftkit.write(repo, "corrected", draft_id=SECOND, title="Sosialisasi Layanan Pos Bantuan Hukum",
                   event_date="2026-11-12", category="Sosialisasi", body=NO_DATELINE)
    _break_scan_data(repo / "drafts" / SECOND / "photos" / "foto-1.jpg")
    githubkit.approve(repo, settings, SECOND)
    before = snapshot(repo)
    with pytest.raises(PipelineError) as caught:
        publish.publish(repo, settings, at=AT)
    assert caught.value.findings[0].path == f"drafts/{SECOND}/photos/foto-1.jpg"
    assert caught.value.findings[0].rule == "photo-truncated"
    assert snapshot(repo) == before


def test_disk_full_while_staging_publishes_nothing(repo, settings, monkeypatch):
    approve(repo, settings)
    approve_second(repo, settings)
    before = snapshot(repo)
    real = publish.render_post
    count = []

    def render(*args, **kwargs):
        count.append(1)
        if len(count) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(repo / ".publish-x" / "index.md"))
        return real(*args, **kwargs)

    monkeypatch.setattr(publish, "render_post", render)
    with pytest.raises(PipelineError) as caught:
        publish.publish(repo, settings, at=AT)
    assert caught.value.findings[0].message == "cannot write: No space left on device; nothing was published"
    assert snapshot(repo) == before


def test_refuses_a_draft_changed_after_approval_and_writes_nothing(repo, settings):
    approve(repo, settings)
    approve_second(repo, settings)
    index = repo / "drafts" / SECOND / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("Kegiatan ditutup", "Acara ditutup"), encoding="utf-8")
    before = snapshot(repo)
    with pytest.raises(PipelineError) as caught:
        publish.publish(repo, settings, at=AT)
    messages = [f.message for f in caught.value.findings]
    assert "the narrative or the selected photos changed after approval; the approval is void" in messages
    assert snapshot(repo) == before


def test_refuses_a_named_draft_that_is_not_approved(repo, settings):
    draftkit.write(repo, "narrated")
    with pytest.raises(PipelineError) as caught:
        publish.publish(repo, settings, [ID])
    finding = caught.value.findings[0]
    assert (finding.path, finding.field) == (f"drafts/{ID}/index.md", "status")
    assert finding.message == "status is narrated; only an approved draft is published"


def test_refuses_to_overwrite_an_existing_post_folder(repo, settings):
    approve(repo, settings)
    (repo / POSTS / ID).mkdir(parents=True)
    (repo / POSTS / ID / "index.md").write_text("# buatan tangan\n", encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        publish.publish(repo, settings)
    assert caught.value.findings[0].path == f"content/berita/posts/{ID}"
    assert (repo / POSTS / ID / "index.md").read_text(encoding="utf-8") == "# buatan tangan\n"


# --------------------------------------------------------------------------- unpublish


def test_unpublish_takes_the_post_down_and_keeps_the_source(repo, settings):
    approve(repo, settings)
    body = drafts.load(repo, ID).body
    publish.publish(repo, settings, at=AT)
    result = publish.unpublish(repo, settings, ID, "dewi", "Wajah pihak berperkara terlihat di foto 1",
                               at=AT + timedelta(hours=2))
    assert result.removed == f"content/berita/posts/{ID}"
    assert not (repo / POSTS / ID).exists()
    draft = drafts.load(repo, ID)
    assert draft.status is Step.NARRATED
    assert draft.body == body
    last = draft.meta.history[-1]
    assert (last.step, last.by, last.reason) == ("unpublished", "dewi", "Wajah pihak berperkara terlihat di foto 1")
    assert [h.step for h in draft.meta.history][-2:] == ["published", "unpublished"]
    assert draft.meta.approved_by is None and draft.meta.approval_digest is None
    assert (repo / "drafts" / ID / "photos" / "foto-1.jpg").is_file()


def test_unpublish_by_someone_without_the_role_changes_nothing(repo, settings):
    approve(repo, settings)
    publish.publish(repo, settings, at=AT)
    before = snapshot(repo)
    with pytest.raises(PipelineError) as caught:
        publish.unpublish(repo, settings, ID, "ketua", "alasan")
    assert "taking a post down needs the role" in caught.value.findings[0].message
    with pytest.raises(PipelineError) as caught:
        publish.unpublish(repo, settings, ID, "dewi", "  ")
    assert caught.value.findings[0].message == "a take-down needs a reason"
    assert snapshot(repo) == before


def test_published_again_after_correction(repo, settings):
    approve(repo, settings)
    publish.publish(repo, settings, at=AT)
    publish.unpublish(repo, settings, ID, "dewi", "Nama pihak disebut", at=AT + timedelta(hours=1))
    assert drafts.load(repo, ID).status is Step.NARRATED
    assert publish.publish(repo, settings).changes == ()   # not approved any more: nothing goes out


# --------------------------------------------------------------------------- leak guard


def _plant(repo: Path, settings: config.Settings) -> tuple[str, str]:
    """A published post, an approved-but-unpublished draft and a narrated one."""
    approve(repo, settings)
    publish.publish(repo, settings, at=AT)
    approve_second(repo, settings)
    narrated = "2026-11-18-rapat-koordinasi-kebersihan-lingkungan-kantor"
    draftkit.write(repo, "narrated", draft_id=narrated, title="Rapat Koordinasi Kebersihan Lingkungan Kantor",
                   event_date="2026-11-18", body=NO_DATELINE,
                   summary="Seluruh pegawai membahas jadwal kerja bakti dan pembagian tugas kebersihan ruang pelayanan.")
    return SECOND, narrated


def test_leak_guard_is_quiet_on_a_correct_site(repo, settings):
    _plant(repo, settings)
    result = site.build(repo)
    assert publish.leak_guard(repo, result.site_dir) == []


def test_leak_guard_catches_drafts_linked_into_content(repo, settings):
    approved, narrated = _plant(repo, settings)
    (repo / "content" / "liputan").symlink_to(repo / "drafts", target_is_directory=True)
    result = site.build(repo)
    findings = publish.leak_guard(repo, result.site_dir)
    leaked = {f.message.split()[3] for f in findings}
    assert leaked == {approved, narrated}
    paths = {f.path for f in findings}
    assert f"site/liputan/{approved}/index.html" in paths
    assert "site/search/search_index.json" in paths and "site/sitemap.xml" in paths
    message = next(f.message for f in findings if f.path == f"site/liputan/{narrated}/index.html")
    assert message.startswith(f"comes from draft {narrated} (narrated, not published): its id")


def test_leak_guard_catches_a_draft_copied_into_the_news(repo, settings):
    approved, _ = _plant(repo, settings)
    shutil.copytree(repo / "drafts" / approved, repo / POSTS / approved)
    (repo / POSTS / approved / "index.md").write_text(
        (repo / POSTS / approved / "index.md").read_text(encoding="utf-8").replace(
            "category: Sosialisasi", "categories: [Sosialisasi]"), encoding="utf-8")
    result = site.build(repo)
    findings = publish.leak_guard(repo, result.site_dir)
    assert findings and {f.message.split()[3] for f in findings} == {approved}
    # its id is in its address (sitemap, search index), its title in the page, the search index
    # and both feeds (its summary is not: the draft's `summary` is not a field MkDocs shows)
    by_path = {f.path: f.message for f in findings}
    assert "its id" in by_path["site/sitemap.xml"]
    assert "its title" in by_path[f"site/berita/{approved}/index.html"]
    assert "its id, its title" in by_path["site/search/search_index.json"]
    assert any(f.path == "site/feed_rss.xml" for f in findings)
    assert any(f.path == "site/feed.json" for f in findings)


def test_leak_guard_catches_a_stale_site_after_unpublish(repo, settings):
    approve(repo, settings)
    publish.publish(repo, settings, at=AT)
    result = site.build(repo)
    publish.unpublish(repo, settings, ID, "dewi", "Nama pihak disebut", at=AT + timedelta(hours=1))
    findings = publish.leak_guard(repo, result.site_dir)
    assert any("its post marker" in f.message for f in findings)
    assert {f.message.split()[3] for f in findings} == {ID}


# --------------------------------------------------------------------------- command line


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_publish_dry_run_then_publish_then_unpublish(repo, settings):
    approve(repo, settings)
    runner = CliRunner()
    dry = runner.invoke(cli, ["--root", str(repo), "publish", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"content/berita/posts/{ID}/index.md" in dry.output
    assert f"drafts/{ID}/index.md: approved -> published" in dry.output
    assert not (repo / POSTS / ID).exists()
    done = runner.invoke(cli, ["--root", str(repo), "publish"])
    assert done.exit_code == 0, done.output
    assert (repo / POSTS / ID / "index.md").is_file()
    again = runner.invoke(cli, ["--root", str(repo), "publish", ID])
    assert again.exit_code == 0 and "sudah terbit" in again.output
    down = runner.invoke(cli, ["--root", str(repo), "unpublish", ID, "--by", "dewi", "--reason", "Foto salah"])
    assert down.exit_code == 0, down.output
    assert not (repo / POSTS / ID).exists()
    refused = runner.invoke(cli, ["--root", str(repo), "unpublish", ID, "--by", "dewi", "--reason", "lagi"])
    assert refused.exit_code == 1
    assert "hanya draf published yang dapat diturunkan; draf ini berstatus narrated" in refused.output


def test_cli_publish_refusal_exits_1(repo, settings):
    draftkit.write(repo, "narrated")
    result = CliRunner().invoke(cli, ["--root", str(repo), "publish", ID])
    assert result.exit_code == 1
    assert "only an approved draft is published" in result.output


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_run_publishes_builds_and_guards(repo, settings):
    approve(repo, settings)
    result = CliRunner().invoke(cli, ["--root", str(repo), "run"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"    Terbit: {ID} -> content/berita/posts/{ID}/ (6 berkas foto)" in out
    assert "    Aman: tidak ada isi draf yang belum terbit di situs." in out
    assert out.index("==> Menerbitkan") < out.index("==> Membangun situs") < out.index("==> Memeriksa bahwa tidak ada")
    assert drafts.load(repo, ID).status is Step.PUBLISHED


def test_run_stops_when_a_draft_leaks(repo, settings):
    _, narrated = _plant(repo, settings)
    (repo / "content" / "liputan").symlink_to(repo / "drafts", target_is_directory=True)
    result = CliRunner().invoke(cli, ["--root", str(repo), "run"])
    assert result.exit_code == 1
    assert f"site/liputan/{narrated}/index.html: comes from draft {narrated} (narrated, not published)" in result.output
    assert "==> Memeriksa tautan" not in result.output


def test_a_narrative_opening_with_day_and_date_gets_no_second_dateline(repo, settings):
    """What `pipeline check` accepts as the dateline, publishing keeps as it is: one dateline, never none."""
    opening = NO_DATELINE.replace("Kegiatan berlangsung", "Pada hari Jumat, 20 November 2026, kegiatan berlangsung", 1)
    approve(repo, settings, body=opening)
    publish.publish(repo, settings, at=AT)
    text = (repo / POSTS / ID / "index.md").read_text(encoding="utf-8")
    assert "\nPada hari Jumat, 20 November 2026, kegiatan berlangsung" in text
    assert "Payakumbuh, Jumat 20 November 2026 -" not in text
    approve_second(repo, settings)  # no dateline of its own: publishing adds the court's
    publish.publish(repo, settings, at=AT)
    assert "**Payakumbuh, Kamis 12 November 2026 -**" in (repo / POSTS / SECOND / "index.md").read_text(encoding="utf-8")
