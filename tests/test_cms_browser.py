"""The browser editor in a real browser: from a phone photo to a draft that passes `pipeline check`.

Debian's chromium opens /admin/ of the site as built, with Sveltia CMS's `test-repo`
backend: the generated config.yml with only its `backend` replaced, because the real
one signs in to GitHub. That backend keeps the repository in the browser's origin
private file system, through the same File System Access code Sveltia uses to save a
local repository; the test puts `drafts/` there, fills in the form as staff would,
uploads a camera JPEG with GPS and a sideways EXIF orientation, saves, and copies the
files Sveltia wrote from that storage into a real repository. There the saved photo
must have no metadata and be upright, and after the bridge's steps (`pipeline cms
bridge`, as the workflow runs it) the draft passes `pipeline check --deep-photos` and
`pipeline advance` takes the next steps.

`PIPELINE_SCREENSHOTS=1` also writes the screenshots of PANDUAN.md to docs/screenshots/.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

import draftkit
from pipeline import drafts, photos, site
from pipeline.cli import cli
from pipeline.config import load_settings
from test_cms import EVENT, camera_jpeg

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "docs" / "screenshots"
DRAFT_ID = "2026-11-20-rapat-evaluasi-kinerja-bulan-november-2026"
STORE = "sveltia-cms-test"  # the test-repo backend's folder in the origin private file system

SEED = """async () => {
  const root = await navigator.storage.getDirectory();
  const repo = await root.getDirectoryHandle('%s', {create: true});
  const drafts = await repo.getDirectoryHandle('drafts', {create: true});
  const keep = await (await drafts.getFileHandle('.gitkeep', {create: true})).createWritable();
  await keep.write(''); await keep.close();
}""" % STORE
DUMP = """async () => {
  const out = {};
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/'); continue; }
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = ''; for (const b of bytes) text += String.fromCharCode(b);
      out[prefix + name] = btoa(text);
    }
  };
  const root = await navigator.storage.getDirectory();
  await walk(await root.getDirectoryHandle('%s'), '');
  return out;
}""" % STORE


@pytest.fixture
def admin_site(scratch_repo: Path, tmp_path: Path) -> Path:
    """The fixture court's site as built, its editor switched to the test-repo backend (nothing else changed)."""
    site.build(scratch_repo)
    served = tmp_path / "served"
    shutil.copytree(scratch_repo / "site", served)
    config_path = served / "admin" / "config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "github"
    config["backend"] = {"name": "test-repo"}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return served


SAVED = """async () => {
  const repo = await (await navigator.storage.getDirectory()).getDirectoryHandle('%s');
  try {
    const draft = await (await repo.getDirectoryHandle('drafts')).getDirectoryHandle('%s');
    const index = await (await draft.getFileHandle('index.md')).getFile();
    await (await draft.getDirectoryHandle('photos')).getFileHandle('img_0012.webp');
    return index.size > 0;
  } catch { return false; }
}"""
SITE = "https://situs-pengadilan.test/"


def as_built_file(root: Path, url: str) -> Path:
    """The file of the built site an address of SITE names (a folder: its index.html)."""
    rel = url[len(SITE):].split("?", 1)[0]
    path = (root / "site" / rel).resolve()
    assert path.is_relative_to((root / "site").resolve())
    return path / "index.html" if path.is_dir() else path


def shoot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / "screenshots" / name
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    if os.environ.get("PIPELINE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / name)


def test_staff_make_a_draft_in_the_browser_that_passes_check(browser, serve_dir, admin_site: Path,
                                                            scratch_repo: Path, tmp_path: Path):
    settings = load_settings(scratch_repo)
    phone_photo = camera_jpeg(tmp_path / "IMG_0012.JPG")
    with Image.open(phone_photo) as im:
        assert "GPS location" in photos.metadata_in(im) and im.getexif()[0x0112] == 6
    server = serve_dir(admin_site)
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    # what reached the page from elsewhere (the CSP refuses Sveltia's CDN fonts before any answer)
    outside: list[str] = []
    page.on("response", lambda r: None if r.url.startswith((server.url, SITE, "data:", "blob:"))
            else outside.append(r.url))
    try:
        # the real sign-in page (GitHub backend, the site as built), answered by Playwright at a court-like
        # address: on 127.0.0.1 Sveltia also offers a local folder, which the real site does not
        page.route(f"{SITE}**", lambda route: route.fulfill(path=str(as_built_file(scratch_repo, route.request.url))))
        page.goto(f"{SITE}admin/")
        page.get_by_role("button", name="Sign In Using Access Token").wait_for()
        shoot(page, tmp_path, "cms-0-masuk.png")
        page.goto(server.url + "admin/")
        page.evaluate(SEED)
        page.get_by_role("button", name="Work with Test Repository").click()
        page.get_by_role("button", name="Create New Entry").first.wait_for()
        shoot(page, tmp_path, "cms-1-daftar-liputan.png")

        page.get_by_role("button", name="Create New Entry").first.click()
        field = lambda key: page.locator(f'section[data-key-path="{key}"]')  # noqa: E731
        field("title").locator("input").fill("Rapat Evaluasi Kinerja Bulan November 2026")
        field("date").locator("input").fill("2026-11-20")
        field("location").locator("input").fill("Ruang Rapat Utama")
        field("category").get_by_role("combobox").click()
        page.get_by_role("option", name="Rapat").click()
        field("reporter").get_by_role("radio", name="Rina Marlina, S.Kom.").click()
        field("summary").locator("textarea").fill(draftkit.SUMMARY)
        shoot(page, tmp_path, "cms-2-isian-liputan.png")

        field("photos").get_by_role("button").filter(has_text="Add").click()
        field("photos.0.file").locator("input[type=file]").first.set_input_files(str(phone_photo))
        field("photos.0.file").locator("img").first.wait_for()
        field("photos.0.caption").locator("input").fill("Ketua membuka rapat evaluasi kinerja")
        field("photos.0.alt").locator("input").fill("Ketua Pengadilan berbicara di podium ruang rapat")
        field("photos.0.selected").get_by_role("switch").click()
        field("photos").scroll_into_view_if_needed()
        shoot(page, tmp_path, "cms-3-foto.png")

        raw = field("body").locator("textarea")
        for _attempt in range(5):  # the toggle answers once the rich-text editor is ready
            if raw.is_visible():
                break
            field("body").get_by_role("button", name="Edit in Markdown").click()
            page.wait_for_timeout(400)
        raw.fill(draftkit.NARRATIVE)
        page.get_by_role("button", name="Save", exact=True).click()
        # page.evaluate awaits the check's promise (wait_for_function would take the promise itself as
        # truthy and return at once, before Sveltia has written anything)
        started, again = time.monotonic(), True
        while not page.evaluate(SAVED % (STORE, DRAFT_ID)):
            waited = time.monotonic() - started
            if waited > 20 and again:  # as a person would, once: the first click can come before the form is ready
                again = False
                shoot(page, tmp_path, "cms-not-saved-yet.png")
                save = page.get_by_role("button", name="Save", exact=True)
                if save.is_visible() and save.is_enabled():
                    save.click()
            if waited > 60:
                shoot(page, tmp_path, "cms-not-saved.png")
                pytest.fail("Sveltia did not save the draft within 60 s; the page said: "
                            + " | ".join(page.locator("[role=alert], [aria-invalid=true], .error").all_inner_texts()))
            page.wait_for_timeout(200)
        page.get_by_role("button", name="Saving…").wait_for(state="detached")
        shoot(page, tmp_path, "cms-4-tersimpan.png")
        saved = {name: base64.b64decode(data) for name, data in page.evaluate(DUMP).items()}
    finally:
        context.close()
    assert outside == [], f"the editor asked other hosts: {outside}"

    # what Sveltia wrote, into a real repository
    folder = f"drafts/{DRAFT_ID}/"
    assert sorted(saved) == ["drafts/.gitkeep", f"{folder}index.md", f"{folder}photos/img_0012.webp"]
    for name, data in saved.items():
        if name.startswith(folder):
            (scratch_repo / name).parent.mkdir(parents=True, exist_ok=True)
            (scratch_repo / name).write_bytes(data)
    saved_photo = scratch_repo / folder / "photos" / "img_0012.webp"
    with Image.open(saved_photo) as im:
        # re-encoded in the browser before saving: no location, no camera data, upright, capped
        assert im.format == "WEBP" and photos.metadata_in(im) == [] and not im.getexif()
        assert im.size == (300, 400), "the EXIF orientation was applied"
        red, _green, _blue = im.convert("RGB").getpixel((150, 5))[:3]
        assert red > 180, "the top of the picture is the top the camera meant"
    assert photos.inspect(saved_photo, "foto", settings.photos) == []
    text = (scratch_repo / folder / "index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["photos"] == [{"file": "photos/img_0012.webp", "caption": "Ketua membuka rapat evaluasi kinerja",
                                "alt": "Ketua Pengadilan berbicara di podium ruang rapat", "selected": True,
                                "courtroom": False}]
    assert (front["reporter"], front["category"], str(front["date"])) == ("rina", "Rapat", "2026-11-20")
    assert drafts.read_source(scratch_repo / folder / "index.md", scratch_repo).body.strip() == \
        draftkit.NARRATIVE.strip()

    # the bridge's steps on the pull request Sveltia would open (label: draft), then the check and G4, G5
    payload = json.loads(EVENT.read_text(encoding="utf-8"))
    payload["pull_request"]["labels"] = [{"name": "sveltia-cms/draft"}]
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    runner = CliRunner()
    root = ["--root", str(scratch_repo)]
    bridged = runner.invoke(cli, [*root, "cms", "bridge", "--event", str(event),
                                  "--base-config", str(scratch_repo / "site_config" / "pipeline.yml")])
    assert bridged.exit_code == 0, bridged.output
    checked = runner.invoke(cli, [*root, "check", "--deep-photos", str(scratch_repo / folder)])
    assert checked.exit_code == 0, checked.output
    for step in ("selected", "narrated"):
        advanced = runner.invoke(cli, [*root, "advance", DRAFT_ID, "--to", step, "--by", "rina"])
        assert advanced.exit_code == 0, advanced.output
    assert drafts.load(scratch_repo, DRAFT_ID).status.value == "narrated"
