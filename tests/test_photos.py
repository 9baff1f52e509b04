"""Photos: intake makes upright, metadata-free JPEGs; variants are cached; bad files get findings."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageCms

from pipeline import photos
from pipeline.cli import cli
from pipeline.config import Photos
from pipeline.findings import PipelineError

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_photos", DATA / "make_photos.py")
make_photos = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_photos)

SETTINGS = Photos()
CAMERA_FILES = sorted(DATA.glob("camera-*.jpg"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def close_to(pixel, colour, tolerance: int = 40) -> bool:
    return all(abs(int(a) - int(b)) <= tolerance for a, b in zip(pixel, colour))


def assert_upright(im: Image.Image, size=make_photos.UPRIGHT_SIZE) -> None:
    """Red in the top-left corner, blue top-right, landscape: the picture as the camera saw it."""
    assert im.size == size
    w, _ = im.size
    rgb = im.convert("RGB")
    assert close_to(rgb.getpixel((8, 8)), make_photos.RED), rgb.getpixel((8, 8))
    assert close_to(rgb.getpixel((w - 9, 8)), make_photos.BLUE), rgb.getpixel((w - 9, 8))
    assert close_to(rgb.getpixel((8, im.size[1] - 9)), make_photos.GREY)


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    with Image.open(path) as im:
        assert len(im.getexif()) == 0
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop"):
            assert key not in im.info, key
        assert photos.metadata_in(im) == []
    for marker in (b"Exif\x00\x00", b"Canon", b"MAKERNOTE", b"adobe:ns:meta", b"Sidang tertutup", b"ICC_PROFILE"):
        assert marker not in data, marker


# --------------------------------------------------------------------------- intake


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_comes_out_upright(tmp_path: Path, orientation: int):
    src = tmp_path / f"o{orientation}.jpg"
    stored = make_photos.stored_for(make_photos.upright_picture(), orientation)
    stored.save(src, quality=95, subsampling=0, exif=make_photos.camera_exif(orientation))

    out = photos.intake(src, tmp_path / "photos", SETTINGS)

    with Image.open(out) as im:
        assert_upright(im)
    assert_no_metadata(out)


@pytest.mark.parametrize("path", CAMERA_FILES, ids=lambda p: p.name)
def test_committed_camera_photos_lose_gps_makernote_xmp_and_comment(tmp_path: Path, path: Path):
    with Image.open(path) as im:  # the fixture really carries what we claim it does
        exif = im.getexif()
        assert exif.get_ifd(0x8825) and exif.get_ifd(0x8769).get(0x927C) and exif.get(0x0112)
        assert im.info.get("xmp") and im.info.get("comment")
    before = sha(path)

    out = photos.intake(path, tmp_path / "photos", SETTINGS)

    assert out == tmp_path / "photos" / path.name
    assert sha(path) == before, "the original must never change"
    assert_no_metadata(out)
    with Image.open(out) as im:
        assert_upright(im)
        assert im.format == "JPEG"


def test_long_edge_is_capped_and_quality_is_the_configured_one(tmp_path: Path):
    src = tmp_path / "big.jpg"
    Image.effect_noise((1200, 800), 30).convert("RGB").save(src, quality=95)
    small = Photos(max_long_edge=500, jpeg_quality=40)

    low = photos.intake(src, tmp_path / "low", small)
    high = photos.intake(src, tmp_path / "high", Photos(max_long_edge=500, jpeg_quality=95))

    with Image.open(low) as im:
        assert im.size == (500, 333)
    assert low.stat().st_size < high.stat().st_size / 2


def test_portrait_long_edge_is_the_height(tmp_path: Path):
    src = tmp_path / "tall.jpg"
    stored = Image.new("RGB", (1000, 600), "white")
    stored.save(src, exif=make_photos.camera_exif(6))  # stored landscape, shown portrait
    out = photos.intake(src, tmp_path / "photos", Photos(max_long_edge=400))
    with Image.open(out) as im:
        assert im.size == (240, 400)


def test_never_overwrites_a_photo_and_reuses_an_identical_copy(tmp_path: Path):
    dest = tmp_path / "photos"
    dest.mkdir()
    mine = dest / "camera-gps-orientation-1.jpg"
    mine.write_bytes(b"someone's edited photo")
    src = DATA / "camera-gps-orientation-1.jpg"

    first = photos.intake(src, dest, SETTINGS)
    again = photos.intake(src, dest, SETTINGS)

    assert mine.read_bytes() == b"someone's edited photo"
    assert first.name == "camera-gps-orientation-1-2.jpg"
    assert again == first, "adding the same photo twice must not make a third copy"
    assert sorted(p.name for p in dest.iterdir()) == ["camera-gps-orientation-1-2.jpg", "camera-gps-orientation-1.jpg"]


def test_unsafe_file_names_become_url_safe(tmp_path: Path):
    src = tmp_path / "Foto rapat (1) ü.JPEG"
    shutil.copy(DATA / "camera-gps-orientation-1.jpg", src)
    out = photos.intake(src, tmp_path / "photos", SETTINGS)
    assert out.name == "Foto-rapat-1.jpg"


@pytest.mark.parametrize("mode", ["CMYK", "I;16", "P", "RGBA", "P-transparent", "LA", "1", "L"])
def test_colour_modes_come_out_right(tmp_path: Path, mode: str):
    """What each mode's test picture must look like after intake (left half / right half)."""
    size = (64, 32)
    if mode == "CMYK":
        im = Image.new("CMYK", size, (255, 0, 0, 0))  # pure cyan ink
        expect_left = expect_right = (0, 255, 255)
        suffix = "jpg"
    elif mode == "I;16":
        # 16-bit grey: mid-grey must stay mid-grey, not clip to 8-bit white
        im = Image.new("I;16", size, 32768)
        im.paste(Image.new("I;16", (32, 32), 65535), (32, 0))
        expect_left, expect_right = (128, 128, 128), (255, 255, 255)
        suffix = "png"
    elif mode in ("P", "P-transparent"):
        im = Image.new("P", size, 0)
        im.putpalette([200, 30, 30, 30, 160, 40] + [0] * 762)
        im.paste(1, (32, 0, 64, 32))
        if mode == "P-transparent":
            im.info["transparency"] = 0
        expect_left = (255, 255, 255) if mode == "P-transparent" else (200, 30, 30)
        expect_right = (30, 160, 40)
        suffix = "png"
    elif mode == "RGBA":
        im = Image.new("RGBA", size, (0, 0, 0, 0))  # transparent black must not turn black
        im.paste((10, 20, 200, 255), (32, 0, 64, 32))
        expect_left, expect_right = (255, 255, 255), (10, 20, 200)
        suffix = "png"
    elif mode == "LA":
        im = Image.new("LA", size, (0, 0))
        im.paste((50, 255), (32, 0, 64, 32))
        expect_left, expect_right = (255, 255, 255), (50, 50, 50)
        suffix = "png"
    elif mode == "1":
        im = Image.new("1", size, 0)
        im.paste(1, (32, 0, 64, 32))
        expect_left, expect_right = (0, 0, 0), (255, 255, 255)
        suffix = "png"
    else:
        im = Image.new("L", size, 30)
        im.paste(220, (32, 0, 64, 32))
        expect_left, expect_right = (30, 30, 30), (220, 220, 220)
        suffix = "jpg"
    src = tmp_path / f"picture.{suffix}"
    im.save(src, transparency=im.info["transparency"]) if "transparency" in im.info else im.save(src)

    out = photos.intake(src, tmp_path / "photos", SETTINGS)

    with Image.open(out) as result:
        assert result.format == "JPEG" and result.mode in ("RGB", "L")
        rgb = result.convert("RGB")
        assert close_to(rgb.getpixel((8, 16)), expect_left, 12), rgb.getpixel((8, 16))
        assert close_to(rgb.getpixel((56, 16)), expect_right, 12), rgb.getpixel((56, 16))
    assert_no_metadata(out)


def _png_rgb16(path: Path, size: tuple[int, int], left: tuple[int, int, int], right: tuple[int, int, int]) -> None:
    """A 48-bit (16 bits per channel) RGB PNG written by hand: Pillow cannot save one itself."""
    w, h = size
    row = b"\0" + b"".join(struct.pack(">3H", *(left if x < w // 2 else right)) for x in range(w))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b""))


def test_16_bit_colour_png_comes_out_right(tmp_path: Path):
    src = tmp_path / "scan.png"
    _png_rgb16(src, (64, 32), (65535, 32768, 0), (0, 16384, 65535))
    out = photos.intake(src, tmp_path / "photos", SETTINGS)
    with Image.open(out) as im:
        assert im.mode == "RGB"
        assert close_to(im.getpixel((8, 16)), (255, 128, 0), 12), im.getpixel((8, 16))
        assert close_to(im.getpixel((56, 16)), (0, 64, 255), 12), im.getpixel((56, 16))


def _swapped_primaries_profile() -> bytes:
    """A minimal ICC v2 RGB profile whose red channel is sRGB's blue primary (and blue is red).

    No ICC file ships on the test machine and Pillow only builds sRGB, so the
    profile is written from the ICC layout: header, tag table, XYZ and curve tags.
    """
    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    gamma = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0100) + b"\0\0"  # gamma 1.0, padded to 4 bytes
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    tags = [(b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(*blue)), (b"gXYZ", xyz(*green)),
            (b"bXYZ", xyz(*red)), (b"rTRC", gamma), (b"gTRC", gamma), (b"bTRC", gamma)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    total = offset + len(data)
    header = (struct.pack(">I", total) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249)
              + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def test_icc_profile_is_applied_then_dropped(tmp_path: Path):
    """Pixels are converted from the photo's profile to sRGB; the profile itself does not travel on."""
    src = tmp_path / "tagged.jpg"
    Image.new("RGB", (32, 32), (255, 0, 0)).save(src, quality=95, icc_profile=_swapped_primaries_profile())
    out = photos.intake(src, tmp_path / "photos", SETTINGS)
    with Image.open(out) as im:
        assert "icc_profile" not in im.info
        r, g, b = im.getpixel((16, 16))
        assert b > 200 and r < 60, (r, g, b)  # "red" in that profile is sRGB blue


def test_srgb_tagged_photo_keeps_its_colours(tmp_path: Path):
    src = tmp_path / "tagged.jpg"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(src, icc_profile=profile)
    out = photos.intake(src, tmp_path / "photos", SETTINGS)
    with Image.open(out) as im:
        assert "icc_profile" not in im.info
        assert close_to(im.getpixel((16, 16)), (200, 30, 30), 8)


# --------------------------------------------------------------------------- bad input


def _truncated(path: Path) -> None:
    buf = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def _truncated_webp(path: Path) -> None:
    buf = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(buf, "WEBP")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) * 3 // 4])


BAD = {
    "empty.jpg": (lambda p: p.write_bytes(b""), "photo-empty", "empty file (0 bytes)"),
    "notes.jpg": (lambda p: p.write_text("Notulen rapat, bukan foto"), "photo-not-image",
                  "not an image (JPEG, PNG, WebP, TIFF, GIF or BMP)"),
    "cut.jpg": (_truncated, "photo-truncated", "truncated image: the file ends before the picture does"),
    "cut.webp": (_truncated_webp, "photo-truncated", "truncated image: the file ends before the picture does"),
    "IMG_0001.HEIC": (lambda p: p.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64), "photo-format",
                      "HEIC/HEIF photo (the iPhone format) is not supported"),
    "scan.pcx": (lambda p: Image.new("RGB", (8, 8)).save(p, "PCX"), "photo-format", "unsupported format: PCX"),
    "bomb.png": (lambda p: Image.new("1", (1100, 1000)).save(p), "photo-bomb",
                 "image too large to open safely (1100 x 1000 = 1,100,000 pixels; "
                 "the limit is 1,000,000, photos.max_pixels)"),
}
BOMB_SETTINGS = Photos(max_pixels=1_000_000)


@pytest.mark.parametrize("name", BAD)
def test_bad_input_gives_a_finding_and_writes_nothing(tmp_path: Path, name: str):
    make, rule, message = BAD[name]
    src = tmp_path / name
    make(src)
    dest = tmp_path / "draft" / "photos"

    with pytest.raises(photos.PhotoError) as caught:
        photos.intake(src, dest, BOMB_SETTINGS, cache=tmp_path / "cache")

    assert isinstance(caught.value, PipelineError)
    [finding] = caught.value.findings
    assert (finding.path, finding.rule, finding.message) == (str(src), rule, message)
    assert finding.hint and finding.is_error
    assert not dest.exists()
    assert photos.inspect(src, f"drafts/x/{name}", BOMB_SETTINGS)[0].message == message


def test_heic_hint_says_how_to_convert(tmp_path: Path):
    src = tmp_path / "IMG_0001.HEIC"
    BAD["IMG_0001.HEIC"][0](src)
    [finding] = photos.inspect(src, "drafts/x/IMG_0001.HEIC", SETTINGS)
    assert "Most Compatible" in finding.hint and "heif-convert" in finding.hint


def test_batch_is_all_or_nothing_and_names_every_bad_file(tmp_path: Path):
    dest = tmp_path / "photos"
    dest.mkdir()
    (dest / "keep.jpg").write_bytes(b"already here")
    for name in ("empty.jpg", "notes.jpg", "cut.jpg"):
        BAD[name][0](tmp_path / name)
    good = DATA / "camera-gps-orientation-6.jpg"
    sources = [good, tmp_path / "empty.jpg", tmp_path / "notes.jpg", tmp_path / "cut.jpg", tmp_path / "gone.jpg"]

    with pytest.raises(photos.PhotoError) as caught:
        photos.intake_many(sources, dest, SETTINGS)

    assert [(f.path, f.rule) for f in caught.value.findings] == [
        (str(tmp_path / "empty.jpg"), "photo-empty"), (str(tmp_path / "notes.jpg"), "photo-not-image"),
        (str(tmp_path / "cut.jpg"), "photo-truncated"), (str(tmp_path / "gone.jpg"), "photo-missing")]
    assert [p.name for p in dest.iterdir()] == ["keep.jpg"], "a failed batch leaves the folder as it was"


def test_batch_of_good_photos_lands_in_order(tmp_path: Path):
    written = photos.intake_many(CAMERA_FILES, tmp_path / "photos", SETTINGS, cache=tmp_path / "cache")
    assert [p.name for p in written] == [p.name for p in CAMERA_FILES]
    for path in written:
        assert_no_metadata(path)


# --------------------------------------------------------------------------- inspect (pipeline check)


def test_inspect_flags_gps_and_exif_as_an_error(tmp_path: Path):
    [finding] = photos.inspect(DATA / "camera-gps-orientation-6.jpg", "content/berita/a/foto.jpg", SETTINGS)
    assert finding.rule == "photo-metadata" and finding.is_error
    assert finding.path == "content/berita/a/foto.jpg"
    assert finding.message == ("photo still carries metadata: GPS location, camera MakerNote, EXIF (6 tags), "
                               "XMP, comment")
    assert "pipeline photos add" in finding.hint


def test_inspect_flags_exif_without_gps(tmp_path: Path):
    src = tmp_path / "a.png"
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    Image.new("RGB", (8, 8)).save(src, exif=exif)
    [finding] = photos.inspect(src, "drafts/x/photos/a.png", SETTINGS)
    assert finding.message == "photo still carries metadata: EXIF (1 tags)"


def test_inspect_passes_an_intake_result(tmp_path: Path):
    out = photos.intake(DATA / "camera-gps-orientation-6.jpg", tmp_path, SETTINGS)
    assert photos.inspect(out, "drafts/x/photos/a.jpg", SETTINGS) == []


def test_check_tree_walks_drafts_and_content(tmp_path: Path):
    (tmp_path / "drafts" / "2026-11-20-rapat" / "photos").mkdir(parents=True)
    (tmp_path / "content" / "berita").mkdir(parents=True)
    (tmp_path / "site").mkdir()
    shutil.copy(DATA / "camera-gps-orientation-6.jpg", tmp_path / "drafts" / "2026-11-20-rapat" / "photos" / "a.jpg")
    photos.intake(DATA / "camera-gps-orientation-1.jpg", tmp_path / "content" / "berita", SETTINGS)
    (tmp_path / "content" / "berita" / "empty.png").write_bytes(b"")
    shutil.copy(DATA / "camera-gps-orientation-6.jpg", tmp_path / "site" / "ignored.jpg")

    found = photos.check_tree(tmp_path, SETTINGS)

    assert sorted((f.path, f.rule) for f in found) == [
        ("content/berita/empty.png", "photo-empty"),
        ("drafts/2026-11-20-rapat/photos/a.jpg", "photo-metadata")]


# --------------------------------------------------------------------------- web variants


@pytest.fixture
def master(tmp_path: Path) -> Path:
    src = tmp_path / "camera.jpg"
    stored = make_photos.stored_for(make_photos.upright_picture((1200, 800)), 6)
    stored.save(src, quality=90, exif=make_photos.camera_exif(6))
    return photos.intake(src, tmp_path / "draft" / "photos", SETTINGS)


VARIANT_SETTINGS = Photos(widths=[960, 480, 1600], thumbnail_width=200)


def test_variants_widths_formats_thumbnail_and_srcset(tmp_path: Path, master: Path):
    out = tmp_path / "site-photos"
    [result] = photos.render_variants([master], out, VARIANT_SETTINGS, cache=tmp_path / "cache")

    assert (result.width, result.height) == (1200, 800)
    # 1600 is wider than the photo: never upscaled, the photo's own width instead
    assert [(v.width, v.height, v.format) for v in result.of("webp")] == [
        (1200, 800, "webp"), (960, 640, "webp"), (480, 320, "webp")]
    assert result.fallback.path == out / "camera-1200.jpg"
    assert (result.thumbnail.width, result.thumbnail.height) == (200, 133)
    assert result.srcset("webp", "img/") == "img/camera-1200.webp 1200w, img/camera-960.webp 960w, img/camera-480.webp 480w"
    assert photos.srcset(result.of("jpeg")) == "camera-1200.jpg 1200w, camera-960.jpg 960w, camera-480.jpg 480w"
    for variant in result.variants:
        with Image.open(variant.path) as im:
            assert im.size == (variant.width, variant.height)
            assert im.format == {"webp": "WEBP", "jpeg": "JPEG"}[variant.format]
            assert close_to(im.convert("RGB").getpixel((2, 2)), make_photos.RED)
        assert_no_metadata(variant.path)
    assert result.rendered == 7


def test_cache_hits_misses_and_changed_settings(tmp_path: Path, master: Path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    [cold] = photos.render_variants([master], out, VARIANT_SETTINGS, cache=cache)
    stamps = {v.path: v.path.stat().st_mtime_ns for v in cold.variants}

    [warm] = photos.render_variants([master], out, VARIANT_SETTINGS, cache=cache)
    assert warm.rendered == 0 and warm == photos.PhotoVariants(**{**cold.__dict__, "rendered": 0})
    assert {v.path: v.path.stat().st_mtime_ns for v in warm.variants} == stamps, "nothing rewritten"

    [webp_changed] = photos.render_variants([master], out, VARIANT_SETTINGS.model_copy(update={"webp_quality": 50}),
                                            cache=cache)
    assert webp_changed.rendered == 3  # only the three WebP files; JPEGs and thumbnail from the cache
    assert all(v.path.stat().st_mtime_ns == stamps[v.path] for v in webp_changed.variants if v.format == "jpeg")

    [width_added] = photos.render_variants([master], out, VARIANT_SETTINGS.model_copy(update={"widths": [960, 480, 320]}),
                                           cache=cache)
    assert width_added.rendered == 2  # 320 as WebP and JPEG

    master.write_bytes(master.read_bytes() + b"\0")  # a changed source is a new digest: all miss
    [changed] = photos.render_variants([master], out, VARIANT_SETTINGS, cache=cache)
    assert changed.rendered == 7 and changed.digest != cold.digest


def test_a_damaged_output_file_is_restored_from_the_cache(tmp_path: Path, master: Path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    [first] = photos.render_variants([master], out, VARIANT_SETTINGS, cache=cache)
    good = first.fallback.path.read_bytes()
    first.fallback.path.write_bytes(b"broken")
    [again] = photos.render_variants([master], out, VARIANT_SETTINGS, cache=cache)
    assert again.rendered == 0 and again.fallback.path.read_bytes() == good


def test_variants_of_many_photos_run_in_parallel_and_report_every_bad_one(tmp_path: Path):
    sources = []
    for i in range(6):
        path = tmp_path / "in" / f"p{i}.jpg"
        path.parent.mkdir(exist_ok=True)
        Image.new("RGB", (700, 500), (i * 40, 90, 200)).save(path)
        sources.append(path)
    results = photos.render_variants(sources, tmp_path / "out", VARIANT_SETTINGS, cache=tmp_path / "cache",
                                     progress=False)
    assert [r.source for r in results] == sources
    assert all(r.rendered == 5 for r in results)  # 700 (for 960 and 1600) and 480, twice, and a thumbnail

    (tmp_path / "in" / "p2.jpg").write_bytes(b"")
    (tmp_path / "in" / "p4.jpg").write_text("not a photo")
    with pytest.raises(photos.PhotoError) as caught:
        photos.render_variants(sources, tmp_path / "out2", VARIANT_SETTINGS, cache=tmp_path / "cache")
    assert [f.rule for f in caught.value.findings] == ["photo-empty", "photo-not-image"]
    assert not (tmp_path / "out2").exists()


def test_two_sources_with_one_name_are_refused(tmp_path: Path):
    a, b = tmp_path / "a" / "x.jpg", tmp_path / "b" / "x.jpg"
    for path in (a, b):
        path.parent.mkdir()
        Image.new("RGB", (100, 100)).save(path)
    with pytest.raises(photos.PhotoError) as caught:
        photos.render_variants([a, b], tmp_path / "out", SETTINGS, cache=tmp_path / "cache")
    assert [f.message for f in caught.value.findings] == ["two photos would both be published as 'x'"] * 2


# --------------------------------------------------------------------------- pipeline photos add


def _draft(root: Path, draft_id: str = "2026-11-20-rapat-evaluasi") -> Path:
    folder = root / "drafts" / draft_id
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("---\ntitle: Rapat\n---\n", encoding="utf-8")
    return folder


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_photos_add_copies_clean_photos_and_leaves_originals(scratch_repo: Path, tmp_path: Path):
    folder = _draft(scratch_repo)
    camera = tmp_path / "DCIM"
    camera.mkdir()
    for path in CAMERA_FILES:
        shutil.copy(path, camera / path.name)
    before = {p.name: sha(p) for p in camera.iterdir()}

    result = CliRunner().invoke(cli, ["--root", str(scratch_repo), "photos", "add", "2026-11-20-rapat-evaluasi",
                                      *map(str, sorted(camera.iterdir()))])

    assert result.exit_code == 0, result.output
    assert "3 foto siap di" in result.output
    assert {p.name: sha(p) for p in camera.iterdir()} == before
    for path in (folder / "photos").iterdir():
        assert_no_metadata(path)

    again = CliRunner().invoke(cli, ["--root", str(scratch_repo), "photos", "add", "drafts/2026-11-20-rapat-evaluasi",
                                     str(camera / "camera-gps-orientation-1.jpg")])
    assert again.exit_code == 0, again.output
    assert len(list((folder / "photos").iterdir())) == 3


def test_cli_photos_add_refuses_bad_files_and_unknown_drafts(scratch_repo: Path, tmp_path: Path):
    folder = _draft(scratch_repo)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")

    bad = CliRunner().invoke(cli, ["--root", str(scratch_repo), "photos", "add", "2026-11-20-rapat-evaluasi",
                                   str(DATA / "camera-gps-orientation-1.jpg"), str(empty)])
    assert bad.exit_code == 1
    assert "empty.jpg: empty file (0 bytes)" in bad.output
    assert not (folder / "photos").exists()

    for draft in ("2026-11-21-tidak-ada", "../site_config", str(scratch_repo / "content")):
        unknown = CliRunner().invoke(cli, ["--root", str(scratch_repo), "photos", "add", draft,
                                           str(DATA / "camera-gps-orientation-1.jpg")])
        assert unknown.exit_code == 1
        assert "is not a draft folder (drafts/<id> with an index.md); known drafts: 2026-11-20-rapat-evaluasi" \
            in unknown.output


def test_identical_photos_under_two_names_are_rendered_once(tmp_path: Path, master: Path):
    twin = master.with_name("twin.jpg")
    shutil.copy(master, twin)
    first, second = photos.render_variants([master, twin], tmp_path / "out", VARIANT_SETTINGS,
                                           cache=tmp_path / "cache")
    assert (first.rendered, second.rendered) == (7, 0)
    assert second.fallback.path.read_bytes() == first.fallback.path.read_bytes()


def test_parallel_runner_keeps_order_with_a_progress_bar(tmp_path: Path, capfd):
    paths = []
    for i in range(6):
        path = tmp_path / f"f{i}"
        path.write_bytes(bytes([i]) * 1000)
        paths.append(path)
    digests = photos._run(photos._sha256_file, paths, True, "Memproses foto")
    assert digests == [sha(p) for p in paths]
    assert capfd.readouterr().out == "", "the progress bar goes to stderr, never into stdout"


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_photos_add_lists_new_photos_in_the_draft_for_step_g4(scratch_repo: Path):
    """A draft made by `pipeline new` gets a `photos:` entry per photo; nothing else in index.md changes."""
    from pipeline import workflow
    from pipeline.config import load_settings
    from pipeline.drafts import load

    settings = load_settings(scratch_repo)
    from datetime import date

    draft = workflow.new_draft(scratch_repo, settings, title="Rapat Evaluasi Kinerja Bulan November",
                               event_date=date(2026, 11, 20), reporter="rina", category="Rapat")
    before = draft.path.read_text(encoding="utf-8")
    assert "photos: []\n" in before

    args = ["--root", str(scratch_repo), "photos", "add", draft.id]
    result = CliRunner().invoke(cli, [*args, str(DATA / "camera-gps-orientation-6.jpg"),
                                      str(DATA / "camera-gps-orientation-8.jpg")])
    assert result.exit_code == 0, result.output
    assert "2 foto dicatat di photos:" in result.output
    after = draft.path.read_text(encoding="utf-8")
    expected_photos = ("photos:\n"
                       "  - file: photos/camera-gps-orientation-6.jpg\n    caption: ''\n    alt: ''\n    selected: false\n"
                       "  - file: photos/camera-gps-orientation-8.jpg\n    caption: ''\n    alt: ''\n    selected: false\n")
    assert after == before.replace("photos: []\n", expected_photos)
    assert [p.file for p in load(scratch_repo, draft.id).meta.photos] == [
        "photos/camera-gps-orientation-6.jpg", "photos/camera-gps-orientation-8.jpg"]

    # the same photo again adds no file and no entry; a new one is appended after the others
    again = CliRunner().invoke(cli, [*args, str(DATA / "camera-gps-orientation-6.jpg"),
                                     str(DATA / "camera-gps-orientation-1.jpg")])
    assert again.exit_code == 0, again.output
    assert "1 foto dicatat" in again.output
    files = [p.file for p in load(scratch_repo, draft.id).meta.photos]
    assert files == ["photos/camera-gps-orientation-6.jpg", "photos/camera-gps-orientation-8.jpg",
                     "photos/camera-gps-orientation-1.jpg"]

    # step G4 now has something to mark: fill in one photo and take the step
    text = draft.path.read_text(encoding="utf-8").replace(
        "camera-gps-orientation-6.jpg\n    caption: ''\n    alt: ''\n    selected: false",
        "camera-gps-orientation-6.jpg\n    caption: Ketua membuka rapat\n    alt: Ketua berbicara di podium\n"
        "    selected: true", 1)
    draft.path.write_text(text, encoding="utf-8")
    assert workflow.advance(scratch_repo, settings, draft.id, workflow.Step.SELECTED, "rina").status.value == "selected"


def test_photos_are_listed_before_history_when_the_key_is_missing(tmp_path: Path):
    from pipeline.drafts import record_photos

    folder = tmp_path / "drafts" / "2026-11-20-rapat"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("---\ntitle: Rapat  # judul\nhistory:\n  - {step: collected}\n---\nTeks\n",
                                     encoding="utf-8")
    assert record_photos(folder, tmp_path, ["photos/a.jpg", "photos/a.jpg"]) == ["photos/a.jpg"]
    assert (folder / "index.md").read_text(encoding="utf-8") == (
        "---\ntitle: Rapat  # judul\nphotos:\n  - file: photos/a.jpg\n    caption: ''\n    alt: ''\n"
        "    selected: false\nhistory:\n  - {step: collected}\n---\nTeks\n")
    assert record_photos(folder, tmp_path, ["photos/a.jpg"]) == []


def test_metadata_refusal_tells_a_browser_user_to_upload_through_admin():
    [finding] = photos.inspect(DATA / "camera-gps-orientation-6.jpg", "drafts/x/photos/IMG.jpg", SETTINGS)
    assert "upload it through /admin/ of the website" in finding.hint
