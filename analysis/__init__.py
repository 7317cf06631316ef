"""component-origins: where the electronic parts found in weapon debris come from, and when they were made.

The names below are imported on first use, so that ``import analysis`` (and ``origins --help``) stays fast.

The modules in the order to read them, one layer a line, bottom first. A module imports only from its own
line and the lines before it (``tests/test_structure.py`` holds it so, inside functions too); the few methods
that reach further for a notebook's convenience, such as ``Finding.compare``, are named there with the reason.

- ``errors``, ``defaults``, ``resources``, ``prose``, ``templating``: the one-line ``InputError``; shared
  defaults; package data; every sentence the commands, pages and displays show; the Jinja templates
- ``databases``: layouts that say how a foreign database's columns and words map onto ours
- ``io``: reading a file into text columns, with the line each row came from
- ``schema``: the component schema (pandera), every problem of every row at once
- ``manufacturers``, ``datecodes``, ``regions``: brand to company and country, date code to days, country to region
- ``enrich``: the rows with their company, countries and days of manufacture
- ``chpl``: each part's HS code and its tier of the Common High Priority List (export-control screening)
- ``finding``, ``datasets``: ``Finding`` and ``load_findings``; the bundled findings
- ``aggregate``: the figures: shares by origin, years, the assembly bound, each finding's summary
- ``comparison``: a finding against documented ones
- ``plots``: matplotlib charts of tidy frames
- ``output``, ``report``: files written atomically; HTML, Markdown, PDF and JSON reports
- ``cli``: the ``origins`` command, a thin face over the layers above
"""

from importlib import import_module

_EXPORTS = {
    "Finding": "finding",
    "load_finding": "finding",
    "load_findings": "finding",
    "summaries": "aggregate",
    "summary_table": "aggregate",
    "load_layout": "databases",
    "decode_date_codes": "datecodes",
    "validate": "schema",
    "ComponentSchema": "schema",
    "read": "io",
    "origin_shares": "aggregate",
    "year_counts": "aggregate",
    "share_made_between": "aggregate",
    "origin_year_table": "aggregate",
    "compare": "comparison",
    "Comparison": "comparison",
    "most_similar": "comparison",
}
__all__ = [*_EXPORTS, "datasets", "__version__"]


def __getattr__(name: str):
    if name == "__version__":  # the installed distribution's, as pyproject.toml gives it
        from importlib.metadata import version

        return version("component-origins")
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    if name == "datasets":  # the bundled findings, as ``analysis.datasets.kharkiv()`` without a second import
        return import_module(".datasets", __name__)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
