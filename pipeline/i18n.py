"""Messages staff read, in their language: gettext catalogues under `pipeline/locale/`.

Message ids are English (the language of the code); the `id` catalogue holds the
Bahasa Indonesia that staff read by default. `--lang`, `PIPELINE_LANG` or
`language:` in `pipeline.yml` choose another (in that order); English needs no
catalogue.

Mark every message a person reads with `_()` where it is produced, or with `N_()`
where it is defined before the language is known (module constants), and
translate it with `_()` when it is shown. Put variables in named placeholders,
`_("{count} photos in {folder}").format(count=..., folder=...)`, so a translator
can reorder them. Click help (command docstrings and `help=` of options) needs no
marking: `pipeline.catalogue` extracts it and `cli.py` translates it when shown.
Babel does not see `_()` inside an f-string, and a function that names a throwaway
variable `_` cannot call `_()`: use `_unused`.

The compiled catalogue (`.mo`) is read with the standard library's gettext;
Babel is only needed to extract and compile (see `pipeline.catalogue`).
"""

from __future__ import annotations

import gettext
import os
import re
from pathlib import Path

DOMAIN = "pipeline"
LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")
ENV_VAR = "PIPELINE_LANG"

_language: str | None = None  # --lang, for this run
_config_language: str | None = None  # `language:` of pipeline.yml
_catalogues: dict[str, gettext.NullTranslations] = {}
_LANGUAGE_LINE = re.compile(rb"^language:[ \t]*['\"]?([A-Za-z_-]+)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def set_language(language: str | None) -> None:
    """Choose the language of every message from now on (None: the environment's, the config's or the default)."""
    global _language
    _language = language


def set_config_language(language: str | None) -> None:
    """The language `pipeline.yml` asks for; `--lang` and `PIPELINE_LANG` win over it."""
    global _config_language
    _config_language = language


def config_language(config_file: Path) -> str | None:
    """`language:` at the top level of a pipeline.yml, read without a YAML parser (help must start fast)."""
    try:
        match = _LANGUAGE_LINE.search(Path(config_file).read_bytes())
    except OSError:
        return None
    return match.group(1).decode().lower() if match else None


def current_language() -> str:
    language = _language or os.environ.get(ENV_VAR) or _config_language or DEFAULT_LANGUAGE
    return language.strip().lower().replace("-", "_").split("_")[0] or DEFAULT_LANGUAGE


def _catalogue() -> gettext.NullTranslations:
    language = current_language()
    catalogue = _catalogues.get(language)
    if catalogue is None:
        if language == "en":
            catalogue = gettext.NullTranslations()
        else:
            catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
        _catalogues[language] = catalogue
    return catalogue


def _(message: str) -> str:
    """The message in the current language."""
    return _catalogue().gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    return _catalogue().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet."""
    return message
