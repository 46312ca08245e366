"""The notebooks run top to bottom without an error, in a fresh kernel, from the notebooks folder."""

from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
import nbformat  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_runs_clean(path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    images = sum(1 for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {}))
    assert images >= 3  # the charts were drawn


@pytest.mark.parametrize("name, cells", [("03-coach-pipeline-review.ipynb", "COACH"),
                                         ("04-learn-from-history.ipynb", "LEARN")])
def test_notebooks_are_built_from_their_source(name, cells):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", NOTEBOOKS / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    on_disk = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert [c.source for c in on_disk.cells] == [text for _, text in getattr(build, cells)]
