"""The pages a reader sees: no empty chart, Markdown that parses as meant, and A4 portrait without clipping."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import KHARKIV, ROOT
from markdown_it import MarkdownIt

from analysis import compare, load_finding, report

#: A finding as a foreign database gives it: no date codes at all, long ids and names, an unknown brand.
LONG_ID = "navigation-equipment-kometa-r8-of-the-9m723-1-iskander-m-missile-" + "x" * 60
UNDATED = (
    "finding_id,component_id,manufacturer,hq_country,part_number\n"
    + "".join(
        f"{LONG_ID},C-{i},Company US-{i % 3:02d} International Semiconductor Corporation,US,P{i}\n" for i in range(6)
    )
    + f"{LONG_ID},C-9,,,{'Z' * 90}\n"
)
#: A4 portrait in PDF points (72 per inch).
A4 = (595, 842)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Reports of the Kharkiv reconstruction (compared with the bundled synthetic finding) and of an undated one."""
    out = tmp_path_factory.mktemp("pages")
    undated = out / "undated.csv"
    undated.write_text(UNDATED, encoding="utf-8")
    entries = report.write_reports([KHARKIV, undated], out / "reports", library=[ROOT / "datasets" / "findings"])
    assert not [entry.error for entry in entries if entry.error]
    comparison = report.write_comparison(
        compare(load_finding(undated), load_finding(KHARKIV)), out / "compare"
    )  # fmt: skip
    return out / "reports", comparison


def test_a_finding_with_nothing_dated_gets_a_note_instead_of_date_charts(pages):
    reports, _ = pages
    folder = reports / LONG_ID
    assert sorted(path.name for path in folder.glob("*.png")) == ["chpl.png", "origins.png"]  # no date charts
    note = "No part carries a date code that decodes, so there is no chart by date"
    assert note in (folder / "index.html").read_text() and note in (folder / "report.md").read_text()
    dated = reports / KHARKIV.stem
    assert {"years.png", "origin_years.png", "timeline.png"} <= {path.name for path in dated.glob("*.png")}
    assert note not in (dated / "index.html").read_text()


@pytest.mark.parametrize("finding_id", [KHARKIV.stem, LONG_ID])
def test_report_md_parses_as_meant(pages, finding_id):
    reports, _ = pages
    text = (reports / finding_id / "report.md").read_text()
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings[:4] == [
        "Where the parts come from", "When the parts were made", "Export controls: the Common High Priority List",
        "Rows not counted",
    ]  # fmt: skip
    assert headings[-1] == "Provenance"
    # every block of lines starting with "|" is a table, none a paragraph of pipes
    blocks = len(re.findall(r"(?:^|\n\n)\|", text))
    assert sum(t.type == "table_open" for t in tokens) == blocks > 0
    assert not [t.content for t in tokens if t.type == "inline" and t.content.startswith("|")]
    # the headlines and the three counts of rows not counted are list items, one each
    summary = json.loads((reports / finding_id / "summary.json").read_text())
    lists = _lists(tokens)
    assert len(lists[0]) == len(report.headlines(summary)) >= 2
    counts = [[item.split(":")[0] for item in items] for items in lists]
    assert ["Unknown origin", "Date codes that do not decode", "Rejected rows"] in counts
    images = [t for t in tokens if t.type == "inline" for t in t.children or [] if t.type == "image"]
    assert images and all((reports / finding_id / image.attrs["src"]).exists() for image in images)


def _lists(tokens) -> list[list[str]]:
    """The text of each bullet list's items, list by list."""
    lists = []
    for i, token in enumerate(tokens):
        if token.type == "bullet_list_open":
            lists.append([])
        elif token.type == "list_item_open":
            lists[-1].append(tokens[i + 2].content)
    return lists


def _a4_without_clipping(pdf: bytes, name: str) -> None:
    """Every page of the PDF is A4 portrait and nothing (text, image, rule) lies beyond its right edge."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert document.pages, name
        for number, page in enumerate(document.pages, start=1):
            assert (round(page.width), round(page.height)) == A4, f"{name} page {number}"
            objects = page.chars + page.images + page.rects + page.lines
            outside = [o.get("text", o["object_type"]) for o in objects if o["x1"] > page.width or o["x0"] < 0]
            assert not outside, f"{name} page {number}: {''.join(outside[:60])}"


def test_every_page_prints_on_a4_portrait_without_clipping(pages):
    import weasyprint

    reports, comparison = pages
    for page in [reports / "index.html", reports / LONG_ID / "index.html", comparison]:
        _a4_without_clipping(weasyprint.HTML(filename=page).write_pdf(), str(page))


def test_the_written_pdf_is_a4_portrait_without_clipping(tmp_path):
    report.write_reports([KHARKIV], tmp_path, formats=("pdf",), library=[ROOT / "datasets" / "findings"])
    _a4_without_clipping((tmp_path / KHARKIV.stem / "report.pdf").read_bytes(), "report.pdf")


def test_a_comparison_of_a_few_parts_draws_both_charts(write, tmp_path):
    # an origin with 0 of 5 parts has a Wilson low bound a rounding error above 0: the chart still draws
    rows = "".join(f"few,{i},Company {c},{c},2{i}10\n" for i, c in enumerate(["US", "TW", "GB", "IL", "KR"]))
    path = write("few.csv", "finding_id,component_id,manufacturer,hq_country,date_code\n" + rows)
    page = report.write_comparison(compare(load_finding(path), load_finding(KHARKIV)), tmp_path / "compare")
    assert page.read_text().count('<img alt="') == 2
