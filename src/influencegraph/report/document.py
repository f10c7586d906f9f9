"""A report as data — sections of paragraphs, tables and charts, each figure citing its sources — and its two
renderings, Markdown and self-contained HTML, registered by name.

Sources are cited as locators (``"000 ¶5"``). The first time a locator is cited it gets the next footnote number;
every later citation reuses it. Each footnote names the document (title, outlet, year) and the paragraph. In a
table, a ``sources`` column becomes the footnote references of its row; in a paragraph, they follow the sentence.

Everything drawn from data is escaped: ``|`` and line breaks in Markdown cells, ``<``, ``>``, ``&`` and quotes in
HTML. The HTML page loads nothing: styles are inline, charts are ``data:`` images, and its Content Security
Policy forbids scripts and requests.

Examples
--------
>>> import pandas as pd
>>> r = Report("Demo", catalogue={"000": {"title": "A paper", "outlet": "CGSP", "issued": "2025"}})
>>> s = r.section("Capital")
>>> s.paragraph("China lists USD 12 bn.", ["000 ¶5"])
>>> s.table(pd.DataFrame({"origin": ["China"], "capital_usd": [12e9], "sources": [["000 ¶5"]]}))
>>> print(r.to_markdown(), end="")
# Demo
<BLANKLINE>
## Capital
<BLANKLINE>
China lists USD 12 bn.[^1]
<BLANKLINE>
| origin | capital | sources |
| --- | --- | --- |
| China | USD 12 bn | [^1] |
<BLANKLINE>
## Sources
<BLANKLINE>
[^1]: 000 ¶5 — A paper (CGSP, 2025), paragraph 5.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..registry import Registry
from ..textsafety import strip_bidi
from ..formatting import cell_text, column_title

__all__ = ["Report", "Section", "RENDERERS", "register_renderer"]

RENDERERS = Registry("report format")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def register_renderer(name: str):
    """Register a function ``(report, **options) -> str`` as the rendering called ``name``."""
    return RENDERERS.register(name)


@dataclass
class Paragraph:
    text: str
    sources: list = field(default_factory=list)


@dataclass
class Bullets:
    items: list  # of Paragraph


@dataclass
class Table:
    frame: object
    caption: str | None = None
    columns: list | None = None


@dataclass
class Chart:
    png: bytes
    alt: str
    caption: str | None = None


@dataclass
class Section:
    heading: str
    blocks: list = field(default_factory=list)

    def paragraph(self, text: str, sources=()) -> None:
        """A paragraph; ``sources`` (locators) are cited at its end."""
        self.blocks.append(Paragraph(text, list(sources)))

    def bullets(self, items) -> None:
        """A list of ``(text, sources)`` items."""
        self.blocks.append(Bullets([Paragraph(t, list(s)) for t, s in items]))

    def table(self, frame, caption: str | None = None, columns=None) -> None:
        """A DataFrame as a table (``columns``: which, in order); its ``sources`` column becomes footnotes."""
        self.blocks.append(Table(frame, caption, list(columns) if columns is not None else None))

    def chart(self, png: bytes | None, alt: str, caption: str | None = None) -> None:
        """A PNG image (skipped when ``png`` is ``None``, e.g. nothing to plot)."""
        if png:
            self.blocks.append(Chart(png, alt, caption))


class Report:
    """A titled report of sections, with numbered source footnotes.

    Parameters
    ----------
    title : str
    subtitle : str, optional
    catalogue : dict, optional
        Source number (``"000"``) → ``{"title", "outlet", "issued"}``, for the footnotes.
    """

    def __init__(self, title: str, subtitle: str | None = None, catalogue: dict | None = None):
        self.title = title
        self.subtitle = subtitle
        self.catalogue = catalogue or {}
        self.sections: list[Section] = []

    def section(self, heading: str) -> Section:
        section = Section(heading)
        self.sections.append(section)
        return section

    # ---------------------------------------------------------------- footnotes
    def footnotes(self) -> dict[str, int]:
        """Locator → footnote number, in order of first citation."""
        numbers: dict[str, int] = {}
        for section in self.sections:
            for block in section.blocks:
                for cited in _citations(block):
                    numbers.setdefault(cited, len(numbers) + 1)
        return numbers

    def footnote_text(self, locator: str) -> str:
        doc, _, paragraph = locator.partition(" ¶")
        entry = self.catalogue.get(doc[:3])
        where = f", paragraph {paragraph}." if paragraph else "."
        if not entry:
            return f"{locator}{where}"
        details = ", ".join(x for x in (entry.get("outlet"), entry.get("issued")) if x)
        return f"{locator} — {entry.get('title', doc)}" + (f" ({details})" if details else "") + where

    # ---------------------------------------------------------------- renderings
    def render(self, fmt: str, **options) -> str:
        return RENDERERS.get(fmt)(self, **options)      # an unknown format raises UnknownName, a ValueError

    def to_markdown(self, image_dir=None, charts: bool = True) -> str:
        """Markdown; charts as PNG files in ``image_dir`` (else embedded ``data:`` images; none if not ``charts``)."""
        return self.render("md", image_dir=image_dir, charts=charts)

    def to_html(self) -> str:
        return self.render("html")

    def save(self, path, fmt: str | None = None) -> Path:
        """Write the report atomically; Markdown charts go to ``<name>_files/`` beside it. Returns the path.

        Only regular files are written: a link, folder, FIFO or device at ``path`` (or in the charts folder) is
        refused with :class:`~influencegraph.outputs.OutputError` before anything is written."""
        from ..outputs import atomic_write, check_target
        path = Path(path)
        fmt = fmt or SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise ValueError(f"{path}: say --format md or html (or use a .md or .html name)")
        check_target(path)
        options = {}
        if fmt == "md":
            options["image_dir"] = path.parent / f"{path.stem}_files"
        atomic_write(path, self.render(fmt, **options).encode("utf-8"))
        return path


def _citations(block):
    if isinstance(block, Paragraph):
        yield from block.sources
    elif isinstance(block, Bullets):
        for item in block.items:
            yield from item.sources
    elif isinstance(block, Table) and "sources" in getattr(block.frame, "columns", ()):
        for cell in block.frame["sources"]:
            yield from (cell or ())


def _columns(table: Table) -> list[str]:
    cols = table.columns or list(table.frame.columns)
    if "sources" in table.frame.columns and "sources" not in cols:
        cols.append("sources")
    return cols


# ---------------------------------------------------------------------------- Markdown
_MD_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " ", "\x00": "\ufffd"})
#: Characters that make inline Markdown structure (emphasis, links, code, tables, strike-through, headings)
_MD_INLINE = re.compile(r"([\\`*_\[\]|~#!])")
#: At the start of a block: list items, thematic breaks and setext underlines, ordered lists
_MD_BLOCK_START = re.compile(r"^([-+=]|[0-9]+(?=[.)]))")


def _md_escape(text: str, block: bool = True) -> str:
    """Data as Markdown text that renders as itself: HTML is escaped (``<``, ``>``, ``&`` as entities, so no tag,
    comment or autolink forms), Markdown punctuation is backslash-escaped, line breaks become spaces, bidi
    controls are dropped, and (with ``block``, for text that starts a line) what would open a block (``- ``,
    ``1.``, ``---``) is escaped at the start; table cells (``block=False``) need not, so ``0.5`` stays as it is.

    >>> _md_escape("<img src=x onerror=alert(1)> *a* | [b](c) & 1.")
    '&lt;img src=x onerror=alert(1)&gt; \\\\*a\\\\* \\\\| \\\\[b\\\\](c) &amp; 1.'
    >>> _md_escape("- x"), _md_escape("1. x"), _md_escape("\u202e12")
    ('\\\\- x', '1\\\\. x', '12')
    """
    text = strip_bidi(str(text)).translate(_MD_BREAKS).lstrip()
    text = _MD_INLINE.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    match = _MD_BLOCK_START.match(text) if block else None
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if match.group(1)[0].isdigit() else "\\" + text
    return text


@register_renderer("md")
def render_markdown(report: Report, image_dir=None, charts: bool = True) -> str:
    notes = report.footnotes()

    def refs(sources) -> str:
        return "".join(f"[^{n}]" for n in sorted({notes[s] for s in sources or ()}))

    out = [f"# {_md_escape(report.title)}", ""]
    if report.subtitle:
        out += [f"*{_md_escape(report.subtitle)}*", ""]
    n_charts = 0
    for section in report.sections:
        out += [f"## {_md_escape(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out += [_md_escape(block.text) + refs(block.sources), ""]
            elif isinstance(block, Bullets):
                out += [f"- {_md_escape(p.text)}{refs(p.sources)}" for p in block.items] + [""]
            elif isinstance(block, Table):
                cols = _columns(block)
                if block.caption:
                    out += [f"*{_md_escape(block.caption)}*", ""]
                out.append("| " + " | ".join(_md_escape(column_title(c), block=False) for c in cols) + " |")
                out.append("| " + " | ".join("---" for _ in cols) + " |")
                for _i, row in block.frame.iterrows():
                    cells = [refs(row[c]) if c == "sources" else _md_escape(cell_text(c, row[c]), block=False)
                             for c in cols]
                    out.append("| " + " | ".join(cells) + " |")
                if block.frame.empty:
                    out.append("| " + " | ".join("–" for _ in cols) + " |")
                out.append("")
            elif isinstance(block, Chart) and charts:
                n_charts += 1
                if image_dir is not None:
                    from urllib.parse import quote

                    from ..outputs import atomic_write, make_folder
                    folder = make_folder(image_dir)  # refuses a link or a file in its place
                    name = f"chart-{n_charts}.png"
                    atomic_write(folder / name, block.png)  # a regular file, or refused
                    target = quote(f"{folder.name}/{name}")
                else:
                    target = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
                out += [f"![{_md_escape(block.alt)}]({target})", ""]
                if block.caption:
                    out += [f"*{_md_escape(block.caption)}*", ""]
    if notes:
        out += ["## Sources", ""]
        out += [f"[^{n}]: {_md_escape(report.footnote_text(loc))}" for loc, n in notes.items()]
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------- HTML
_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:72rem;margin:2rem auto;
padding:0 1rem;color:#1d2430}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d5dae1;padding-bottom:.2rem}
.subtitle{color:#5a6472;margin-top:0}table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.9rem}
th,td{border:1px solid #d5dae1;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f2f4f7}
td.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-style:italic;color:#5a6472}
sup a,td.src a{text-decoration:none}td.src{font-size:.8rem;max-width:14rem}img{max-width:100%;height:auto}
figure{margin:1rem 0}figcaption{color:#5a6472;font-style:italic}
ol.notes{font-size:.88rem;color:#39424e}
"""
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@register_renderer("html")
def render_html(report: Report) -> str:
    def esc(text) -> str:  # data is text: markup escaped, bidi controls dropped (they would reorder figures)
        return html.escape(strip_bidi(str(text)))

    notes = report.footnotes()

    def links(sources) -> str:
        cited = sorted({notes[s]: s for s in sources or ()}.items())
        return ", ".join(f'<a href="#fn-{n}" title="{esc(s)}">{n}</a>' for n, s in cited)

    def refs(sources) -> str:
        return f"<sup>[{links(sources)}]</sup>" if sources else ""

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(report.title)}</title><style>{_STYLE}</style></head><body>",
           f"<h1>{esc(report.title)}</h1>"]
    if report.subtitle:
        out.append(f'<p class="subtitle">{esc(report.subtitle)}</p>')
    for section in report.sections:
        out.append(f"<h2>{esc(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(f"<p>{esc(block.text)}{refs(block.sources)}</p>")
            elif isinstance(block, Bullets):
                out.append("<ul>" + "".join(f"<li>{esc(p.text)}{refs(p.sources)}</li>" for p in block.items)
                           + "</ul>")
            elif isinstance(block, Table):
                cols = _columns(block)
                out.append("<table>")
                if block.caption:
                    out.append(f"<caption>{esc(block.caption)}</caption>")
                out.append("<thead><tr>" + "".join(f"<th>{esc(column_title(c))}</th>" for c in cols)
                           + "</tr></thead><tbody>")
                for _i, row in block.frame.iterrows():
                    cells = []
                    for c in cols:
                        if c == "sources":
                            cells.append(f'<td class="src">{links(row[c])}</td>')
                        else:
                            text = cell_text(c, row[c])
                            numeric = text[:1].isdigit() or text.startswith(("USD ", "−", "-"))
                            cells.append(f'<td class="num">{esc(text)}</td>' if numeric else f"<td>{esc(text)}</td>")
                    out.append("<tr>" + "".join(cells) + "</tr>")
                out.append("</tbody></table>")
            elif isinstance(block, Chart):
                data = base64.b64encode(block.png).decode("ascii")
                caption = f"<figcaption>{esc(block.caption)}</figcaption>" if block.caption else ""
                out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{esc(block.alt)}">{caption}</figure>')
    if notes:
        out.append("<h2>Sources</h2><ol class=\"notes\">")
        out += [f'<li id="fn-{n}">{esc(report.footnote_text(loc))}</li>' for loc, n in notes.items()]
        out.append("</ol>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
