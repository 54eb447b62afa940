"""Markdown: modified and added words in bold, cuts as [...], then a legend and a list of the cuts."""

from __future__ import annotations

import re

from unspin.edit.ledger import CUT_MARK, EditKind
from unspin.ingest.outlet import UNKNOWN
from unspin.render import legend
from unspin.render.layout import Block, Segment, counts, layout, why
from unspin.report import Report

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_CORE = re.compile(r"\w(?:.*\w)?", re.DOTALL)
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)](?:\s|$)))")


def escape(text: str) -> str:
    """Backslash-escape characters that Markdown would read as inline markup."""
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def escape_block_start(text: str) -> str:
    """Escape a leading '#', '>', '-', '+', '=' or '1.' that would start a heading, quote or list."""
    match = _BLOCK_START.match(text)
    if not match:
        return text
    lead, marker = match.groups()
    if marker.isdigit():  # "1984. The year" must not become an ordered list
        return f"{lead}{marker}\\{text[match.end()]}{text[match.end() + 1 :]}"
    return f"{lead}\\{text[len(lead) :]}"


def render_markdown(report: Report) -> str:
    page = layout(report)
    lead, body = page.split()
    lines: list[str] = []
    for block in lead:
        lines += [f"# {_inline(block)}" if block.heading else _paragraph(block), ""]
    if page.title:
        lines += [f"# {escape(page.title)}", ""]
    lines += _meta(report)
    for block in body:
        lines += [_paragraph(block), ""]
    lines += ["---", "", *_legend(), ""]
    cuts = [edit for _, edit in page.edits if edit.kind is EditKind.CUT]
    if cuts:
        lines += ["**Cuts**", ""]
        lines += [f"- {CUT_MARK} #{n}: cut '{escape(edit.original)}'{_why(edit)}" for n, edit in enumerate(cuts, 1)]
        lines.append("")
    changes = [edit for _, edit in page.edits if edit.kind in (EditKind.MODIFY, EditKind.ADD)]
    if changes:
        lines += ["**Changes**", ""]
        for n, edit in enumerate(changes, 1):
            if edit.kind is EditKind.MODIFY:
                what = f"'{escape(edit.replacement.strip())}' was '{escape(edit.original)}'"
            else:
                what = f"added '{escape(edit.replacement.strip())}'"
                if edit.source:
                    what += f" (Added from {escape(edit.source)})"
            lines.append(f"- #{n}: {what}{_why(edit)}")
        lines.append("")
    flags = [edit for _, edit in page.edits if edit.kind is EditKind.FLAG]
    if flags:
        lines += ["**Flags**", ""]
        lines += [f"- #{n}: '{escape(edit.original)}' kept as written{_why(edit)}" for n, edit in enumerate(flags, 1)]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _meta(report: Report) -> list[str]:
    n = counts(report)
    parts = (report.outlet_name or UNKNOWN, f"By {report.author}" if report.author else None, report.published)
    byline = [part for part in parts if part]
    lines = []
    if byline:
        lines.append(f"*{escape(' · '.join(byline))}*  ")
    lines.append(f"Source: {escape(report.url or report.source)}")
    lines += [
        "",
        f"{n['cut']} cut{'s' * (n['cut'] != 1)} · {n['modify']} modification{'s' * (n['modify'] != 1)} · "
        f"{n['add']} addition{'s' * (n['add'] != 1)} · {n['flag']} flagged · {n['boilerplate_lines']} "
        f"line{'s' * (n['boilerplate_lines'] != 1)} of web furniture removed",
        "",
    ]
    return lines


def _legend() -> list[str]:
    return [
        f"- {legend.MODIFIED} (In this Markdown version: **bold**.)",
        f"- {legend.CUT} {legend.EXAMPLE}",
        f"- {legend.FLAGGED_MARKDOWN}",
        f"- {legend.LEDGER_MARKDOWN}",
    ]


def _why(edit) -> str:
    text = why(edit)
    return f" — {escape(text)}" if text else ""


def _paragraph(block: Block) -> str:
    text = _inline(block)
    first = block.segments[0] if block.segments else None
    if first is not None and first.edit is None:
        text = escape_block_start(text)
    return text


def _inline(block: Block) -> str:
    out: list[str] = []
    segs = block.segments
    for index, seg in enumerate(segs):
        following = segs[index + 1].text[:1] if index + 1 < len(segs) else ""
        out.append(_segment(seg, following))
    return "".join(out)


def _segment(seg: Segment, following: str) -> str:
    if seg.edit is None:
        return escape(seg.text)
    if seg.edit.kind is EditKind.FLAG:
        return _emphasis(seg.text, "*")
    if seg.edit.kind is EditKind.CUT:
        # "[...](" or "[...]:" would be read as a link; escape the brackets there.
        if seg.text != CUT_MARK:
            return escape(seg.text)
        return escape(CUT_MARK) if following in ("(", ":", "[") else CUT_MARK
    return _emphasis(seg.text, "**")


def _emphasis(text: str, marker: str) -> str:
    """Wrap only the word-character core: "**, by 7 votes**" after a letter would not be
    read as emphasis (CommonMark flanking rules), ", **by 7 votes**" always is."""
    match = _CORE.search(text)
    if not match:
        return escape(text)
    before, core, after = text[: match.start()], match.group(), text[match.end() :]
    return f"{escape(before)}{marker}{escape(core)}{marker}{escape(after)}"
