"""The court's fields and codes `pipeline init` asks for, as plain data.

Apart from `pipeline.init` (YAML, pydantic) because the CLI turns each into an
option when it is imported, and `pipeline --help` must start fast.
"""

from __future__ import annotations

from .i18n import N_

# The court's fields `init` sets, in the order it asks for them, with the question.
COURT_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("Court name (e.g. Pengadilan Agama Sukamaju)")),
    ("short_name", N_("Short name (e.g. PA Sukamaju)")),
    ("city", N_("City (the dateline of every news post starts with it)")),
    ("address", N_("Street address")),
    ("postal_code", N_("Postal code")),
    ("phone", N_("Telephone")),
    ("fax", N_("Fax (empty: none)")),
    ("email", N_("Public e-mail address")),
    ("site_url", N_("Site URL (e.g. https://www.pa-sukamaju.go.id/)")),
    ("timezone", N_("Time zone (Asia/Jakarta, Asia/Makassar or Asia/Jayapura)")),
    ("parent_court", N_("Appellate court (e.g. Pengadilan Tinggi Agama Sukamaju)")),
)
# The document numbers of the court's own procedure (`codes:`), asked after the court.
CODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("coverage_form", N_("Number of the coverage form (naskah konten website)")),
    ("sop", N_("Number of the IT procedure (SOP Pengelolaan Teknologi Informasi)")),
)
PERSON_FORMAT = "ID:ROLE:GITHUB:NAME"
