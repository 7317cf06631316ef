"""The bundled findings and reference tables, reached through the package rather than the checkout's paths."""

import pytest

from analysis import datasets
from analysis.resources import example_path, read_reference, reference_path


def test_the_bundled_findings_are_named_and_found():
    import analysis

    assert analysis.datasets is datasets
    assert datasets.names() == ["car-kharkiv-2024-01-02", "synthetic-new-finding-2025"]
    path = datasets.path("car-kharkiv-2024-01-02")
    assert path == example_path("car-kharkiv-2024-01-02.csv") == datasets.folder() / path.name
    assert path.with_suffix(".yaml").is_file()


def test_kharkiv_has_the_published_figures():
    summary = datasets.kharkiv().summary()
    assert summary["components"] == 294
    assert summary["by_country"][0]["key"] == "US" and round(100 * summary["by_country"][0]["share"], 1) == 75.5


def test_an_unknown_name_lists_what_is_there():
    with pytest.raises(FileNotFoundError, match="car-kharkiv-2024-01-02.csv"):
        datasets.load("kharkov")
    with pytest.raises(FileNotFoundError, match="manufacturers.csv"):
        reference_path("manufacturer")


def test_reference_tables_keep_codes_as_text():
    regions = read_reference("regions")
    assert reference_path("regions") == reference_path("regions.csv")
    assert "NA" in set(regions["iso_alpha2"])  # Namibia, not a missing value
    assert read_reference("regions", usecols=["iso_alpha2"]).columns.tolist() == ["iso_alpha2"]
