"""The package as a user gets it: the wheel built, installed into a virtual environment of its own, and used from
a folder outside the checkout, with the README's own examples.

The environment holds the wheel and its dependencies only. Installing the dependencies takes minutes, so the
environment is kept in ``.venv/`` under a name made from the dependency list and reused while that list is
unchanged; the wheel itself is rebuilt and reinstalled on every run.
"""

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
KHARKIV = ROOT / "datasets" / "findings" / "car-kharkiv-2024-01-02.csv"
#: What the build must never print: setuptools' warnings about the project's own configuration.
BUILD_WARNING = re.compile(r"Setuptools\w*Warning|_DeprecatedConfig|is absent from the `packages`")


def _run(command: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    if check and run.returncode:
        pytest.fail(f"{shlex.join(command)} exited {run.returncode}:\n{run.stdout}\n{run.stderr}")
    return run


def _environment(python: str) -> Path:
    """A virtual environment with the project's dependencies and nothing else, made once per dependency list."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    key = hashlib.sha256(json.dumps([sys.version, project["dependencies"]]).encode()).hexdigest()[:12]
    venv = ROOT / ".venv" / f"wheel-test-{key}"
    ready = venv / "dependencies-installed"
    if not ready.exists():
        for old in venv.parent.glob("wheel-test-*"):  # made for a dependency list since changed, or half made
            shutil.rmtree(old, ignore_errors=True)
        _run([python, "-m", "venv", str(venv)], cwd=ROOT)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        _run([*pip, *project["dependencies"]], cwd=ROOT)
        ready.touch()
    return venv


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin`` folder of an environment where the freshly built wheel is the only copy of the project."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so the build leaves nothing in the checkout and sees nothing stale
    shutil.copytree(
        ROOT, source,
        ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__", "reports", "tests", "notebooks"),
    )  # fmt: skip
    build = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(work), str(source)], cwd=work)
    assert not BUILD_WARNING.findall(build.stdout + build.stderr)
    (wheel,) = work.glob("component_origins-*.whl")
    venv = _environment(sys.executable)
    _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(wheel)],
        cwd=work,
    )
    return venv / "bin"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder that is not the checkout, holding a copied finding as ``k.csv``."""
    shutil.copy(KHARKIV, tmp_path / "k.csv")
    return tmp_path


def test_the_code_and_its_data_come_from_the_wheel(installed, outside):
    code = "import analysis.resources as r; print(r.__file__); print(r.reference_path('regions'))"
    where = _run([str(installed / "python"), "-c", code], cwd=outside).stdout.split()
    site = installed.parent / "lib"
    assert len(where) == 2 and all(Path(path).is_relative_to(site) for path in where), where


def test_summary_report_and_load_finding_on_a_copied_file(installed, outside):
    summary = json.loads(_run([str(installed / "origins"), "summary", "k.csv", "--json"], cwd=outside).stdout)
    top = summary["findings"][0]["by_country"][0]
    assert (top["key"], top["count"], round(100 * top["share"], 1)) == ("US", 222, 75.5)

    _run([str(installed / "origins"), "report", "k.csv", "--out", "out", "--format", "html,md"], cwd=outside)
    assert (outside / "out" / "car-kharkiv-2024-01-02" / "index.html").is_file()
    assert (outside / "out" / "index.html").is_file()

    code = "from analysis import load_finding; f = load_finding('k.csv'); print(len(f.data), f.assembled_not_before)"
    assert _run([str(installed / "python"), "-c", code], cwd=outside).stdout.split()[:2] == ["294", "2023-03-13"]


def test_defaults_of_the_checkout_say_so_outside_it(installed, outside):
    run = _run([str(installed / "origins"), "report"], cwd=outside, check=False)
    assert run.returncode == 2 and run.stdout == ""
    assert "datasets/findings: no such folder here (the default inside a checkout" in run.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["k.csv"]  # no empty reports/ left behind


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_examples_run_from_the_wheel(installed, tmp_path):
    """Every command of the install section (but pip itself), then the Python of that section and "In Python"."""
    section = _readme_section("Install in your own environment")
    commands = [
        line.split("  #")[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", section, re.S)
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith(("pip ", "python -m pip"))
    ]
    assert commands and all(command.startswith("origins ") for command in commands)
    for command in commands:
        words = shlex.split(command)
        _run([str(installed / words[0]), *words[1:]], cwd=tmp_path)
    examples = section + _readme_section("In Python")
    blocks = re.findall(r"```python\n(.*?)```", examples, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        _run([str(installed / "python"), "-c", "import matplotlib; matplotlib.use('Agg')\n" + block], cwd=tmp_path)
