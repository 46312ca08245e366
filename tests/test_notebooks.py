"""The notebooks run top to bottom without an error, in a fresh kernel, from the notebooks folder."""

from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
import nbformat  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
FIGURES = {
    "01-quickstart.ipynb": 3,
    "03-coach-pipeline-review.ipynb": 3,
    "04-learn-from-history.ipynb": 3,
    "06-deal-over-time.ipynb": 2,
}
MAPS = {"02-interactive-power-map.ipynb": 3, "05-plan-the-next-moves.ipynb": 1}


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_runs_clean(path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    errors = [
        o
        for cell in notebook.cells
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    outputs = [o.get("data", {}) for cell in notebook.cells for o in cell.get("outputs", [])]
    images = sum("image/png" in data for data in outputs)
    maps = sum("<iframe srcdoc=" in data.get("text/html", "") for data in outputs)
    assert images >= FIGURES.get(path.name, 0)  # the charts were drawn
    assert maps >= MAPS.get(path.name, 0)  # the interactive maps were shown


def test_notebooks_are_built_from_their_source():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", NOTEBOOKS / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert sorted(name for _, name in build.NOTEBOOKS) == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    for cells, name in build.NOTEBOOKS:
        on_disk = nbformat.read(NOTEBOOKS / name, as_version=4)
        assert [c.source for c in on_disk.cells] == [text for _, text in cells], name
