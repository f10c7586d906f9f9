"""Text is data in reports: labels, notes and titles with markup come out inert in Markdown and HTML, and bidi
controls are dropped so that a U+202E in a label cannot reverse the figures after it.

The hostile texts are the views' hostile corpus (tests/test_views.py) plus Markdown's own structure: a table's
``|``, a heading's ``#``, a link, a list item, a footnote reference.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest

from influencegraph.report.document import Report
from influencegraph.textsafety import BIDI_CONTROLS

SCRIPT, IMG = "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"
HOSTILE = [SCRIPT, IMG, '"\'><svg onload=alert(3)>', "<!-- c -->", "<https://evil.example>", "a | b", "# heading",
           "- item", "1. first", "[link](javascript:alert(1))", "[^9]", "**bold** _it_ `code` ~~s~~",
           "\u202eevil 12 bn", "\u2066\u202a\u202b\u202c\u202d\u2067\u2068\u2069\u200e\u200f\u061cmarks",
           "line\nbreak\rand\u2028more"]
BIDI = "[" + "".join(chr(c) for c in sorted(BIDI_CONTROLS)) + "]"


def hostile_report() -> Report:
    """Every place data reaches in a report: title, subtitle, heading, paragraph, bullets, table caption, cells
    and column names, chart alt text and caption, footnote titles."""
    text = " ".join(HOSTILE)
    r = Report(text, subtitle=text, catalogue={"000": {"title": text, "outlet": IMG, "issued": "2025"}})
    s = r.section(text)
    s.paragraph(text, ["000 ¶1"])
    s.bullets([(h, ["000 ¶2"]) for h in HOSTILE])
    s.table(pd.DataFrame({"entity": HOSTILE, SCRIPT: HOSTILE, "capital_usd": [1e9] * len(HOSTILE),
                          "sources": [["000 ¶3"]] * len(HOSTILE)}), caption=text)
    s.chart(b"\x89PNG fake", alt=text, caption=text)
    return r


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [name for name, _v in attrs]))


def tags(html: str) -> list:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_markdown_escapes_markup_and_markdown_structure_in_every_text():
    md = hostile_report().to_markdown(charts=True)

    assert "<" not in md and ">" not in md.replace("&gt;", "")  # no tag, comment or autolink can form
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert not re.search(BIDI, md) and "\u2028" not in md
    lines = md.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert [h.split(" ", 1)[0] for h in headings] == ["#", "##", "##"]  # title, the section, Sources: no more
    assert headings[2] == "## Sources" and headings[0].startswith("# &lt;script&gt;")
    table = [line for line in lines if line.startswith("| ")]
    assert len(table) == 2 + len(HOSTILE) and {line.count(" | ") for line in table} == {3}  # four columns kept
    assert "\\| b" in md and "\\# heading" in md and "\\[link\\](javascript:alert(1))" in md
    assert "\\[^9\\]" in md and "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~" in md
    bullets = [line for line in lines if line.startswith("- ")]
    assert "- \\- item[^2]" in bullets and "- 1\\. first[^2]" in bullets  # no nested list, no ordered list
    assert "[^4]" not in md  # the three citations only: nothing forged a footnote
    assert "line break and more" in md


def test_html_escapes_markup_and_drops_bidi_controls_in_every_text():
    html = hostile_report().to_html()

    assert [t for t, _a in tags(html) if t in ("script", "svg", "iframe")] == []
    assert [(t, a) for t, a in tags(html) if any(n.startswith("on") for n in a)] == []
    assert [t for t, _a in tags(html)].count("img") == 1  # the chart, nothing from the data
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(BIDI, html)
    assert "evil 12 bn" in html


def test_a_hostile_label_in_the_project_comes_out_inert_in_real_reports(project_copy, tmp_path):
    entities = project_copy / "graph" / "entities.trig"
    text = entities.read_text(encoding="utf-8")
    label = 'skos:prefLabel "People\'s Republic of China"@en'
    assert text.count(label) == 1
    hostile = f"{SCRIPT} {IMG} | # \\u202eChina 12"  # a Turtle escape: the label holds U+202E itself
    entities.write_text(text.replace(label, f'skos:prefLabel "{hostile}"@en'), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD")}

    def report(*args):
        proc = subprocess.run([sys.executable, "-m", "influencegraph", "report", "centrality", "--top", "5", "-q",
                               "--root", str(project_copy), *args], capture_output=True, text=True, env=env,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc

    md = report("-f", "md").stdout
    report("-o", str(tmp_path / "c.html"))
    html = (tmp_path / "c.html").read_text(encoding="utf-8")

    row = next(line for line in md.splitlines() if "China 12" in line)
    assert row.startswith("| &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; \\| \\# "
                          "China 12 | State |")
    assert "<script" not in md and "<img" not in md and "\u202e" not in md
    assert [t for t, _a in tags(html) if t == "script"] == []
    assert [(t, a) for t, a in tags(html) if any(n.startswith("on") for n in a)] == []
    assert html.count("<img ") == html.count('<img src="data:image/png;base64,')  # charts only
    assert "\u202e" not in html and "&lt;img src=x onerror=alert(1)&gt; | # China 12</td>" in html
