"""Compiles the message catalogues (.po -> .mo) into the package while it is built.

Everything else about the package is in pyproject.toml. A regular build writes
the .mo into the build folder; an editable install (`pip install -e .`) reads
the package from the source tree, so there the committed .mo is refreshed when
its translations differ from the .po's.
"""

import io
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("pipeline") / "locale"


def _compile(po_file: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_file, "rb") as fh:
        catalogue = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    return buffer.getvalue()


def _messages(data: bytes) -> dict:
    import gettext

    messages = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)
    messages.pop("", None)
    return messages


class BuildPyWithCatalogues(build_py):
    def run(self):
        super().run()
        for po_file in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
            data = _compile(po_file)
            source_mo = po_file.with_suffix(".mo")
            if self.editable_mode:
                if not source_mo.exists() or _messages(source_mo.read_bytes()) != _messages(data):
                    source_mo.write_bytes(data)
                continue
            target = Path(self.build_lib) / source_mo
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


setup(cmdclass={"build_py": BuildPyWithCatalogues})
