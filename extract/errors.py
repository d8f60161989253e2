"""One exception hierarchy. Library code raises these; only the CLI turns them into
a one-line message and an exit code (each class carries its stable code)."""
from __future__ import annotations


class LampiranError(Exception):
    """Base of every error the tool reports to a user."""

    code = "error"
    exit_code = 1


class UsageError(LampiranError):
    code = "usage"
    exit_code = 2


class UnreadableInputError(LampiranError):
    """The file is not a PDF we can open (not a PDF, truncated, encrypted, no pages)."""

    code = "unreadable_input"
    exit_code = 3


class NoTableError(LampiranError):
    """The PDF opened but holds no Lampiran table we recognise."""

    code = "no_table"
    exit_code = 4


class ValidationFailedError(LampiranError):
    """The extracted dataset breaks the schemas; the message names rows and pages."""

    code = "validation_failed"
    exit_code = 5


class OutputError(LampiranError):
    """The output directory cannot be written."""

    code = "output_not_writable"
    exit_code = 6


class ConfigError(LampiranError):
    """A packaged data file (aliases, registry, patterns) is malformed."""

    code = "config"
    exit_code = 7
