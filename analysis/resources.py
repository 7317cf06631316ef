"""The data files shipped with the package, found wherever it is installed.

The files live in the repository under ``datasets/`` and are installed as packages of their own (see
``pyproject.toml``): the reference tables as ``analysis.reference``, the documented findings as
``analysis.examples``. A checkout, an editable install and a wheel all read the same files through
:mod:`importlib.resources`, never through a path built from this file's location.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

REFERENCE_PACKAGE = "analysis.reference"
EXAMPLES_PACKAGE = "analysis.examples"


def package_folder(package: str) -> Path:
    """The folder of a data package (pip installs packages as plain folders, never zipped)."""
    return Path(str(files(package)))


def _package_file(package: str, filename: str, suffixes: tuple[str, ...]) -> Path:
    """A file of a data package, which must exist; the error names the files there are."""
    folder = package_folder(package)
    path = folder / filename
    if not path.is_file():
        shipped = sorted(item.name for item in folder.iterdir() if item.name.endswith(suffixes))
        raise FileNotFoundError(f"no {filename!r} in {package} (shipped: {', '.join(shipped)})")
    return path


def reference_path(name: str) -> Path:
    """The file of reference table ``name`` (``"regions"`` or ``"regions.csv"``)."""
    return _package_file(REFERENCE_PACKAGE, name if "." in name else f"{name}.csv", (".csv", ".yaml"))


def read_reference(name: str, **read_csv_kwargs: Any) -> pd.DataFrame:
    """Reference table ``name`` as a frame of text columns, with only empty cells missing.

    Codes such as Namibia's ``NA`` must stay text, hence the defaults; ``read_csv_kwargs`` override them.
    """
    import pandas as pd

    options: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": [""], "encoding": "utf-8-sig"}
    return pd.read_csv(reference_path(name), **(options | read_csv_kwargs))


def example_path(name: str) -> Path:
    """The data file of bundled finding ``name`` (its ``finding_id``, or the file name)."""
    return _package_file(EXAMPLES_PACKAGE, name if "." in name else f"{name}.csv", (".csv",))
