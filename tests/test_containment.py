"""No link leads out: a draft folder, its photos/ or a photo that resolves outside the repository
(or outside its draft) is a finding, and approve, publish and evidence neither read nor write through it.

Real links on a real disk, a real repository in local approval mode (the approval path
that needs no recorded GitHub payload), real Pillow images.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

import draftkit
from pipeline import checks, config, evidence, publish, workflow
from pipeline.findings import PipelineError

ID = draftkit.DRAFT_ID


@pytest.fixture
def settings(repo: Path) -> config.Settings:
    """The sample's settings in local approval mode, with the smallest decompression-bomb limit allowed."""
    path = repo / "site_config" / "pipeline.yml"
    text = path.read_text(encoding="utf-8").replace("  mode: github", "  mode: local", 1)
    path.write_text(re.sub(r"(?m)^  max_pixels: \d+$", "  max_pixels: 1000000", text), encoding="utf-8")
    loaded = config.load_settings(repo)
    assert loaded.approval.mode == "local" and loaded.photos.max_pixels == 1_000_000
    return loaded


def messages(findings) -> str:
    return "\n".join(f.text() for f in findings)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def moved_out(repo: Path, tmp_path: Path, draft_id: str = ID) -> Path:
    """Move the draft folder out of the repository and leave a link to it in drafts/."""
    outside = tmp_path / "outside" / draft_id
    outside.parent.mkdir(exist_ok=True)
    shutil.move(repo / "drafts" / draft_id, outside)
    (repo / "drafts" / draft_id).symlink_to(outside, target_is_directory=True)
    return outside


def photos_moved_out(repo: Path, tmp_path: Path) -> Path:
    outside = tmp_path / "outside-photos"
    shutil.move(repo / "drafts" / ID / "photos", outside)
    (repo / "drafts" / ID / "photos").symlink_to(outside, target_is_directory=True)
    return outside


def approved(repo: Path, settings: config.Settings) -> None:
    draftkit.write(repo, "corrected")
    workflow.approve_local(repo, settings, ID, "dewi")


# ---------------------------------------------------------------- pipeline check


def test_check_reports_a_draft_folder_that_links_out_of_the_repository(repo, settings, tmp_path):
    draftkit.write(repo, "narrated")
    moved_out(repo, tmp_path)
    found = checks.check_paths(repo, settings)
    assert f"drafts/{ID}: the draft folder is a link leading out of drafts/ ({tmp_path}/outside/{ID})" in messages(found)


def test_check_reports_a_photos_folder_that_links_out_of_the_draft(repo, settings, tmp_path):
    draftkit.write(repo, "narrated")
    draftkit.write(repo, "narrated", draft_id="2026-11-20-rapat-lain")
    shutil.rmtree(repo / "drafts" / ID / "photos")
    (repo / "drafts" / ID / "photos").symlink_to("../2026-11-20-rapat-lain/photos", target_is_directory=True)
    found = checks.check_paths(repo, settings)
    assert f"drafts/{ID}/photos: photos/ is a link leading out of the draft folder" in messages(found)


# ---------------------------------------------------------------- approve, publish, evidence


def test_approve_neither_reads_nor_writes_through_a_linked_draft_folder(repo, settings, tmp_path):
    draftkit.write(repo, "corrected")
    outside = moved_out(repo, tmp_path)
    before = files(outside)
    with pytest.raises(PipelineError) as caught:
        workflow.approve_local(repo, settings, ID, "dewi")
    assert "the draft folder is a link leading out of drafts/" in messages(caught.value.findings)
    assert files(outside) == before


@pytest.mark.parametrize("what", ["draft folder", "photos folder"])
def test_publish_writes_nothing_through_a_link_made_after_approval(repo, settings, tmp_path, what):
    approved(repo, settings)
    outside = moved_out(repo, tmp_path) if what == "draft folder" else photos_moved_out(repo, tmp_path)
    before, content = files(outside), files(repo / "content")
    with pytest.raises(PipelineError) as caught:
        publish.publish(repo, settings, [ID])
    assert "is a link leading out of" in messages(caught.value.findings)
    assert files(outside) == before
    assert files(repo / "content") == content
    # publishing every approved draft skips it too (`pipeline check` names it)
    assert publish.publish(repo, settings).changes == ()
    assert files(outside) == before


def test_evidence_refuses_a_linked_draft_folder(repo, settings, tmp_path):
    approved(repo, settings)
    moved_out(repo, tmp_path)
    with pytest.raises(PipelineError) as caught:
        evidence.draft_page(repo, settings, ID)
    assert "the draft folder is a link leading out of drafts/" in messages(caught.value.findings)


def _embedded(page: str) -> int:
    return len(re.findall(r'<img src="data:image/jpeg;base64,', page))


def test_evidence_embeds_no_photo_from_outside_the_draft(repo, settings, tmp_path):
    draftkit.write(repo, "narrated", photos=(
        "  - {file: photos/foto-1.jpg, caption: Di dalam, alt: Foto di dalam draf, selected: true}\n"
        "  - {file: ../luar.jpg, caption: Naik satu folder, alt: Foto di luar, selected: true}\n"
        "  - {file: photos/tautan.jpg, caption: Lewat tautan, alt: Foto lewat tautan, selected: true}"))
    draftkit.photo(repo / "drafts" / "luar.jpg", color=(255, 0, 0))
    secret = draftkit.photo(tmp_path / "rahasia.jpg", color=(0, 255, 0))
    (repo / "drafts" / ID / "photos" / "tautan.jpg").symlink_to(secret)
    page = evidence.draft_page(repo, settings, ID)
    assert _embedded(page) == 1
    assert page.count("[foto tidak dapat dibuka:") == 2
    assert "../luar.jpg" in page and "photos/tautan.jpg" in page


def test_evidence_decodes_no_photo_over_the_pixel_limit(repo, settings):
    draftkit.write(repo, "narrated")
    big = repo / "drafts" / ID / "photos" / "foto-1.jpg"
    Image.new("RGB", (1200, 1000), (10, 20, 30)).save(big, "JPEG", quality=10)  # 1.2 MP, a few kB
    opened = []
    real_open = Image.Image.load

    def counting_load(self, *args, **kwargs):
        opened.append(self.size)
        return real_open(self, *args, **kwargs)

    Image.Image.load = counting_load
    try:
        page = evidence.draft_page(repo, settings, ID)
    finally:
        Image.Image.load = real_open
    assert _embedded(page) == 0
    assert "[foto tidak dapat dibuka: photos/foto-1.jpg]" in page
    assert (1200, 1000) not in opened, "the oversized photo was decoded"


def test_photos_add_writes_nothing_through_a_linked_photos_folder(repo, settings, tmp_path):
    from pipeline import photos

    draftkit.write(repo, "collected")
    outside = photos_moved_out(repo, tmp_path)
    before = files(outside)
    with pytest.raises(photos.PhotoError) as caught:
        photos.resolve_draft(repo, ID)
    assert "photos/ is a link leading out of the draft folder" in caught.value.findings[0].text()
    assert files(outside) == before


def test_the_period_summary_and_the_leak_guard_read_no_linked_draft(repo, settings, tmp_path):
    from datetime import date

    draftkit.write(repo, "narrated", title="Judul Yang Hanya Ada Di Luar Repositori")
    moved_out(repo, tmp_path)
    page = evidence.period_page(repo, settings, date(2026, 11, 1), date(2026, 11, 30))
    assert "Judul Yang Hanya Ada Di Luar Repositori" not in page
    assert ID in page   # named among the drafts that could not be read
    needles, _, known = publish._needles(repo)
    assert ID in known and not [n for n in needles if n.draft_id == ID and n.what == "title"]
