"""The Jinja2 environment of ``analysis/templates``: the pages of :mod:`analysis.report` and the Jupyter displays.

It sits at the bottom of the package (it needs only :mod:`analysis.regions`, for country names, and that only
when a template asks for one), so a model object (a validation, a finding, a comparison) renders its
``_repr_html_`` without reaching up into the report layer.
"""

from __future__ import annotations

import html
from functools import cache

import pandas as pd

from .prose import plural

__all__ = ["environment", "markdown_text", "render"]


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def markdown_text(value: object) -> str:
    """User text made inert in Markdown: no HTML, no table breaks, no links or emphasis."""
    text = html.escape("" if _missing(value) else str(value).replace("\n", " "))
    for char in "\\|*_`[]#":
        text = text.replace(char, "\\" + char)
    return text


def _country(code: object) -> str:
    from .regions import country_name

    return "unknown" if _missing(code) else country_name(str(code))


def _day(value: object) -> str:
    return "" if _missing(value) else pd.Timestamp(value).strftime("%-d %B %Y")


@cache
def environment(markdown: bool = False):
    """The environment: autoescaped HTML, or Markdown (user text through the ``md`` filter); undefined is an error."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis", "templates"),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda x, digits=1: "" if _missing(x) else f"{100 * x:.{digits}f} %"
    env.filters["signed"] = lambda x: "" if _missing(x) else f"{100 * x:+.1f} pts"
    env.filters["md"] = markdown_text
    env.filters["text"] = lambda value: "" if _missing(value) else value
    env.filters["country"] = _country
    env.filters["day"] = _day
    env.globals["plural"] = plural
    return env


def render(template: str, **context) -> str:
    """One autoescaped template of ``analysis/templates``, e.g. the HTML a notebook shows for an object."""
    return environment().get_template(template).render(**context)
