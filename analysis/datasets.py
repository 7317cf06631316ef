"""The documented findings shipped with the package, as examples to try the library on.

They are the files of ``datasets/findings/`` in the repository, installed with the package, so
``datasets.kharkiv()`` works in any environment, checkout or not::

    from analysis import datasets
    datasets.names()          # ['car-kharkiv-2024-01-02', 'synthetic-new-finding-2025']
    kharkiv = datasets.kharkiv()
    kharkiv.summary()["by_country"][0]   # {'key': 'US', 'count': 222, 'share': 0.755...}
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .resources import EXAMPLES_PACKAGE, example_path, package_folder

if TYPE_CHECKING:
    from .finding import Finding

KHARKIV = "car-kharkiv-2024-01-02"


def folder() -> Path:
    """The folder holding every bundled finding: a ready-made library for ``compare`` and ``report``."""
    return package_folder(EXAMPLES_PACKAGE)


def names() -> list[str]:
    """The bundled findings, by file name without its suffix (which is also their ``finding_id``)."""
    return sorted(path.stem for path in folder().glob("*.csv"))


def path(name: str) -> Path:
    """The data file of a bundled finding; its ``.yaml`` description lies beside it."""
    return example_path(name)


def load(name: str, **options: Any) -> Finding:
    """A bundled finding, read, validated and enriched; ``options`` as for :func:`analysis.load_finding`."""
    from .finding import load_finding

    return load_finding(path(name), **options)


def kharkiv(**options: Any) -> Finding:
    """The reconstruction of the missile recovered in Kharkiv on 2 January 2024 (see datasets/README.md)."""
    return load(KHARKIV, **options)
