"""The wheel works: built from a copy of the source, installed into a fresh venv, it finds its
own data (the speculation model, outlets, report templates) and gives the seed the same
speculative claims as the checkout. Every third-party import is declared, and
constraints.txt pins every declared dependency at the version installed here."""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT, SEED
from workbook.cli import main

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WHEEL_DATA = ("workbook/extract/hedge_model.json", "workbook/data/outlets.csv", "workbook/report/templates/report.html")


def requirements(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [r for r in map(Requirement, lines) if canonicalize_name(r.name) != "workbook"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy, so the build leaves nothing in the shared tree; offline, with the
    setuptools the test extra installs (the build-system floor is the same)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT / "workbook", src / "workbook", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp / "dist"), str(src)], check=True, capture_output=True, text=True)
    (built,) = (tmp / "dist").glob("workbook-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; its dependencies are this venv's, reached by a .pth
    path (not the checkout: the editable install's hook is not processed from there)."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--no-deps", str(wheel)], check=True, capture_output=True, text=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


@pytest.mark.slow
def test_wheel_holds_its_data_and_nothing_missing(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(WHEEL_DATA) <= names
    assert not [n for n in names if n.startswith("workbook/review/") and n.endswith((".js", ".css"))]


@pytest.mark.slow
def test_installed_wheel_gives_the_checkouts_speculative_claims(wheel_venv, tmp_path):
    run = lambda *args: subprocess.run([str(wheel_venv / "bin" / "workbook"), *map(str, args)], cwd=tmp_path,
                                       check=True, capture_output=True, text=True)
    where = subprocess.run([str(wheel_venv / "bin" / "python"), "-c",
                            "import workbook.extract.hedge_model as m; print(m.__file__); print(m.MODEL_PATH.is_file())"],
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout.split()
    assert where[0].startswith(str(wheel_venv)) and where[1] == "True"
    run("load", SEED, "--db", tmp_path / "wheel.db")
    from_wheel = json.loads(run("table", "--db", tmp_path / "wheel.db", "--format", "json").stdout)
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(SEED), "--db", str(tmp_path / "checkout.db")]).exit_code == 0
    from_checkout = json.loads(runner.invoke(main, ["table", "--db", str(tmp_path / "checkout.db"),
                                                    "--format", "json"]).output)
    speculative = lambda rows: sorted((r["claim_id"], r["hedges"]) for r in rows if r["speculative"])
    assert speculative(from_checkout), "the seed has speculative claims"
    assert speculative(from_wheel) == speculative(from_checkout)
    assert len(from_wheel) == len(from_checkout)
    run("report", "--db", tmp_path / "wheel.db", "-o", tmp_path / "r.html")  # templates are in the wheel
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8").lower()


NOTEBOOK_RUN = """
import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import workbook; print('workbook from', workbook.__file__)"))
nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[2]}}).execute()
print(nb.cells[-1].outputs[0]["text"].strip())
"""


@pytest.mark.slow
def test_notebook_01_runs_from_the_installed_wheel(wheel_venv, tmp_path):
    """The kernel is the wheel's venv (ipykernel's own spec follows the running Python)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data", tmp_path / "data")
    env = {"PATH": str(wheel_venv / "bin"), "HOME": str(tmp_path), "WORKBOOK_DB": str(tmp_path / "nb.db"),
           "MPLBACKEND": "Agg", "JUPYTER_PLATFORM_DIRS": "1"}
    result = subprocess.run([str(wheel_venv / "bin" / "python"), "-c", NOTEBOOK_RUN,
                             str(tmp_path / "notebooks" / "01_load.ipynb"), str(tmp_path / "notebooks")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"workbook from {wheel_venv}" in result.stdout
    assert (tmp_path / "nb.db").is_file()


def _third_party_imports() -> dict[str, str]:
    """Top-level modules that workbook/ imports (absolute imports only) -> one file importing it."""
    found = {}
    for path in sorted((ROOT / "workbook").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("workbook", "__future__"):
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_imported_module_is_declared():
    declared = {canonicalize_name(r.name) for r in requirements("notebook", "corpus")}
    providers = metadata.packages_distributions()
    undeclared = {module: where for module, where in _third_party_imports().items()
                  if not {canonicalize_name(d) for d in providers.get(module, [module])} & declared}
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"


def test_only_tests_use_pysbd():
    assert "pysbd" not in _third_party_imports()
    assert "pysbd" not in {canonicalize_name(r.name) for r in requirements()}


def test_constraints_pin_every_dependency_at_the_installed_version():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    for req in requirements("notebook", "test"):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not pinned in constraints.txt (run scripts/constraints.sh)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req} excludes its pin {pins[name]}"
        assert metadata.version(req.name) == pins[name], f"{req.name}: installed {metadata.version(req.name)}, pinned {pins[name]}"


def test_build_system_can_build_a_license_string():
    (req,) = [Requirement(r) for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")]
    assert not req.specifier.contains("76.1.0") and req.specifier.contains("77.0.3")
    assert PYPROJECT["project"]["license"] == "MIT"


def test_setup_environment_runs_jupyterlab():
    """The README's next line after the set-up: `.venv/bin/jupyter lab`, from that environment."""
    jupyter = Path(sys.executable).parent / "jupyter"
    out = subprocess.run([str(jupyter), "lab", "--version"], check=True, capture_output=True, text=True).stdout
    assert out.strip().split(".")[0] == "4"
