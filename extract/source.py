"""The source PDF's fingerprint, in a module of its own: the manifest of a corpus run needs it before any PDF
library is loaded (`extract.pages` loads pdfplumber), and every output names its source by it."""
from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: str | Path) -> str:
    """The file's sha256, read in chunks."""
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
