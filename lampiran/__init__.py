"""lampiran: Indonesian regulations' annex tables as validated, tidy datasets.

The API (`lampiran.extract`, `lampiran.tables`, `lampiran.diff`, `lampiran.Dataset`) lives in lampiran/api.py and
is imported on first use, so that `import lampiran` (and the CLI's start) loads neither pandas nor a PDF library.
The exceptions are those the CLI maps to exit codes.
"""
from extract.errors import (ConfigError, LampiranError, NoTableError, OutputError, UnreadableInputError, UsageError,
                            ValidationFailedError)

__all__ = ["extract", "tables", "diff", "Dataset", "LampiranError", "UsageError", "UnreadableInputError",
           "NoTableError", "ValidationFailedError", "OutputError", "ConfigError"]
_API = {"extract", "tables", "diff", "Dataset"}


def __getattr__(name: str):
    if name in _API:
        from lampiran import api

        return getattr(api, name)
    raise AttributeError(f"module 'lampiran' has no attribute {name!r}")
