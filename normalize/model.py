"""The records the normalizer passes between its steps."""
from __future__ import annotations

from dataclasses import dataclass, field

from extract.damage import summary
from extract.model import Band, PageContent, PageTable
from extract.textlayer import layer_note


@dataclass(frozen=True)
class ReadWarning:
    """Something that could not be read with confidence: where, and what."""

    code: str
    message: str
    page: int | None = None
    seq: int | None = None
    field: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # where on the page (points, origin top-left), when known
    words: int | None = None  # how many words of the page it leaves unread (unread_text)

    @classmethod
    def of_damage(cls, page: PageContent) -> ReadWarning | None:
        """The one `damaged_page` warning of a page read with damage (`extract.damage`), or None."""
        if not page.damage:
            return None
        return cls("damaged_page", f"the page is damaged, what was read of it may be incomplete: {summary(page.damage)}",
                   page.number)

    @classmethod
    def of_layer(cls, page: PageContent, ocr: bool) -> ReadWarning | None:
        """The warning of a page whose text layer cannot be trusted, or is an OCR layer (`extract.textlayer`)."""
        note = layer_note(page, ocr)
        return cls(note[0], note[1], page.number) if note else None

    @classmethod
    def of_reading(cls, page: PageContent, ocr: bool) -> list[ReadWarning]:
        """What the way a page was read leaves in doubt: its text layer's note (`of_layer`), and an `ink_unread`
        warning for each piece of ink OCR could not read with certainty (`extract.missedink`)."""
        unread = [cls("ink_unread", "OCR could not read this ink with certainty (its readings: "
                      + " / ".join(repr(r) for r in ink.readings) + "); it is in no cell", page.number, bbox=ink.bbox)
                  for ink in page.unread_ink]
        return [w for w in [cls.of_layer(page, ocr)] if w] + unread

    @classmethod
    def of_complaints(cls, said: list[str]) -> ReadWarning | None:
        """The one `damaged_file` warning of what the PDF libraries said outside any page's reading, or None."""
        return cls("damaged_file", f"the PDF libraries said: {summary(said)}") if said else None

    def as_dict(self) -> dict:
        out = {"code": self.code, "message": self.message, "page": self.page, "seq": self.seq, "field": self.field}
        if self.bbox is not None:
            out["bbox"] = [round(v, 1) for v in self.bbox]
        if self.words is not None:
            out["words"] = self.words
        return out


@dataclass
class AksiPiece:
    """One Kegiatan/Keluaran sub-row, possibly stitched from pieces on several pages."""

    kegiatan: str = ""
    keluaran: str = ""

    @property
    def texts(self) -> tuple[str, str]:
        """The pair's texts, as `normalize.breaks` weighs them per column."""
        return (self.kegiatan, self.keluaran)


@dataclass
class RawRow:
    """One table row (data, group or section) with its cells' texts, stitched across pages."""

    kind: str  # "row" or "section"
    pages: list[int]
    text: dict[str, str] = field(default_factory=dict)  # contract key -> cell text (left columns)
    aksi: list[AksiPiece] = field(default_factory=list)
    section_text: str = ""
    bands: list = field(default_factory=list)  # the extract.model.Band pieces it was read from (provenance)


@dataclass
class Extraction:
    """A document's dataset, with the page tables it was built from (for review and debugging).
    Here, not in lampiran.pipeline, so that a process receiving one need not import the pipeline."""

    dataset: dict
    tables: list[PageTable] = field(default_factory=list)
    row_bands: dict[int, list[Band]] = field(default_factory=dict)  # seq -> the bands (page pieces) it was read from
