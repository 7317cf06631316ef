"""The maker-aware date-code formats: the reference table, its examples, real markings and a property test."""

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import load_finding
from analysis.datecodes import _IEC_YEARS, _MONTH_LETTERS, _SIX_WEEK_STARTS, date_formats, decode_date_codes
from analysis.resources import read_reference

TABLE = read_reference("date_code_formats")
MARKINGS = pd.read_csv(Path(__file__).parent / "data" / "markings.csv", dtype=str, keep_default_na=False)
GROUPS = re.compile(r"\(\?P<(\w+)>")


def decode(code: str, company: str | None, recovered_on, **options) -> pd.Series:
    return decode_date_codes(pd.Series([code]), recovered_on, companies=pd.Series([company]), **options).iloc[0]


def first_company(row) -> str | None:
    return row.company.split(";")[0] if isinstance(row.company, str) else None


def test_table_rows_are_complete_and_consistent():
    companies = set(read_reference("manufacturers")["company"])
    assert TABLE["source"].str.len().gt(20).all(), "every row names its source"
    for row in TABLE.itertuples():
        fields = row.fields.split() if isinstance(row.fields, str) else []
        assert GROUPS.findall(row.pattern) == fields, row.format
        assert set(GROUPS.findall(row.pattern)) <= {"y", "yy", "yyyy", "yl", "ww", "p", "m", "ml", "d"}, row.format
        assert (row.week in ("iso", "jan1", "six")) == bool({"ww", "p"} & set(fields)), row.format
        if isinstance(row.strip, str):
            re.compile(row.strip)
        for company in str(row.company).split(";") if isinstance(row.company, str) else []:
            assert company in companies, f"{row.format}: {company} is not in manufacturers.csv"
        assert row.example_from in ("source", "legend")
    # the minimum: these makers (or their families) have formats of their own
    makers = set(";".join(TABLE["company"].dropna()).split(";"))
    for maker in (
        "Texas Instruments", "National Semiconductor", "Analog Devices", "Linear Technology", "Maxim Integrated",
        "Microchip Technology", "Atmel", "Microsemi",
        "STMicroelectronics", "NXP Semiconductors", "Freescale Semiconductor", "Infineon Technologies",
        "International Rectifier", "Cypress Semiconductor", "onsemi", "Fairchild Semiconductor", "Xilinx", "AMD",
        "Intel", "Altera", "Silicon Labs", "Samsung Electronics", "SK hynix", "Micron Technology", "Vishay",
        "Murata Manufacturing", "TDK", "Yageo", "u-blox", "Renesas Electronics",
    ):  # fmt: skip
        assert maker in makers, maker


@pytest.mark.parametrize("row", list(TABLE.itertuples()), ids=lambda row: f"{row.format}:{row.example}")
def test_every_row_decodes_its_own_example(row):
    alone = date_formats(TABLE.iloc[[row.Index]])
    expected = (row.example_first_day, row.example_last_day)
    for formats in (alone, None):  # the row by itself, then the whole table in its order
        out = decode(row.example, first_company(row), row.example_recovered_on, formats=formats)
        assert pd.isna(out.problem), (row.format, out.problem)
        if isinstance(row.example_first_day, str):
            assert (f"{out.first_day:%Y-%m-%d}", f"{out.last_day:%Y-%m-%d}") == expected, row.format
        else:
            assert pd.isna(out.first_day) and out.no_date and out.format == row.format
    assert decode(row.example, first_company(row), row.example_recovered_on, formats=alone).format == row.format


@pytest.mark.parametrize("row", list(MARKINGS.itertuples()), ids=lambda row: row.marking)
def test_real_markings_decode_to_their_reading_or_say_they_are_ambiguous(row):
    out = decode(row.marking, row.company or None, row.recovered_on)
    if row.expect == "no date":
        assert pd.isna(out.first_day) and pd.isna(out.problem) and out.no_date
        return
    if row.expect == "problem":
        assert pd.notna(out.problem)
        return
    assert pd.isna(out.problem), out.problem
    year, unit = int(row.year), ("week", int(row.week)) if row.week else ("month", int(row.month))
    if (out.year, getattr(out, unit[0])) == (year, unit[1]):
        return
    # not the first reading: then it must be flagged, with the true year among the other readings
    assert out.ambiguous, f"{row.marking} read silently as {out.year} {unit[0]} {getattr(out, unit[0])}"
    assert out.other_first_day.year <= year <= out.other_last_day.year


def test_at_least_sixty_real_markings_of_many_makers():
    real = MARKINGS[~MARKINGS["source"].str.startswith("issue")]
    assert len(real) >= 60
    assert real["company"].nunique() >= 10


def test_maker_of_the_row_decides_the_form():
    # 6 characters: Microchip's YWWNNN (2022, week 2), a generic YYYYWW (2023, week 11) for anyone else
    assert (decode("202311", "Microchip Technology", "2024-01-02").year, decode("202311", None, "2024-01-02").year) == (
        2022,
        2023,
    )
    # a maker without formats of its own, or an unknown brand, falls back on the generic forms
    assert decode("2311", "Bosch", "2024-01-02").format == "YYWW"


def test_fairchild_six_week_codes_span_their_whole_period():
    def span(code, recovered_on="2024-01-02"):
        out = decode(code, "Fairchild Semiconductor", recovered_on)
        return f"{out.first_day:%Y-%m-%d}", f"{out.last_day:%Y-%m-%d}", bool(out.ambiguous), out.format

    # week code 12 names weeks 12-17; a weekly code 12 lies inside it, so reading the period is never wrong
    assert span("2312") == ("2023-03-20", "2023-04-30", False, "Fairchild six-week XXYY")
    assert span("2348")[:2] == ("2023-11-27", "2023-12-24")  # 48 runs to week 51 only
    # 52 runs into week 05 of the next year; either end's year may be marked, so both years are spanned
    assert span("2352", "2024-06-01")[:2] == ("2022-12-26", "2024-02-04")
    # a week that starts no period is a weekly code, read as such
    assert span("2311")[:2] == ("2023-03-13", "2023-03-19")
    # onsemi's AYWW reads A312 as week 12 alone, inside the period: only the older decades make it ambiguous
    out = decode("A312", "Fairchild Semiconductor", "2024-01-02")
    assert out.format == "Fairchild six-week XYY" and out.ambiguous and out.other_last_day == pd.Timestamp("2013-04-28")


def test_renesas_month_letters_skip_i():
    out = decode("5J3", "Renesas Electronics", "2006-10-26")
    assert (out.year, out.month, out.format) == (2005, 9, "Renesas YMW")
    assert decode("5M3", "Hitachi", "2006-10-26").month == 12
    assert decode("5I3", "Renesas Electronics", "2006-10-26").problem == "unrecognised date code"


def test_two_forms_of_one_maker_that_read_a_code_differently_are_ambiguous():
    table = pd.DataFrame(
        {
            "company": ["Acme", "Acme"],
            "format": ["Acme YYWW", "Acme YWWN"],
            "pattern": ["(?P<yy>[0-9]{2})(?P<ww>[0-9]{2})", "(?P<y>[0-9])(?P<ww>[0-9]{2})[0-9]"],
            "fields": ["yy ww", "y ww"],
            "strip": ["", ""],
            "week": ["iso", "iso"],
        }
    )
    out = decode("2311", "Acme", "2024-01-02", formats=date_formats(table))
    assert (out.format, out.year, out.week, out.ambiguous) == ("Acme YYWW", 2023, 11, True)
    assert (f"{out.other_first_day:%Y-%m-%d}", f"{out.other_last_day:%Y-%m-%d}") == ("1972-07-31", "2022-08-07")


def test_company_aware_decoding_through_load_finding(write):
    path = write(
        "t.csv",
        "finding_id,component_id,manufacturer,hq_country,date_code,recovered_on\n"
        "t,a,TI,US,31AK2TG,2024-01-02\nt,b,Micron,US,D9VPP,2024-01-02\nt,c,Microchip,US,2311K8T,2024-01-02\n",
    )
    data = load_finding(path).data.set_index("component_id")
    assert data.loc["a", "date_code_format"] == "TI YMLLLLS"
    assert data.loc["a", "manufactured_first_day"] == pd.Timestamp("2023-01-01")
    assert bool(data.loc["a", "date_ambiguous"]) and data.loc["a", "date_other_last_day"] == pd.Timestamp("2013-01-31")
    assert pd.isna(data.loc["b", "date_problem"]) and pd.isna(data.loc["b", "manufactured_year"])
    assert data.loc["b", "date_undated_reason"] == "no date in Micron FBGA code"
    assert data.loc["c", "manufactured_year"] == 2023 and not data.loc["c", "date_ambiguous"]


def _encode(row, day: date) -> str | None:
    """``day`` written in ``row``'s format, over the row's own example (its lot and site characters kept)."""
    regex = re.compile(rf"\A(?:{row.pattern})\Z", re.ASCII)
    example = row.example.upper()
    if isinstance(row.strip, str):
        example = re.sub(row.strip, "", example).strip()
    match = regex.match(example)
    iso_year, iso_week, _ = day.isocalendar()
    jan1 = date(day.year, 1, 1)
    year, week = (iso_year, iso_week) if row.week in ("iso", "six") else (day.year, (day - jan1).days // 7 + 1)
    period = 0
    if row.week == "six":  # the six-week period holding the week, named by its first week
        period = max(n for n, start in enumerate(_SIX_WEEK_STARTS, 1) if start <= week) if week >= 6 else 9
        week = int(_SIX_WEEK_STARTS[period - 1])
    values = {
        "y": f"{year % 10}", "yy": f"{year % 100:02d}", "yyyy": f"{year}", "ww": f"{week:02d}", "d": f"{day.day:02d}",
        "yl": _IEC_YEARS[(year - 1970) % 20], "p": f"{period}", "ml": _MONTH_LETTERS[day.month - 1],
    }  # fmt: skip
    code = example
    for name in reversed(GROUPS.findall(row.pattern)):
        if name == "m":
            choices = [f"{day.month:02d}", f"{day.month}", "ABC"[day.month - 10] if day.month > 9 else "-"]
            choices.append("OND"[day.month - 10] if day.month > 9 else "-")
        else:
            choices = [values[name]]
        start, end = match.span(name)
        fitting = [c for c in choices if regex.match(code[:start] + c + code[end:])]
        if not fitting:
            return None
        code = code[:start] + fitting[0] + code[end:]
    return code


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
def test_a_date_written_in_any_format_decodes_to_a_span_holding_it(day):
    rows = [row for row in TABLE.itertuples() if isinstance(row.fields, str)]
    codes = [_encode(row, day) for row in rows]
    kept = [(row, code) for row, code in zip(rows, codes, strict=True) if code is not None]
    out = decode_date_codes(
        pd.Series([code for _, code in kept]),
        made_before=day,
        companies=pd.Series([first_company(row) for row, _ in kept]),
    )
    when = pd.Timestamp(day)
    for (row, code), decoded in zip(kept, out.itertuples(), strict=True):
        assert pd.isna(decoded.problem), (row.format, code, decoded.problem)
        holds = decoded.first_day <= when <= decoded.last_day
        other = decoded.ambiguous and decoded.other_first_day <= when <= decoded.other_last_day
        assert holds or other, (row.format, code, decoded.first_day, decoded.last_day)
