"""The reference tables shipped with the package, found wherever it is installed.

The tables live in the repository under ``datasets/reference/`` and are installed as the package
``analysis.reference`` (see ``pyproject.toml``), so a checkout, an editable install and a wheel all read the
same files through :mod:`importlib.resources`, never through a path built from this file's location.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

REFERENCE_PACKAGE = "analysis.reference"


def reference_path(name: str) -> Path:
    """The file of reference table ``name`` (``"regions"`` or ``"regions.csv"``), which must exist.

    A missing table is a packaging fault, not a user's error, so it raises ``FileNotFoundError`` naming the
    tables that are there.
    """
    filename = name if "." in name else f"{name}.csv"
    folder = files(REFERENCE_PACKAGE)
    resource = folder / filename
    if not resource.is_file():
        shipped = sorted(item.name for item in folder.iterdir() if item.name.endswith(".csv"))
        raise FileNotFoundError(f"no reference table {filename!r} in {REFERENCE_PACKAGE} (shipped: {shipped})")
    return Path(str(resource))


def read_reference(name: str, **read_csv_kwargs: Any) -> pd.DataFrame:
    """Reference table ``name`` as a frame of text columns, with only empty cells missing.

    Codes such as Namibia's ``NA`` must stay text, hence the defaults; ``read_csv_kwargs`` override them.
    """
    import pandas as pd

    options: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": [""], "encoding": "utf-8-sig"}
    return pd.read_csv(reference_path(name), **(options | read_csv_kwargs))
