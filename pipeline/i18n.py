"""Messages staff read, in their language: gettext catalogues under `pipeline/locale/`.

Message ids are English (the language of the code); the `id` catalogue holds the
Bahasa Indonesia that staff read by default. `--lang`, `PIPELINE_LANG` or
`language:` in `pipeline.yml` choose another; English needs no catalogue.

Mark every message a person reads with `_()` where it is produced, or with `N_()`
where it is defined before the language is known (module constants), and
translate it with `_()` when it is shown.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "pipeline"
LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")

_language: str | None = None
_translations: gettext.NullTranslations | None = None


def set_language(language: str | None) -> None:
    """Choose the language of every message from now on (None: the environment's or the default)."""
    global _language, _translations
    _language = language
    _translations = None


def current_language() -> str:
    return _language or os.environ.get("PIPELINE_LANG") or DEFAULT_LANGUAGE


def _catalogue() -> gettext.NullTranslations:
    global _translations
    if _translations is None:
        language = current_language()
        if language == "en":
            _translations = gettext.NullTranslations()
        else:
            _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    return _translations


def _(message: str) -> str:
    """The message in the current language."""
    return _catalogue().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalogue().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet."""
    return message
