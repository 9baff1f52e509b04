"""Where the repository is: the folder that holds `site_config/pipeline.yml`.

Kept apart from `pipeline.config` (pydantic) so that `pipeline --help` and the
choice of language start without loading the settings' validators.
"""

from __future__ import annotations

from pathlib import Path

from .findings import ConfigError, error
from .i18n import _

CONFIG_DIR = "site_config"
CONFIG_FILE = "pipeline.yml"
MKDOCS_FILE = "mkdocs.yml"


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder upwards that holds `site_config/pipeline.yml`."""
    start = (start or Path.cwd()).resolve()
    for folder in [start, *start.parents]:
        if (folder / CONFIG_DIR / CONFIG_FILE).is_file():
            return folder
    raise ConfigError(error(str(start / CONFIG_DIR / CONFIG_FILE), None, "", "config",
                            _("no site_config/pipeline.yml here or in any parent folder"),
                            _("run the command inside the website repository, or pass --root")))
