"""Write the bad-input corpus: broken and hostile finding files, as they come from the field.

Run from anywhere (``python tests/data/bad/make_corpus.py``); it rewrites the files beside it. What each file
must produce is in ``expected.yaml``, written by hand. The files are committed, so the tests need not run this.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "finding_id,component_id,category,part_number,manufacturer,hq_country,date_code,notes"
GOOD = [
    "bad-1,1,microcontroller,STM32F405,STMicroelectronics,CH,2231,",
    "bad-1,2,memory,0805,Texas Instruments,US,0952,",
    "bad-1,3,passive,0603,Murata,JP,,",
]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def text_files() -> dict[str, str]:
    return {
        "header-only.csv": csv_text(),
        "blank-lines-only.csv": "\n\n   \n\n",
        "semicolon.csv": csv_text(*(row.replace(",", ";") for row in GOOD), header=HEADER.replace(",", ";")),
        "tab.csv": csv_text(*(row.replace(",", "\t") for row in GOOD), header=HEADER.replace(",", "\t")),
        "quoted-newlines.csv": csv_text(
            'bad-1,1,microcontroller,STM32F405,STMicroelectronics,CH,2231,"marking worn;\nread from\nthe photo"',
            'bad-1,2,memory,"IS61WV\n5128",ISSI,ZZ,1822,"say ""hi"""',
            "bad-1,3,passive,0603,Murata,JP,,",
        ),
        "ragged-extra-value.csv": csv_text(GOOD[0], GOOD[1] + ",stray", GOOD[2]),
        "unclosed-quote.csv": csv_text(GOOD[0], 'bad-1,2,memory,0805,Texas Instruments,US,0952,"no end', GOOD[2]),
        "trailing-empty.csv": csv_text(*(row + ",," for row in GOOD), ",,,,,,,,,", ",,,,", "", header=HEADER + ",,"),
        "short-rows.csv": csv_text("bad-1,1,microcontroller", "bad-1,2", GOOD[2]),
        "header-case-spaces.csv": csv_text(
            *GOOD, header=" Finding_ID , COMPONENT_ID ,Category,Part Number, Manufacturer,HQ_Country,Date Code,Notes "
        ),
        "duplicate-header.csv": csv_text(*GOOD, header=HEADER.replace("notes", "Manufacturer")),
        "missing-column.csv": "finding_id,part_number\nbad-1,0805\n",
        "duplicate-ids.csv": csv_text(GOOD[0], GOOD[1], GOOD[1].replace("0805", "0806"), GOOD[2]),
        "empty-finding-id.csv": csv_text(GOOD[0], "," + GOOD[1].split(",", 1)[1], GOOD[2]),
        "bad-country.csv": csv_text(GOOD[0], GOOD[1].replace(",US,", ",Atlantis,"), GOOD[2].replace(",JP,", ",USA,")),
        "bad-date.csv": "finding_id,component_id,recovered_on\nbad-1,1,2024-01-02\nbad-1,2,02/01/2024\n",
        "unknown-category.csv": csv_text(GOOD[0], GOOD[1].replace("memory", "flux_capacitor"), GOOD[2]),
        "formula-injection.csv": csv_text(
            'bad-1,1,other,"=HYPERLINK(""http://x.example"",""click"")",+cmd,,,',
            "bad-1,2,other,-2+3,@SUM(A1),,,=1+1",
            'bad-1,3,other,"\tTAB",Murata,JP,,',
        ),
        "html-injection.csv": csv_text(
            'bad-1,1,other,<script>alert(1)</script>,<b>Evil</b> Corp,,,"""><img src=x onerror=alert(1)>"',
            "bad-1,2,other,0805,Murata,JP,2231,<iframe src=javascript:alert(1)>",
        ),
        "path-traversal.csv": csv_text(GOOD[0], "../../etc,2,memory,0805,,,,", GOOD[2]),
        "long-cell.csv": csv_text(GOOD[0], GOOD[1] + "x" * 200_000, GOOD[2]),
        "finding.txt": csv_text(*GOOD),
        "not-a-list.json": '{"finding_id": "bad-1", "component_id": "1"}\n',
        "broken.json": '[{"finding_id": "bad-1", "component_id": "1"},\n'
        ' {"finding_id": "bad-1" "component_id": "2"}]\n',
        "records.json": '[{"finding_id": "bad-1", "component_id": 1, "part_number": "0805"},\n'
        ' {"finding_id": "bad-1", "component_id": 2, "hq_country": "ZZ"}, {}]\n',
        "not-a-mapping.yaml": "- finding_id\n- component_id\n",
        "blank-before-header.csv": "\n  \n" + csv_text(GOOD[0], "", GOOD[1], "\t", GOOD[2]),
        "wide-header.csv": csv_text(",".join(["bad-1", "1"] + [""] * 999), header=HEADER + "," * 993),
        "bad-sidecar.csv": csv_text(*GOOD),
        "bad-sidecar.yaml": "title: [1, 2]\nrecovered_on: 2024-13-45\n",
    }


def binary_files() -> dict[str, bytes]:
    euro = csv_text(
        "bad-1;1;passive;R-0805;Müller Elektronik;DE;2231;rated 25 °C",
        "bad-1;2;memory;0805;Texas Instruments;US;0952;réparé",
        header=HEADER.replace(",", ";"),
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "not a workbook")
    return {
        "empty.csv": b"",
        "png-renamed.csv": PNG,
        "png-renamed.xlsx": PNG,
        "zip-renamed.xlsx": archive.getvalue(),
        "xls-renamed.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "utf8-bom.csv": b"\xef\xbb\xbf" + csv_text(*GOOD).encode(),
        "utf16-excel-unicode.csv": csv_text(*(row.replace(",", "\t") for row in GOOD), header=HEADER.replace(",", "\t"))
        .replace("\n", "\r\n")
        .encode("utf-16"),
        "cp1252-euro.csv": euro.encode("cp1252"),
        "undecodable.csv": euro.encode("cp1252").replace(b"\xe9", b"\x81"),
        "damaged-utf8.csv": euro.encode("utf-8").replace("réparé".encode(), b"r\xe9par\xc3"),
        "corrupt.parquet": parquet()[:300],
        "two-sheets.xlsx": workbook(),
        "binary-not-utf8.parquet": binary_parquet(),
        "twice-named.parquet": twice_named_parquet(),
        "sparse-range.xlsx": sparse_workbook("XFD2"),
        "tall-range.xlsx": sparse_workbook("K2"),
        "short-dimension.xlsx": declaring(good_workbook(), "A1:B2"),
        "hidden-range.xlsx": declaring(good_workbook(far="K2000"), "A1:H4"),
    }


def binary_parquet() -> bytes:
    """A notes column of raw bytes that are not UTF-8 text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [row.split(",") for row in GOOD]
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADER.split(",")[:-1])})
    table = table.append_column("notes", pa.array([b"ok", b"\xff\xfe\x00", b""], pa.binary()))
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def twice_named_parquet() -> bytes:
    """A column named twice, ``component_id`` (Parquet allows it; a finding cannot have it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [row.split(",") for row in GOOD]
    names = [*HEADER.split(","), "component_id"]
    columns = [pa.array([row[i] for row in rows]) for i in range(len(names) - 1)] + [pa.array(["4", "5", "6"])]
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(columns, names=names), buffer)
    return buffer.getvalue()


def sparse_workbook(far: str) -> bytes:
    """Three rows, and two cells far away (the last row, and ``far``): a few KB whose used range is huge."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "components"
    for row in [HEADER, *GOOD]:
        sheet.append(row.split(","))
    sheet["A1048576"], sheet[far] = "x", "y"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_workbook(far: str | None = None) -> bytes:
    """The good rows in a workbook, as Excel writes them, and a cell at ``far`` if given."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "components"
    for row in [HEADER, *GOOD]:
        book.active.append(row.split(","))
    if far:
        book.active[far] = "far"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def declaring(workbook: bytes, dimension: str) -> bytes:
    """``workbook`` with its sheet's declared ``<dimension>`` replaced, smaller than the cells the sheet holds."""
    import re

    source, buffer = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>'.encode(), data)
            out.writestr(part, data)
    return buffer.getvalue()


def parquet() -> bytes:
    import pandas as pd

    buffer = io.BytesIO()
    pd.DataFrame([row.split(",") for row in GOOD], columns=HEADER.split(",")).to_parquet(buffer, index=False)
    return buffer.getvalue()


def workbook() -> bytes:
    """A notes sheet first, the components second; numbers where Excel would have put them, and dates."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "Photographed 2024-01-05; see the components sheet."
    sheet = book.create_sheet("Components")
    sheet.append(["finding_id", "component_id", "part_number", "date_code", "recovered_on", None])
    sheet.append(["bad-1", 1, "0805", "0952", dt.datetime(2024, 1, 2), None])
    sheet.append(["bad-1", 2, 805, 952, dt.datetime(2024, 1, 2), None])
    sheet.append([None] * 6)
    sheet.append(["bad-1", 3, "LM317", "2311A", "2024-01-02", "no header"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    for name, text in text_files().items():
        (HERE / name).write_text(text, encoding="utf-8", newline="")
    for name, data in binary_files().items():
        (HERE / name).write_bytes(data)
