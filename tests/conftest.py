from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KHARKIV = ROOT / "datasets" / "findings" / "car-kharkiv-2024-01-02.csv"


@pytest.fixture
def kharkiv_path() -> Path:
    return KHARKIV


@pytest.fixture
def write(tmp_path):
    """Write text to a file in a temporary folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
