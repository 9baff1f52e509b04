"""Photos: safe intake into a draft, web variants for publishing, and checks for `pipeline check`.

A court's photos must never leak where they were taken, and a phone photo must
never show up sideways or at 6 MB on a news page. So every photo that enters the
repository goes through `intake`, and every photo that reaches the site goes
through `render_variants`.

Public functions (other stages call these):

- `intake(src, dest_dir, settings, *, cache=None) -> Path`
  normalise one photo into `dest_dir`: EXIF orientation applied (all eight
  values), colour converted to sRGB when an ICC profile is present, every
  metadata block dropped (EXIF with GPS and MakerNote, XMP, IPTC, comments,
  ICC), the long edge capped at `settings.max_long_edge`, saved as JPEG at
  `settings.jpeg_quality`; transparency is flattened onto white (a news page
  is white and JPEG has no alpha), 16-bit and palette images become 8-bit
  RGB or grey. The write is atomic and never replaces a file that is
  already there: a name that is taken gets a `-2`, `-3`... suffix, unless the
  file there is byte-identical to the result, which is then returned as is.
  Raises `PhotoError` (a `PipelineError` carrying a `Finding`) and writes
  nothing on bad input. The source file is only read.
- `intake_many(sources, dest_dir, settings, *, cache=None, progress=None) -> list[Path]`
  the same for a batch, all or nothing: every source is processed before any is
  put in place; if one is bad, `PhotoError` reports every bad file and
  `dest_dir` is left as it was.
- `inspect(path, shown, settings) -> list[Finding]`
  what `pipeline check` says about one image file: zero bytes, not an image,
  unsupported format (HEIC with a conversion recipe), decompression bomb,
  truncated, and (rule `photo-metadata`, an error) metadata still inside.
- `render_variants(sources, out_dir, settings, *, cache=None, progress=None) -> list[PhotoVariants]`
  the web variants of each source: every configured width (never wider than
  the source) as WebP plus a JPEG fallback, and a JPEG thumbnail, named
  `<stem>-<width>.webp`, `<stem>-<width>.jpg`, `<stem>-thumb.jpg` in `out_dir`.
  Each file is rendered once into the cache, keyed by the SHA-256 of the source
  and the settings that shape that one file, then copied out; a re-run on
  unchanged photos decodes nothing, and a changed setting re-renders only the
  files it affects. Work is spread over the machine's cores.
- `srcset(variants) -> str` and `PhotoVariants.srcset(fmt)`: the `srcset`
  attribute value for `<img>` / `<picture><source>`.
- `default_cache(root) -> Path`: `<root>/.cache/photos` (git-ignored).

HEIC/HEIF (the iPhone default) is refused with a conversion recipe rather than
decoded through pillow-heif: that wheel bundles its own libheif and codec
libraries (a large native attack surface for a tool that reads untrusted
files, and one more binary to keep patched), while every phone can hand over
JPEG instead (iPhone: Settings > Camera > Formats > Most Compatible) and one
command converts what already exists.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from PIL import Image, ImageCms, UnidentifiedImageError
# register exactly the readers we accept (Image.open(formats=...) needs them loaded)
from PIL import BmpImagePlugin, GifImagePlugin, JpegImagePlugin, MpoImagePlugin, PngImagePlugin  # noqa: F401
from PIL import TiffImagePlugin, WebPImagePlugin  # noqa: F401

from .config import Photos
from . import i18n
from .findings import Finding, PipelineError, error
from .i18n import N_, _

# Bump when the rendering code changes what it writes: every cached file is then re-rendered.
CACHE_VERSION = 1
CACHE_DIR = ".cache/photos"

# Formats Pillow is allowed to parse at all (JPEG includes MPO); anything else is refused before decoding.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "GIF", "BMP")
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".gif", ".bmp",
                            ".heic", ".heif", ".avif"})

EXIF_ORIENTATION = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Image.info keys of free text (JPEG COM, PNG tEXt/iTXt chunks) that can name people or places.
# ("Software" is left alone: an editor's name reveals nothing about the people in the photo.)
_TEXT_KEYS = ("comment", "Comment", "Description", "Author", "Copyright", "Title", "Source", "Location")

HEIC_HINT = N_("convert it to JPEG first: on the iPhone choose Settings > Camera > Formats > Most Compatible "
               "for new photos; for this one run `heif-convert FILE.HEIC FILE.jpg` (Debian/Ubuntu package "
               "libheif-examples) or open it in Windows Photos / macOS Preview and export as JPEG")
CONVERT_HINT = N_("export it as JPEG (or PNG) and add that file instead")

_SRGB = None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp makes 0600 files; a photo must be readable by the web server like any other file
_FILE_MODE = 0o666 & ~_umask()


class PhotoError(PipelineError):
    """A photo could not be taken in; carries one finding per bad file."""


@dataclass(frozen=True)
class Variant:
    """One rendered file: its pixel size, its format (`webp` or `jpeg`) and where it is."""

    width: int
    height: int
    format: str
    path: Path
    thumbnail: bool = False


@dataclass(frozen=True)
class PhotoVariants:
    """Every web variant of one source photo, for `<picture>` / `<img srcset>` markup."""

    source: Path
    digest: str
    width: int
    height: int
    variants: tuple[Variant, ...]
    rendered: int = 0  # files rendered this run; 0 when everything came from the cache

    def of(self, fmt: str) -> list[Variant]:
        """The non-thumbnail variants in `fmt` (`webp` or `jpeg`), widest first."""
        return [v for v in self.variants if v.format == fmt and not v.thumbnail]

    @property
    def fallback(self) -> Variant:
        """The widest JPEG: the `src` of an `<img>` for browsers without WebP."""
        return self.of("jpeg")[0]

    @property
    def thumbnail(self) -> Variant:
        return next(v for v in self.variants if v.thumbnail)

    def srcset(self, fmt: str, base: str = "") -> str:
        """`a-1600.webp 1600w, a-960.webp 960w, ...`; `base` is prefixed to each file name (a URL path)."""
        return srcset(self.of(fmt), base)


def srcset(variants: Iterable[Variant], base: str = "") -> str:
    """The value of a `srcset` attribute: each file name with its width descriptor."""
    return ", ".join(f"{base}{v.path.name} {v.width}w" for v in variants)


def default_cache(root: Path) -> Path:
    """Where rendered photos are kept between runs: `<root>/.cache/photos`, outside git."""
    return Path(root) / CACHE_DIR


# --------------------------------------------------------------------------- opening and checking


def _finding(shown: str, rule: str, message: str, hint: str) -> Finding:
    return error(shown, None, "", rule, message, hint)


def _sniff(head: bytes) -> str | None:
    """Name a format we refuse but can recognise from its first bytes."""
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
        return N_("a video or ISO media file")
    if head.startswith(b"8BPS"):
        return "Photoshop (PSD)"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.lstrip().startswith((b"<svg", b"<?xml")):
        return "SVG/XML"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return N_("camera RAW or unusual TIFF")
    return None


def _open(src: Path, shown: str, settings: Photos) -> Image.Image:
    """Open `src` lazily (header only) after the checks that need no decoding; raise PhotoError."""
    try:
        size = src.stat().st_size
    except FileNotFoundError:
        raise PhotoError(_finding(shown, "photo-missing", _("file not found"), _("check the path"))) from None
    except OSError as exc:
        raise PhotoError(_finding(shown, "photo-unreadable", _("cannot read the file ({error})").format(error=exc.strerror),
                                  _("check that it exists and that you may read it"))) from None
    if not src.is_file():
        raise PhotoError(_finding(shown, "photo-not-image", _("not a file"), _("give the path of a photo file")))
    if size == 0:
        raise PhotoError(_finding(shown, "photo-empty", _("empty file (0 bytes)"),
                                  _("copy the photo again from the camera or phone; the transfer did not finish")))
    with open(src, "rb") as fh:
        head = fh.read(64)
    sniffed = _sniff(head)
    if sniffed == "HEIC":
        raise PhotoError(_finding(shown, "photo-format", _("HEIC/HEIF photo (the iPhone format) is not supported"),
                                  _(HEIC_HINT)))
    with warnings.catch_warnings():
        # our own limit (settings.max_pixels) applies below, not Pillow's global one
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            im = Image.open(src, formats=ALLOWED_FORMATS)
        except Image.DecompressionBombError:
            raise PhotoError(_bomb(shown, None, settings)) from None
        except UnidentifiedImageError:
            what = sniffed or _other_format(src)
            if what:
                raise PhotoError(_finding(shown, "photo-format", _("unsupported format: {format}").format(format=_(what)),
                                          _(CONVERT_HINT))) from None
            raise PhotoError(_finding(shown, "photo-not-image", _("not an image (JPEG, PNG, WebP, TIFF, GIF or BMP)"),
                                      _("give a photo file; if this is one, it is damaged: "
                                        "copy it again from the camera or phone"))) from None
        except (OSError, ValueError, SyntaxError) as exc:
            if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and int.from_bytes(head[4:8], "little") + 8 > size:
                raise PhotoError(_truncated(shown)) from None  # libwebp refuses a short file up front
            raise PhotoError(_finding(shown, "photo-corrupt", _("damaged image header ({error})").format(error=exc),
                                      _("copy the photo again from the camera or phone"))) from None
    w, h = im.size
    if w * h > settings.max_pixels:
        im.close()
        raise PhotoError(_bomb(shown, (w, h), settings))
    return im


def _other_format(src: Path) -> str | None:
    """The name of a format Pillow knows but we do not accept, e.g. PSD or ICO (header only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(src) as im:
                return im.format
        except Exception:
            return None


def _bomb(shown: str, size: tuple[int, int] | None, settings: Photos) -> Finding:
    pixels = (_("{width} x {height} = {pixels:,} pixels").format(width=size[0], height=size[1], pixels=size[0] * size[1])
              if size else _("more pixels than Pillow allows"))
    return _finding(shown, "photo-bomb",
                    _("image too large to open safely ({pixels}; the limit is {limit:,}, photos.max_pixels)").format(
                        pixels=pixels, limit=settings.max_pixels),
                    _("scale it down below the limit before adding it; a camera photo is far smaller, so "
                      "this file may be a decompression bomb"))


def _truncated(shown: str) -> Finding:
    return _finding(shown, "photo-truncated", _("truncated image: the file ends before the picture does"),
                    _("copy the photo again from the camera or phone; the transfer did not finish"))


def _decode(im: Image.Image, shown: str, draft_to: tuple[int, int] | None) -> Image.Image:
    """Decode the pixels, asking the JPEG decoder to scale down on the fly when that is enough."""
    if draft_to and im.format in ("JPEG", "MPO"):
        im.draft(None, draft_to)
    try:
        im.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        message = str(exc)
        if "truncated" in message or "broken data stream" in message or "premature" in message.lower():
            raise PhotoError(_truncated(shown)) from None
        raise PhotoError(_finding(shown, "photo-corrupt", _("damaged image data ({error})").format(error=message),
                                  _("copy the photo again from the camera or phone"))) from None
    return im


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(EXIF_ORIENTATION, 1)
    except Exception:  # a broken EXIF block must not stop an otherwise good photo
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _srgb():
    global _SRGB
    if _SRGB is None:
        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB


def _to_srgb(im: Image.Image) -> Image.Image:
    """Pixels as 8-bit sRGB ("RGB" or "L"), transparency flattened on white, ICC profile applied."""
    icc = im.info.get("icc_profile")
    mode = im.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode == "F":
        im = im.convert("L")
    elif mode == "1":
        im = im.convert("L")
    elif mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode == "PA":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "La", "RGBa"):
        im = _flatten(im)
    if icc and im.mode in ("RGB", "CMYK", "L"):
        try:
            src_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "L" if im.mode == "L" else "RGB"
            if out_mode == "L":
                # a grey profile: let LittleCMS map it onto sRGB, then back to one channel
                im = ImageCms.profileToProfile(im, src_profile, _srgb(), outputMode="RGB").convert("L")
            else:
                im = ImageCms.profileToProfile(im, src_profile, _srgb(), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unreadable profile: fall back to treating the pixels as sRGB
    if im.mode not in ("RGB", "L"):
        im = im.convert("RGB")
    return im


def _flatten(im: Image.Image) -> Image.Image:
    """Transparent pixels over white: JPEG has no alpha and a news page is white."""
    rgba = im.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    background.alpha_composite(rgba)
    return background.convert("RGB")


def _fit(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    w, h = size
    if max(w, h) <= long_edge:
        return size
    scale = long_edge / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _at_width(size: tuple[int, int], width: int) -> tuple[int, int]:
    w, h = size
    return width, max(1, round(h * width / w))


def _load_upright(im: Image.Image, shown: str, target: tuple[int, int] | None) -> Image.Image:
    """Decode, apply orientation and colour; `target` (upright size) lets JPEG decode at a smaller scale."""
    orientation = _orientation(im)
    draft_to = None
    if target:
        tw, th = _upright_size(target, orientation)
        draft_to = (tw, th)
    icc = im.info.get("icc_profile")
    im = _decode(im, shown, draft_to)
    if icc and "icc_profile" not in im.info:
        im.info["icc_profile"] = icc
    try:
        out = _to_srgb(im)
    except (OSError, ValueError) as exc:
        raise PhotoError(_finding(shown, "photo-format", _("unsupported colour mode {mode} ({error})").format(
                                      mode=im.mode, error=exc),
                                  _(CONVERT_HINT))) from None
    if orientation in _TRANSPOSE:
        out = out.transpose(_TRANSPOSE[orientation])
    return out


def _resize(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Downscale fast: `Image.reduce` by a whole factor first (reducing_gap), then BICUBIC the rest.

    BICUBIC is what Pillow's own `thumbnail` uses; for shrinking it looks the
    same as LANCZOS at about two thirds of the time.
    """
    if im.size == size:
        return im
    return im.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def _encode(im: Image.Image, fmt: str, quality: int, *, web: bool = False, method: int = 4) -> bytes:
    """Encode with no metadata at all: a fresh info dict, no EXIF, no ICC, no comment, no XMP.

    `web` JPEGs are progressive (a blurry whole picture shows first on a slow
    phone connection); the master in the draft need not pay for that.
    """
    im.info = {}
    buf = io.BytesIO()
    if fmt == "jpeg":
        im.save(buf, "JPEG", quality=quality, optimize=True, progressive=web, exif=b"", icc_profile=None)
    else:
        im.save(buf, "WEBP", quality=quality, method=method, exif=b"", icc_profile=None, xmp=b"")
    return buf.getvalue()


# --------------------------------------------------------------------------- cache and file helpers


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps([CACHE_VERSION, *parts]).encode()).hexdigest()


def _cache_path(cache: Path, key: str, ext: str) -> Path:
    return cache / key[:2] / f"{key}.{ext}"


def _write_atomic(path: Path, data: bytes, *, sync: bool = False) -> None:
    """Temp file beside `path`, then `os.replace`: nobody sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_temp(dest_dir: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=dest_dir, prefix=".intake-", suffix=".tmp")
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A file stem that is safe in a URL and in Markdown: ASCII letters, digits, `._-`."""
    stem = _UNSAFE.sub("-", Path(name).stem).strip("-.")
    return stem or "foto"


def _candidates(dest_dir: Path, stem: str) -> Iterator[Path]:
    yield dest_dir / f"{stem}.jpg"
    n = 2
    while True:
        yield dest_dir / f"{stem}-{n}.jpg"
        n += 1


def _identical(dest_dir: Path, stem: str, data: bytes) -> Path | None:
    """A file among `stem.jpg`, `stem-2.jpg`... that already holds exactly `data`: adding twice adds once."""
    for candidate in _candidates(dest_dir, stem):
        try:
            if candidate.stat().st_size == len(data) and candidate.read_bytes() == data:
                return candidate
        except FileNotFoundError:
            return None
        except OSError:
            continue
    return None


def _link_free(tmp: Path, dest_dir: Path, stem: str) -> Path:
    """Give the staged file `tmp` the first free name; a name that is taken is never replaced."""
    try:
        for candidate in _candidates(dest_dir, stem):
            if candidate.exists():
                continue
            try:
                os.link(tmp, candidate)  # fails if the name was taken meanwhile: never overwrites
            except FileExistsError:
                continue
            except OSError:
                # a file system without hard links: rename (checked free just above)
                os.replace(tmp, candidate)
                return candidate
            return candidate
    finally:
        tmp.unlink(missing_ok=True)
    raise AssertionError("unreachable")


class _Digests:
    """SHA-256 of files remembered by their stat signature (like git's index): a warm run hashes nothing.

    Kept in `<cache>/digests.json`. The signature includes the inode change time,
    which any write to the file updates and no tool can set back.
    """

    FILE = "digests.json"

    def __init__(self, cache: Path | None):
        self.path = Path(cache) / self.FILE if cache is not None else None
        self.entries: dict[str, list] = {}
        self.changed = False
        if self.path is not None:
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.entries = loaded
            except (OSError, ValueError):
                pass

    def known(self, path: Path) -> str | None:
        if self.path is None:
            return None
        entry = self.entries.get(str(Path(path).absolute()))
        try:
            if entry and entry[:-1] == _signature(Path(path).stat()):
                return entry[-1]
        except OSError:
            return None
        return None

    def digest(self, path: Path) -> str:
        """The digest of `path`, from memory when the file is unchanged, else by reading it."""
        found = self.known(path)
        if found:
            return found
        signature = _signature(Path(path).stat())
        digest = _sha256_file(path)
        self.remember(path, signature, digest)
        return digest

    def remember(self, path: Path, signature: list, digest: str) -> None:
        if self.path is not None:
            self.entries[str(Path(path).absolute())] = [*signature, digest]
            self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        live = {k: v for k, v in self.entries.items() if os.path.exists(k)}
        try:
            _write_atomic(self.path, json.dumps(live).encode())
        except OSError:
            pass  # only a speed-up: never fail a run over it
        self.changed = False


def _signature(st: os.stat_result) -> list:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def resolve_draft(root: Path, draft: str) -> Path:
    """The folder of a draft given as `drafts/<id>`, a path to it, or just `<id>`; PhotoError otherwise.

    Only a direct child of `<root>/drafts` holding an `index.md` counts, so a
    path cannot lead photos out of the repository.
    """
    base = (Path(root) / "drafts").resolve()
    given = Path(draft)
    candidates = [base / draft] if len(given.parts) == 1 else []
    candidates += [Path.cwd() / given, Path(root) / given] if not given.is_absolute() else [given]
    for candidate in candidates:
        folder = candidate.resolve()
        if folder.name == "index.md":
            folder = folder.parent
        if folder.parent == base and (folder / "index.md").is_file():
            from .drafts import link_findings

            linked = link_findings(folder, root)   # photos/ linked out: nothing is written through it
            if linked:
                raise PhotoError(linked[0])
            return folder
    known = sorted(p.parent.name for p in base.glob("*/index.md")) if base.is_dir() else []
    hint = (_("known drafts: {drafts}").format(drafts=", ".join(known[:5])) if known
            else _("create the draft first with `pipeline new`"))
    raise PhotoError(error(f"drafts/{given.name}", None, "", "photo-draft",
                           _("{draft!r} is not a draft folder (drafts/<id> with an index.md)").format(draft=draft), hint))


# --------------------------------------------------------------------------- intake


def _intake_bytes(src: Path, shown: str, settings: Photos) -> bytes:
    """The normalised JPEG of one photo, as bytes. Raises PhotoError."""
    im = _open(src, shown, settings)
    try:
        target = _fit(_upright_size(im.size, _orientation(im)), settings.max_long_edge)
        out = _load_upright(im, shown, target)
        out = _resize(out, _fit(out.size, settings.max_long_edge))
        return _encode(out, "jpeg", settings.jpeg_quality)
    finally:
        im.close()


def _intake_key(digest: str, settings: Photos) -> str:
    return _key("intake", digest, settings.max_long_edge, settings.jpeg_quality, settings.max_pixels)


def _intake_job(args: tuple[Path, str, Photos, Path | None, str | None]) -> tuple:
    """Normalise one photo (runs in a worker process).

    Returns (result, finding, digest, signature): `result` is the cached file when
    there is a cache (so big buffers do not travel between processes), else the bytes.
    """
    src, shown, settings, cache, digest = args
    signature = None
    try:
        cached = None
        if cache is not None:
            if digest is None:
                try:
                    signature = _signature(src.stat())
                    digest = _sha256_file(src)
                except OSError:
                    digest = None
            if digest:
                cached = _cache_path(cache, _intake_key(digest, settings), "jpg")
                if cached.is_file():
                    return cached, None, digest, signature
        data = _intake_bytes(src, shown, settings)
        if cached is not None:
            _write_atomic(cached, data)
            return cached, None, digest, signature
        return data, None, digest, signature
    except PhotoError as exc:
        return None, exc.findings[0], None, None


def intake(src: Path, dest_dir: Path, settings: Photos, *, cache: Path | None = None,
           shown: str | None = None) -> Path:
    """Normalise one photo into `dest_dir` and return the path written (see the module docstring)."""
    return intake_many([src], dest_dir, settings, cache=cache,
                       shown=[shown] if shown is not None else None)[0]


def intake_many(sources: Sequence[Path], dest_dir: Path, settings: Photos, *, cache: Path | None = None,
                progress: bool | None = None, shown: Sequence[str] | None = None) -> list[Path]:
    """Normalise a batch into `dest_dir`, all or nothing; raise PhotoError naming every bad file.

    `shown` names the sources in findings (default: the paths as given); `cache`
    (see `default_cache`) keeps normalised copies by source digest so adding the
    same photo again decodes nothing.
    """
    sources = [Path(s) for s in sources]
    if not sources:
        return []
    names = list(shown) if shown is not None else [str(s) for s in sources]
    dest_dir = Path(dest_dir)
    digests = _Digests(cache)
    jobs, ready = [], {}
    for i, (src, name) in enumerate(zip(sources, names)):
        digest = digests.known(src)
        if digest and cache is not None:
            cached = _cache_path(cache, _intake_key(digest, settings), "jpg")
            if cached.is_file():
                ready[i] = cached
                continue
        jobs.append((src, name, settings, cache, digest))
    done = iter(_run(_intake_job, jobs, progress, "Memproses foto"))
    results: list[Path | bytes] = []
    problems: list[Finding] = []
    for i, src in enumerate(sources):
        if i in ready:
            results.append(ready[i])
            continue
        result, finding, digest, signature = next(done)
        if finding is not None:
            problems.append(finding)
        elif signature is not None:
            digests.remember(src, signature, digest)
        results.append(result)
    digests.save()
    if problems:
        raise PhotoError(problems)
    return _place_all(dest_dir, [safe_stem(src.name) for src in sources], results)


def _place_all(dest_dir: Path, stems: list[str], results: list[Path | bytes]) -> list[Path]:
    """Put every result in dest_dir under a free name, or undo all of it."""
    created_dir = not dest_dir.exists()
    placed: list[Path] = []
    created: list[Path] = []
    staged: list[Path] = []
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        for stem, result in zip(stems, results):
            data = result if isinstance(result, bytes) else result.read_bytes()
            existing = _identical(dest_dir, stem, data)
            if existing:
                placed.append(existing)
                continue
            tmp = _write_temp(dest_dir, data)
            staged.append(tmp)
            path = _link_free(tmp, dest_dir, stem)
            placed.append(path)
            created.append(path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        for tmp in staged:
            tmp.unlink(missing_ok=True)
        if created_dir:
            try:
                dest_dir.rmdir()
            except OSError:
                pass
        raise
    return placed


# --------------------------------------------------------------------------- inspect (pipeline check)


def inspect(path: Path, shown: str, settings: Photos) -> list[Finding]:
    """What is wrong with one image file in the repository, as findings (empty when it is fine)."""
    path = Path(path)
    try:
        im = _open(path, shown, settings)
    except PhotoError as exc:
        return exc.findings
    try:
        # decode at the smallest JPEG scale: enough to reach the end of the data and find truncation;
        # PNG keeps text chunks after the pixels, so metadata is read after decoding
        _decode(im, shown, (1, 1))
        found = metadata_in(im)
    except PhotoError as exc:
        return exc.findings
    finally:
        im.close()
    if found:
        return [_finding(shown, "photo-metadata", _("photo still carries metadata: {blocks}").format(blocks=", ".join(found)),
                         _("photos must not reveal where or by whom they were taken: remove this file and add it "
                           "again without its metadata; in a browser, upload it through /admin/ of the website (it "
                           "removes the metadata before saving); with the tool, `pipeline photos add DRAFT FILE`"))]
    return []


def metadata_in(im: Image.Image) -> list[str]:
    """Names of the metadata blocks an opened image carries: GPS, EXIF, XMP, IPTC, comments."""
    found = []
    try:
        exif = im.getexif()
    except Exception:
        exif = None
    if exif:
        if exif.get_ifd(0x8825):
            found.append("GPS location")
        if exif.get_ifd(0x8769).get(0x927C) is not None:
            found.append("camera MakerNote")
        found.append(f"EXIF ({len(exif)} tags)")
    elif im.info.get("exif"):
        found.append("EXIF")
    if im.info.get("xmp") or im.info.get("XML:com.adobe.xmp"):
        found.append("XMP")
    if im.info.get("photoshop") or im.info.get("iptc"):
        found.append("IPTC/Photoshop")
    if any(im.info.get(key) for key in _TEXT_KEYS):
        found.append("comment")
    return found


def check_tree(root: Path, settings: Photos, folders: Sequence[str] = ("drafts", "content")) -> list[Finding]:
    """`inspect` every image file under `drafts/` and `content/`, paths shown relative to `root`."""
    root = Path(root)
    findings = []
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix.lower() in PHOTO_SUFFIXES and path.is_file() and not path.name.startswith("."):
                findings += inspect(path, path.relative_to(root).as_posix(), settings)
    return findings


# --------------------------------------------------------------------------- web variants


@dataclass(frozen=True)
class _Plan:
    """What one output file is: where it comes from and the settings that shape it."""

    key: str
    ext: str
    width: int
    height: int
    format: str
    quality: int
    thumbnail: bool


def _plans(digest: str, size: tuple[int, int], settings: Photos) -> list[_Plan]:
    w, h = size
    widths = sorted({min(x, w) for x in settings.widths}, reverse=True)
    plans = []
    for width in widths:
        vw, vh = _at_width(size, width)
        for fmt, ext, shape in (("webp", "webp", [settings.webp_quality, settings.webp_method]),
                                ("jpeg", "jpg", [settings.jpeg_quality])):
            plans.append(_Plan(_key("variant", digest, fmt, width, *shape), ext, vw, vh, fmt, shape[0], False))
    tw, th = _at_width(size, min(settings.thumbnail_width, w))
    plans.append(_Plan(_key("thumb", digest, tw, settings.jpeg_quality), "jpg", tw, th, "jpeg",
                       settings.jpeg_quality, True))
    return plans


def _render_job(args: tuple[Path, str, Photos, list[_Plan], Path]) -> Finding | None:
    """Render the missing files of one photo into the cache (runs in a worker process)."""
    src, shown, settings, plans, cache = args
    try:
        im = _open(src, shown, settings)
        try:
            widest = max(plans, key=lambda p: p.width)
            base = _load_upright(im, shown, (widest.width, widest.height))
            current = base
            for plan in sorted(plans, key=lambda p: -p.width):
                # each size from the next larger one: cheaper than from the full picture, as sharp
                current = _resize(current, (plan.width, plan.height))
                data = _encode(current, plan.format, plan.quality, web=True, method=settings.webp_method)
                _write_atomic(_cache_path(cache, plan.key, plan.ext), data)
        finally:
            im.close()
        return None
    except PhotoError as exc:
        return exc.findings[0]


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = a.stat(), b.stat()
    except OSError:
        return False
    if sa.st_size != sb.st_size:
        return False
    if (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev):
        return True
    return a.read_bytes() == b.read_bytes()


def render_variants(sources: Sequence[Path], out_dir: Path, settings: Photos, *, cache: Path,
                    progress: bool | None = None, shown: Sequence[str] | None = None) -> list[PhotoVariants]:
    """Render (or take from the cache) every web variant of each source into `out_dir`.

    Raises PhotoError naming every bad source; in that case nothing is written to out_dir.
    """
    sources = [Path(s) for s in sources]
    names = list(shown) if shown is not None else [str(s) for s in sources]
    out_dir, cache = Path(out_dir), Path(cache)
    stems = [safe_stem(s.name) for s in sources]
    duplicates = sorted({s for s in stems if stems.count(s) > 1})
    if duplicates:
        raise PhotoError([_finding(n, "photo-name", _("two photos would both be published as {name!r}").format(name=stem),
                                   _("rename one of them")) for n, stem in zip(names, stems) if stem in duplicates])
    problems: list[Finding] = []
    entries = []
    jobs = []
    digests = _Digests(cache)
    scheduled: set[str] = set()
    for src, name in zip(sources, names):
        try:
            im = _open(src, name, settings)
        except PhotoError as exc:
            problems += exc.findings
            continue
        size = _upright_size(im.size, _orientation(im))
        im.close()
        digest = digests.digest(src)
        plans = _plans(digest, size, settings)
        missing = [p for p in plans if p.key not in scheduled and not _cache_path(cache, p.key, p.ext).is_file()]
        scheduled.update(p.key for p in missing)  # two identical files are rendered once
        entries.append((src, digest, size, plans, len(missing)))
        if missing:
            jobs.append((src, name, settings, missing, cache))
    digests.save()
    if problems:
        raise PhotoError(problems)
    problems = [f for f in _run(_render_job, jobs, progress, "Membuat varian foto") if f is not None]
    if problems:
        raise PhotoError(problems)
    out = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for (src, digest, size, plans, rendered), stem in zip(entries, stems):
        variants = []
        for plan in plans:
            suffix = "thumb" if plan.thumbnail else str(plan.width)
            target = out_dir / f"{stem}-{suffix}.{plan.ext}"
            cached = _cache_path(cache, plan.key, plan.ext)
            if not _same_file(cached, target):
                _write_atomic(target, cached.read_bytes())
            variants.append(Variant(plan.width, plan.height, plan.format, target, plan.thumbnail))
        out.append(PhotoVariants(src, digest, size[0], size[1], tuple(variants), rendered))
    return out


# --------------------------------------------------------------------------- parallel runner


def _run(func: Callable, jobs: list, progress: bool | None, label: str) -> list:
    """`func` over `jobs` on every core, in order; a progress bar on a terminal for more than a few."""
    if not jobs:
        return []
    show = progress if progress is not None else (sys.stderr.isatty() and len(jobs) > 4)
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        return [func(job) for job in jobs]
    try:
        # the workers write findings too: in the language of this run
        pool = ProcessPoolExecutor(max_workers=workers, initializer=i18n.set_language, initargs=(i18n.current_language(),))
    except (OSError, NotImplementedError):  # no process support (some sandboxes): one after another
        return [func(job) for job in jobs]
    results = []
    try:
        with pool:
            mapped = pool.map(func, jobs)
            if not show:
                return list(mapped)
            from rich.console import Console
            from rich.progress import Progress

            with Progress(console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task(label, total=len(jobs))
                for result in mapped:
                    results.append(result)
                    bar.advance(task)
    except BrokenProcessPool:
        raise PhotoError(error("photos", None, "", "photo-worker",
                               _("a worker process died while processing photos (out of memory, or a decoder crash)"),
                               _("run again with fewer photos at a time; if one file always fails, leave it out"))) from None
    return results
