"""Render a diff dict (compare()'s result) as JSON, plain text, Markdown or HTML.

All renderers read the same display rows (display_rows) so they say the same
thing; they differ only in markup. Changed text is highlighted word by word
(difflib on whitespace-separated tokens): whole-word marks are what a reader of
a regulation needs, character marks inside numbers like 1.056.313 are noise.
No timestamps or absolute paths are added, so the same diff renders to the same
bytes. The HTML is one self-contained file: inline CSS, no scripts, no links to
anything outside it, so it can be mailed or opened offline.
"""
from __future__ import annotations

import difflib
import html
import json
import re

KIND_MARK = {"added": "+", "removed": "-", "changed": "~", "moved": ">", "uncertain": "?"}
KINDS = ("added", "removed", "changed", "moved", "unchanged")


# --- shared -----------------------------------------------------------------

_TOKEN = re.compile(r"(\d+(?:[.,]\d+)*|\w+|[^\w\s])(\s*)")
"""Words, whole numbers with their separators (1.056.313 is one token, not
1 . 056 . 313) and single punctuation marks, each with the spaces after it."""

Segments = list[tuple[bool, str]]   # (changed?, text) in reading order


def _emit(out: Segments, tokens: list[tuple[str, str]], changed: bool) -> None:
    text = "".join(tok + ws for tok, ws in tokens)
    core = text.rstrip()
    if core:
        out.append((changed, core))
    if text[len(core):]:
        out.append((False, text[len(core):]))   # spaces stay outside the marks


def word_diff(old: str | None, new: str | None) -> tuple[Segments, Segments]:
    """(old side, new side) segments; changed runs are whole tokens.

    Whitespace is not compared (the extractor collapses it anyway); each side
    keeps its own spacing, so "Informatika," -> "Digital," marks only the word."""
    a = _TOKEN.findall(old or "")
    b = _TOKEN.findall(new or "")
    sa: Segments = []
    sb: Segments = []
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        _emit(sa, a[i1:i2], op != "equal")
        _emit(sb, b[j1:j2], op != "equal")
    return sa, sb


def marked(segments: Segments, pre: str, post: str, esc=lambda t: t) -> str:
    return "".join(f"{pre}{esc(t)}{post}" if changed else esc(t) for changed, t in segments)


def fmt_target(t: dict | None) -> str | None:
    """A target dict as a reader would say it: '<= 2 (kumulatif: 18010715)'."""
    if not t:
        return None
    text = " ".join(str(x) for x in (t.get("comparator"), t.get("value")) if x is not None)
    if t.get("cumulative") is not None:
        text += f" (kumulatif: {t['cumulative']})"
    if t.get("scale") is not None:
        text += f" (skala {t['scale']})"
    return text or "—"


def fmt_value(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict) and "value" in value:
        return fmt_target(value)
    if isinstance(value, list):
        return "; ".join(fmt_aksi(v) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def fmt_aksi(pair: dict | None) -> str | None:
    if not pair:
        return None
    return f"{pair.get('kegiatan') or '—'} → {pair.get('keluaran') or '—'}"


def where(section: dict | None) -> str:
    """'Pilar 3 · 3.4 Listrik dan Gas Rumah Tangga · Listrik'."""
    if not section:
        return ""
    parts = [f"Pilar {section['pilar']}" if section.get("pilar") is not None else "Pilar ?"]
    if section.get("sektor_code") or section.get("sektor"):
        parts.append(" ".join(str(x) for x in (section.get("sektor_code"), section.get("sektor")) if x))
    if section.get("sub_sektor"):
        parts.append(section["sub_sektor"])
    return " · ".join(parts)


def counts_line(summary: dict, sep: str = ", ") -> str:
    return sep.join(f"{summary.get(k, 0)} {k}" for k in KINDS + (("uncertain",) if "uncertain" in summary else ()))


def reported(diff: dict) -> list[dict]:
    """The changes, then the rows that differ only where OCR may have misread them (a diff of tables read with
    --ocr), as kind "uncertain" for the reports."""
    return diff["changes"] + [{**c, "kind": "uncertain"} for c in diff.get("uncertain") or []]


def _aksi_number(old: int | None, new: int | None) -> str:
    """'3', or '2→3' when the pair moved within the list."""
    if old is None or new is None or old == new:
        return str(new if new is not None else old)
    return f"{old}→{new}"


def display_rows(change: dict) -> list[dict]:
    """[{label, old, new, note}] to show for one change, in field order."""
    kind = change["kind"]
    if "table" in change:  # a row of any table (`diff.tables`): its columns
        return _table_rows(change)
    if kind in ("added", "removed"):
        row = change.get("row") or {}
        items = [(name, fmt_value(row.get(name))) for name in
                 ("no", "sasaran", "target_raw", "satuan", "penanggung_jawab")]
        items += [(f"aksi {i}", fmt_aksi(a)) for i, a in enumerate(row.get("aksi") or [], 1)]
        side = "new" if kind == "added" else "old"
        return [{"label": k, "old": None, "new": None, side: v, "note": None} for k, v in items]

    details = change.get("details") or {}
    out = []
    for name, (old, new) in change["fields"].items():
        if name == "aksi" and details.get("aksi"):
            for d in details["aksi"]:
                idx = _aksi_number(d["old_index"], d["new_index"])
                if d["change"] == "changed":
                    for part in ("kegiatan", "keluaran"):
                        out.append({"label": f"aksi {idx} {part}", "old": d["old"][part],
                                    "new": d["new"][part], "note": None})
                else:
                    out.append({"label": f"aksi {idx} ({d['change']})", "old": fmt_aksi(d["old"]),
                                "new": fmt_aksi(d["new"]), "note": None})
            continue
        note = None
        if name in ("penanggung_jawab", "penanggung_jawab_list") and "penanggung_jawab" in details:
            pj = details["penanggung_jawab"]
            note = "; ".join(x for x in (
                "added: " + ", ".join(pj["added"]) if pj["added"] else "",
                "removed: " + ", ".join(pj["removed"]) if pj["removed"] else "") if x) or None
        out.append({"label": name, "old": fmt_value(old), "new": fmt_value(new), "note": note})
    return out


def _table_rows(change: dict) -> list[dict]:
    """The display rows of a change to a row of any table: an added or removed row's non-empty cells, or each
    changed cell, a changed number's ratio beside it."""
    if change["kind"] in ("added", "removed"):
        side = "new" if change["kind"] == "added" else "old"
        return [{"label": k, "old": None, "new": None, side: v, "note": None} for k, v in change["row"].items() if v]
    numbers = change.get("numbers") or {}
    return [{"label": name, "old": fmt_value(old), "new": fmt_value(new),
             "note": "; ".join(f"{n['old']} → {n['new']}" + (f" (× {n['ratio']})" if n["ratio"] is not None else "")
                               for n in numbers.get(name, [])) or None}
            for name, (old, new) in change["fields"].items()] + \
        [{"label": name, "old": old, "new": new, "note": "uncertain: OCR may have misread it"}
         for name, (old, new) in (change.get("uncertain") or {}).items()]


def table_notes(diff: dict, arrow: str) -> list[str]:
    """What changed in the tables themselves (`diff.tables`): a table only one version has, a column renamed,
    added or removed; one line each."""
    out = []
    for t in diff.get("tables") or []:
        name = f"table {','.join(map(str, t['old'])) or '–'} {arrow} {','.join(map(str, t['new'])) or '–'}"
        if t.get("kind"):
            out.append(f"{name}: {t['kind']} ({len(t['columns'])} columns: {', '.join(t['columns'])})")
            continue
        out += [f"{name}: column {old!r} is now {new!r}" for old, new in t["renamed"]]
        out += [f"{name}: column {c!r} added" for c in t["columns_added"]]
        out += [f"{name}: column {c!r} removed" for c in t["columns_removed"]]
    return out


def _seqs(c: dict, arrow: str) -> str:
    if "table" in c:
        tables = {k: ",".join(map(str, v)) or "–" for k, v in c["table"].items()}
        return f"table {tables['old']} {arrow} {tables['new']}, row " \
               f"{c['old_seq'] if c['old_seq'] is not None else '–'} {arrow} {c['new_seq'] if c['new_seq'] is not None else '–'}"
    return f"seq {c['old_seq'] if c['old_seq'] is not None else '–'} {arrow} " \
           f"{c['new_seq'] if c['new_seq'] is not None else '–'}"


def _place(c: dict, arrow: str) -> str:
    """'no 4 · Pilar 3 · 3.11 Jasa Logistik → no 4 · Pilar 3 · 3.5 …' for moved rows; for a row of any table, its
    section (the old and the new one for a moved row)."""
    if "table" in c:
        old, new = c["old_section"] or "", c["new_section"] or ""
        return f"{old} {arrow} {new}" if c["kind"] == "moved" else new or old
    old = f"no {c['old_no']} · {where(c['old_section'])}" if c["old_section"] else None
    new = f"no {c['new_no']} · {where(c['new_section'])}" if c["new_section"] else None
    if old and new and old != new:
        if c["kind"] == "moved":
            return f"{old} {arrow} {new}"
        return f"no {c['old_no']} {arrow} {c['new_no']} · {where(c['new_section'])}"
    return new or old or ""


def _doc_name(side: dict) -> str:
    return str(side.get("id") or side.get("read_from") or "?")


# --- JSON ---------------------------------------------------------------------

def render_json(diff: dict) -> str:
    return json.dumps(diff, ensure_ascii=False, indent=2) + "\n"


# --- plain text -----------------------------------------------------------------

def _text_marks(old, new) -> tuple[str, str]:
    """wdiff style: [-removed-] {+inserted+}."""
    if old is None or new is None:
        return old or "", new or ""
    sa, sb = word_diff(old, new)
    return marked(sa, "[-", "-]"), marked(sb, "{+", "+}")


def render_text(diff: dict) -> str:
    """For terminals: one block per change, wdiff-style marks, no colour codes."""
    lines = []
    for sign, key in (("---", "old"), ("+++", "new")):
        side = diff[key]
        src = f" ({side['read_from']})" if side.get("read_from") else ""
        lines.append(f"{sign} {key}: {_doc_name(side)}{src}, {side.get('row_count', '?')} rows")
    lines.append(counts_line(diff["summary"]))
    lines += table_notes(diff, "->")
    if not diff["changes"]:
        lines.append("No differences.")
    for c in reported(diff):
        lines.append("")
        lines.append(f"{KIND_MARK[c['kind']]} {c['kind']:<8} {_seqs(c, '->')}  {_place(c, '->')}")
        lines.append(f"  {c.get('label') or ''}")
        for r in display_rows(c):
            if c["kind"] in ("added", "removed"):
                if r["label"] != "sasaran":
                    lines.append(f"    {r['label']}: {r['old'] or r['new'] or '—'}")
                continue
            if r["old"] == r["new"]:       # context, e.g. the Kegiatan of a changed aksi
                lines.append(f"    {r['label']}: {r['old'] or '—'}")
            elif len(r["old"] or "") + len(r["new"] or "") <= 60 and r["label"] != "sasaran":
                lines.append(f"    {r['label']}: {r['old'] or '—'} -> {r['new'] or '—'}")
            else:
                a, b = _text_marks(r["old"], r["new"])
                lines.append(f"    {r['label']}:\n      old: {a or '—'}\n      new: {b or '—'}")
            if r["note"]:
                lines.append(f"      ({r['note']})")
    return "\n".join(lines) + "\n"


# --- Markdown -----------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|])")


def _md(text) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ") if text is not None else ""


def _md_marks(old, new) -> tuple[str, str]:
    if old is None or new is None:
        return _md(old) or "—", _md(new) or "—"
    sa, sb = word_diff(old, new)
    return marked(sa, "~~", "~~", _md) or "—", marked(sb, "**", "**", _md) or "—"


def render_markdown(diff: dict) -> str:
    """Counts first, then the two documents, then each change with its fields."""
    old, new = diff["old"], diff["new"]
    out = [f"# Lampiran diff: {_md(_doc_name(old))} → {_md(_doc_name(new))}", "",
           f"**{counts_line(diff['summary'], ' · ')}**", "",
           "| | old | new |", "|---|---|---|"]
    for label, key in (("document", "judul"), ("read from", "read_from"), ("rows", "row_count")):
        a, b = (side.get(key, side.get("id", "")) if key == "judul" else side.get(key, "") for side in (old, new))
        out.append(f"| {label} | {_md(a)} | {_md(b)} |")
    out.append("")
    if notes := table_notes(diff, "→"):
        out += ["## Tables", ""] + [f"- {_md(n)}" for n in notes] + [""]
    if not diff["changes"]:
        out += ["No differences.", ""]
    if not reported(diff):
        return "\n".join(out)
    out += ["## Changes", ""]
    for c in reported(diff):
        sim = f", similarity {c['similarity']}" if c.get("similarity") not in (None, 1.0) else ""
        out += [f"### {KIND_MARK[c['kind']]} {c['kind']} · {_md(_place(c, '→'))}", "",
                f"{_md(c.get('label'))} ({_seqs(c, '→')}{sim})", "",
                "| field | old | new |", "|---|---|---|"]
        notes = []
        for r in display_rows(c):
            a, b = _md_marks(r["old"], r["new"])
            out.append(f"| {_md(r['label'])} | {a} | {b} |")
            if r["note"]:
                notes.append(f"- {_md(r['label'])}: {_md(r['note'])}")
        out += [""] + (notes + [""] if notes else [])
    return "\n".join(out)


# --- HTML ---------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1rem 2rem;color:#1b1b1b}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.05rem;margin:0 0 .3rem}
.counts span{display:inline-block;margin-right:.6rem;padding:.1rem .5rem;border-radius:.6rem;background:#eee}
.counts .added{background:#d7f5dd}.counts .removed{background:#fbd9d9}.counts .changed{background:#fff0c2}.counts .moved{background:#dde7ff}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.3rem 0 .2rem}
th,td{border:1px solid #ddd;padding:.25rem .45rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th.f{width:13rem;background:#fafafa;font-weight:600}thead th{background:#f3f3f3}
section.change{border-left:5px solid #ccc;padding:.5rem .8rem;margin:1rem 0;background:#fff}
section.added{border-color:#2da44e}section.removed{border-color:#cf222e}section.changed{border-color:#d4a72c}section.moved{border-color:#3b6fd8}section.uncertain{border-color:#999;border-left-style:dashed}
.kind{font-variant:small-caps;font-weight:700;margin-right:.4rem}.meta{color:#666;font-weight:400;font-size:.9em}
.label{margin:.1rem 0 .3rem;font-style:italic}.note{color:#444;font-size:.9em;margin:.1rem 0}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}ins{background:#ccf5d3;color:#055d20;text-decoration:none}
td.empty{background:#f6f6f6}
""".strip()


def _h(text) -> str:
    return html.escape(str(text), quote=True) if text is not None else ""


def _html_marks(old, new) -> tuple[str, str]:
    if old is None or new is None:
        return _h(old), _h(new)
    sa, sb = word_diff(old, new)
    return marked(sa, "<del>", "</del>", _h), marked(sb, "<ins>", "</ins>", _h)


def render_html(diff: dict) -> str:
    """A self-contained, side-by-side report: old on the left, new on the right."""
    old, new = diff["old"], diff["new"]
    title = f"Lampiran diff: {_doc_name(old)} → {_doc_name(new)}"
    out = ["<!DOCTYPE html>", '<html lang="id">', "<head>", '<meta charset="utf-8">',
           f"<title>{_h(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{_h(title)}</h1>", '<p class="counts">' + "".join(
               f'<span class="{k}">{diff["summary"].get(k, 0)} {k}</span>' for k in KINDS) + "</p>",
           '<table class="docs"><thead><tr><th class="f"></th><th>old</th><th>new</th></tr></thead><tbody>']
    for label, key in (("document", "id"), ("judul", "judul"), ("read from", "read_from"),
                       ("rows", "row_count")):
        out.append(f'<tr><th class="f">{_h(label)}</th><td>{_h(old.get(key))}</td>'
                   f"<td>{_h(new.get(key))}</td></tr>")
    out.append("</tbody></table>")
    if notes := table_notes(diff, "→"):
        out.append('<ul class="tables">' + "".join(f"<li>{_h(n)}</li>" for n in notes) + "</ul>")
    if not diff["changes"]:
        out.append("<p>No differences.</p>")
    for n, c in enumerate(reported(diff), 1):
        sim = f", similarity {c['similarity']}" if c.get("similarity") not in (None, 1.0) else ""
        out += [f'<section class="change {c["kind"]}" id="change-{n}">',
                f'<h2><span class="kind">{c["kind"]}</span>{_h(_place(c, "→"))} '
                f'<span class="meta">({_seqs(c, "→")}{sim})</span></h2>',
                f'<p class="label">{_h(c.get("label"))}</p>',
                '<table class="sxs"><thead><tr><th class="f">field</th><th>old</th><th>new</th>'
                "</tr></thead><tbody>"]
        for r in display_rows(c):
            a, b = _html_marks(r["old"], r["new"])
            cls_a = ' class="empty"' if r["old"] is None else ""
            cls_b = ' class="empty"' if r["new"] is None else ""
            out.append(f'<tr><th class="f">{_h(r["label"])}</th><td{cls_a}>{a}</td><td{cls_b}>{b}</td></tr>')
            if r["note"]:
                out.append(f'<tr><td></td><td colspan="2" class="note">{_h(r["note"])}</td></tr>')
        out += ["</tbody></table>", "</section>"]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


RENDERERS = {"json": render_json, "text": render_text, "markdown": render_markdown,
             "html": render_html}
