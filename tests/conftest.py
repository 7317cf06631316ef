from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check what holds, not how fast: a per-example deadline only makes a busy CI machine flaky.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

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


#: What the bad-input corpus test (tests/test_bad_corpus.py) found, printed at the end of the run.
CORPUS_COUNTS = {"files": set(), "messages": 0, "messages_expected": 0, "rows": 0, "rows_expected": 0}


@pytest.fixture
def corpus_counts() -> dict:
    return CORPUS_COUNTS


def pytest_terminal_summary(terminalreporter):
    counts = CORPUS_COUNTS
    if counts["files"]:
        terminalreporter.write_line(
            f"bad-input corpus: {len(counts['files'])} files tried, "
            f"{counts['messages']} of {counts['messages_expected']} messages as expected, "
            f"{counts['rows']} of {counts['rows_expected']} rows accounted for"
        )
