"""Write the camera-like test photos in this folder (run it again to regenerate them).

    python tests/data/make_photos.py

Each JPEG carries what a phone puts in a real photo and what intake must remove:
an EXIF block with a GPS position (the Payakumbuh court), camera make and model,
a MakerNote, an orientation tag, plus XMP and a JPEG comment. Seen upright, the
picture has a red square in its top-left corner and a blue one top-right, so a
test can tell whether the orientation was applied.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
UPRIGHT_SIZE = (96, 64)  # landscape when upright: a swap of width and height is visible
RED, BLUE, GREY = (220, 20, 20), (20, 20, 220), (128, 128, 128)


def upright_picture(size: tuple[int, int] = UPRIGHT_SIZE) -> Image.Image:
    """The picture as a viewer should show it: red top-left, blue top-right, grey elsewhere."""
    w, h = size
    im = Image.new("RGB", size, GREY)
    im.paste(RED, (0, 0, 24, 24))
    im.paste(BLUE, (w - 24, 0, w, 24))
    return im


def stored_for(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores so that `orientation` (EXIF 0x0112) shows `upright`.

    Written from the EXIF definition of where row 0 and column 0 of the stored
    image belong, pixel by pixel, independently of Pillow's transpose table.
    """
    w, h = upright.size
    sw, sh = (w, h) if orientation <= 4 else (h, w)
    where = {
        1: lambda x, y: (x, y),
        2: lambda x, y: (w - 1 - x, y),
        3: lambda x, y: (w - 1 - x, h - 1 - y),
        4: lambda x, y: (x, h - 1 - y),
        5: lambda x, y: (y, x),
        6: lambda x, y: (w - 1 - y, x),
        7: lambda x, y: (w - 1 - y, h - 1 - x),
        8: lambda x, y: (y, h - 1 - x),
    }[orientation]
    src = upright.load()
    stored = Image.new("RGB", (sw, sh))
    dst = stored.load()
    for y in range(sh):
        for x in range(sw):
            dst[x, y] = src[where(x, y)]
    return stored


def camera_exif(orientation: int) -> Image.Exif:
    """EXIF as a phone writes it: camera, time, GPS position, MakerNote, orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "Canon EOS 90D"  # Model
    exif[0x0131] = "Firmware 1.1.1"  # Software
    exif[0x0112] = orientation
    details = exif.get_ifd(0x8769)
    details[0x9003] = "2026:11:20 09:15:00"  # DateTimeOriginal
    details[0x927C] = b"Canon\x00MAKERNOTE serial=123456789 owner=Rina"  # MakerNote
    gps = exif.get_ifd(0x8825)
    gps[0x0001] = "S"
    gps[0x0002] = (0.0, 13.0, 25.2)
    gps[0x0003] = "E"
    gps[0x0004] = (100.0, 37.0, 55.8)
    return exif


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="0,13.42S"/>'
       b"</rdf:RDF></x:xmpmeta>")


def write(name: str, orientation: int) -> Path:
    path = HERE / name
    stored_for(upright_picture(), orientation).save(
        path, "JPEG", quality=95, subsampling=0, exif=camera_exif(orientation), xmp=XMP,
        comment=b"Sidang tertutup, jangan disebar")
    return path


if __name__ == "__main__":
    for written in (write("camera-gps-orientation-6.jpg", 6), write("camera-gps-orientation-1.jpg", 1),
                    write("camera-gps-orientation-8.jpg", 8)):
        print(written)
