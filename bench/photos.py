"""Benchmark: photo intake plus web variants, against plain Pillow doing the same work.

    /tmp/venv/bin/python bench/photos.py            # 200 photos, plain baseline on 12 of them
    /tmp/venv/bin/python bench/photos.py --count 40 --baseline-count 4

Makes 24-megapixel camera-like JPEGs (6000 x 4000, EXIF with GPS, a MakerNote
and an orientation tag), then measures in the same run:

- plain: Pillow open / exif_transpose / resize / save, one photo after another,
  for the same outputs (the capped master, then each width as WebP and JPEG and
  a thumbnail from that master);
- cold: `photos.intake_many` + `photos.render_variants` with an empty cache
  (JPEG draft mode, `reduce` inside resize, every core), in rounds that
  alternate with the plain ones so that both see the same machine load;
- warm: the same two calls again on the unchanged photos.

Goals (issue 4): cold at least 3 times the plain rate; a warm re-run of 200
photos under 1 second.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import struct
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import photos  # noqa: E402
from pipeline.config import Photos  # noqa: E402

SIZE = (6000, 4000)  # 24 megapixels, 3:2 like an APS-C camera
BASES = 4  # distinct scenes; every copy is then made pixel-unique (see unique_pixels)


def camera_picture(seed: int) -> Image.Image:
    """Smooth gradients, shapes and sensor-like noise: compresses like a real photo, not like a flat fill."""
    rnd = random.Random(seed)
    w, h = SIZE
    small = (w // 8, h // 8)
    bands = [Image.linear_gradient("L").resize(small).rotate(rnd.randrange(360), expand=False)
             for _ in range(3)]
    im = Image.merge("RGB", bands)
    draw = ImageDraw.Draw(im)
    for _ in range(60):
        x, y = rnd.randrange(small[0]), rnd.randrange(small[1])
        r = rnd.randrange(10, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    im = im.resize(SIZE, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(SIZE, 18).convert("RGB")
    return Image.blend(im, noise, 0.12)


def exif_block(i: int) -> bytes:
    """An APP1 segment as a phone writes it: camera, time, GPS, MakerNote, orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 90D"
    exif[0x0112] = (1, 6, 8, 3)[i % 4]
    details = exif.get_ifd(0x8769)
    details[0x9003] = f"2026:11:20 09:{i // 60 % 60:02d}:{i % 60:02d}"
    details[0x927C] = b"Canon\x00" + os.urandom(512)
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (0.0, 13.0, 25.2 + i / 1000)
    gps[3], gps[4] = "E", (100.0, 37.0, 55.8)
    payload = exif.tobytes()
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def unique_pixels(data: bytes, i: int) -> bytes:
    """Make the decoded pixels of this copy differ from every other copy without re-encoding 24 MP.

    Two low-frequency entries of the luminance quantization table (DQT) get a
    value unique to `i` (low ones, because a half-scale JPEG decode ignores the
    high ones): every block decodes a little differently, so each master and
    variant is a distinct file, as with real photos, and no cache or
    de-duplication can share work between them.
    """
    at = data.index(b"\xff\xdb")
    table = at + 5  # marker (2), length (2), precision/table id (1), then 64 values in zigzag order
    out = bytearray(data)
    out[table + 4] = min(255, data[table + 4] + 1 + i % 8)  # zigzag 4: coefficient (1, 1)
    out[table + 8] = min(255, data[table + 8] + 1 + i // 8)  # zigzag 8: coefficient (2, 1)
    return bytes(out)


def make_sources(folder: Path, count: int) -> list[Path]:
    bases = []
    for seed in range(BASES):
        buf = io.BytesIO()
        camera_picture(seed).save(buf, "JPEG", quality=92)
        bases.append(buf.getvalue())
    sources = []
    for i in range(count):
        data = unique_pixels(bases[i % BASES], i // BASES)
        path = folder / f"IMG_{i:04d}.JPG"
        path.write_bytes(data[:2] + exif_block(i) + data[2:])  # SOI, then APP1 EXIF, then the picture
        sources.append(path)
    return sources


def plain(sources: list[Path], out: Path, settings: Photos) -> None:
    """The straightforward way: full decode, LANCZOS from full size, one photo at a time."""
    out.mkdir(exist_ok=True)
    for src in sources:
        with Image.open(src) as im:
            im = ImageOps.exif_transpose(im)
            scale = settings.max_long_edge / max(im.size)
            master = im.resize((round(im.width * scale), round(im.height * scale)), Image.Resampling.LANCZOS)
            master_path = out / f"{src.stem}.jpg"
            master.save(master_path, "JPEG", quality=settings.jpeg_quality)
        with Image.open(master_path) as master:
            for width in settings.widths:
                size = (width, round(master.height * width / master.width))
                variant = master.resize(size, Image.Resampling.LANCZOS)
                variant.save(out / f"{src.stem}-{width}.webp", "WEBP", quality=settings.webp_quality)  # method 4
                variant.save(out / f"{src.stem}-{width}.jpg", "JPEG", quality=settings.jpeg_quality)
            size = (settings.thumbnail_width, round(master.height * settings.thumbnail_width / master.width))
            master.resize(size, Image.Resampling.LANCZOS).save(out / f"{src.stem}-thumb.jpg", "JPEG",
                                                               quality=settings.jpeg_quality)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def pipeline_run(sources: list[Path], work: Path, settings: Photos, cache: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    masters = photos.intake_many(sources, work / "draft" / "photos", settings, cache=cache, progress=False)
    middle = time.perf_counter()
    results = photos.render_variants(masters, work / "site", settings, cache=cache, progress=False)
    end = time.perf_counter()
    return middle - start, end - middle, sum(r.rendered for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="photos for the pipeline runs")
    parser.add_argument("--baseline-count", type=int, default=12, help="photos for the (slow) plain baseline")
    parser.add_argument("--rounds", type=int, default=4, help="alternating plain / pipeline rounds")
    parser.add_argument("--webp-method", type=int, default=None, help="override photos.webp_method (0-6)")
    args = parser.parse_args()
    settings = Photos() if args.webp_method is None else Photos(webp_method=args.webp_method)
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
        work = Path(tmp)
        (work / "camera").mkdir()
        t = time.perf_counter()
        sources = make_sources(work / "camera", args.count)
        megabytes = sum(p.stat().st_size for p in sources) / 1e6
        print(f"{args.count} camera JPEGs {SIZE[0]}x{SIZE[1]} with EXIF (GPS, orientation, MakerNote), "
              f"{megabytes:.0f} MB, made in {time.perf_counter() - t:.1f} s; {os.cpu_count()} cores")
        print(f"settings: long edge {settings.max_long_edge}, widths {settings.widths}, "
              f"thumbnail {settings.thumbnail_width}, JPEG q{settings.jpeg_quality}, "
              f"WebP q{settings.webp_quality} method {settings.webp_method} (plain: method 4, Pillow's default)")

        # The machine may be shared: alternate plain and pipeline rounds so both see the same load.
        cache = work / "cache"
        rounds = max(1, min(args.rounds, args.baseline_count, len(sources)))
        plain_chunks = [sources[i: args.baseline_count: rounds] for i in range(rounds)]
        cold_chunks = [sources[i::rounds] for i in range(rounds)]
        plain_seconds = cold_intake = cold_variants = 0.0
        cold_rendered = 0
        load_before = os.getloadavg()[0]
        plain_cpu = cold_cpu = 0.0
        for r in range(rounds):
            t, c = time.perf_counter(), cpu_seconds()
            plain(plain_chunks[r], work / "plain", settings)
            plain_seconds += time.perf_counter() - t
            plain_cpu += cpu_seconds() - c
            c = cpu_seconds()
            intake_s, variants_s, rendered = pipeline_run(cold_chunks[r], work, settings, cache)
            cold_cpu += cpu_seconds() - c
            cold_intake, cold_variants, cold_rendered = (cold_intake + intake_s, cold_variants + variants_s,
                                                         cold_rendered + rendered)
        baseline = [p for chunk in plain_chunks for p in chunk]
        plain_rate = len(baseline) / plain_seconds
        warm_intake, warm_variants, warm_rendered = pipeline_run(sources, work, settings, cache)
        load_after = os.getloadavg()[0]
        cold = cold_intake + cold_variants
        warm = warm_intake + warm_variants

    n = len(sources)
    print(f"load average (1 min) before / after: {load_before:.1f} / {load_after:.1f}; "
          f"{rounds} alternating rounds of plain and cold")
    print()
    print(f"{'run':<44}{'photos':>7}{'seconds':>10}{'photos/s':>11}")
    print(f"{'plain Pillow open/resize/save (1 process)':<44}{len(baseline):>7}{plain_seconds:>10.2f}{plain_rate:>11.2f}")
    print(f"{'pipeline cold: intake + variants':<44}{n:>7}{cold:>10.2f}{n / cold:>11.2f}"
          f"   (intake {cold_intake:.2f} s, variants {cold_variants:.2f} s, {cold_rendered} files rendered)")
    print(f"{'pipeline warm re-run: intake + variants':<44}{n:>7}{warm:>10.2f}{n / warm:>11.1f}"
          f"   (intake {warm_intake:.3f} s, variants {warm_variants:.3f} s, {warm_rendered} files rendered)")
    print()
    speedup = (n / cold) / plain_rate
    print(f"cold vs plain: {speedup:.1f}x (goal >= 3x) {'OK' if speedup >= 3 else 'MISSED'}")
    cores = os.cpu_count() or 1
    plain_per, cold_per = plain_cpu / len(baseline), cold_cpu / n
    print(f"CPU seconds per photo: plain {plain_per:.2f}, pipeline cold {cold_per:.2f} "
          f"({plain_per / cold_per:.1f}x less work); on an idle machine with {cores} cores the cold rate "
          f"would be about {cores / cold_per:.1f} photos/s = {cores / cold_per * plain_per:.1f}x plain")
    warm_200 = warm * 200 / n
    print(f"warm re-run scaled to 200 photos: {warm_200:.2f} s (goal < 1 s) {'OK' if warm_200 < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
