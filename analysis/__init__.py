"""component-origins: where the electronic parts found in weapon debris come from, and when they were made.

The names below are imported on first use, so that ``import analysis`` (and ``origins --help``) stays fast.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "Finding": "finding",
    "load_finding": "finding",
    "load_findings": "finding",
    "summaries": "finding",
    "summary_table": "finding",
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
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    if name == "datasets":  # the bundled findings, as ``analysis.datasets.kharkiv()`` without a second import
        return import_module(".datasets", __name__)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
