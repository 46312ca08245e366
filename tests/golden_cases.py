"""The pipelines whose outputs tests/test_golden.py pins byte for byte, and how each is run.

The sample pipeline and ten generated ones (seeded, small) go through ``powermap portfolio`` with
every output (accounts with the plan columns, contacts, gaps) in both languages. Regenerate the
files after an intended change with ``python tests/golden_cases.py`` (``--inputs`` draws the
generated pipelines again) and say in the commit which
change moved them.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from typer.testing import CliRunner

from powermap.cli import app
from powermap.sim.synth import pipeline

ROOT = Path(__file__).resolve().parent
GOLDEN = ROOT / "golden"
SAMPLE = ROOT.parent / "data" / "samples" / "pipeline.csv"
GENERATED = {f"gen{seed:02d}": seed for seed in range(1, 11)}
CASES = ["sample", *GENERATED]
LANGS = ["en", "zh"]
OUTPUTS = ["accounts", "contacts", "gaps"]


def case_input(case: str, folder: Path) -> Path:
    """The case's pipeline file (the sample itself, or a generated one written into ``folder``)."""
    if case == "sample":
        return SAMPLE
    # the generated table is kept with the outputs, so a change to the simulator (or to numpy's random
    # streams) cannot move the golden files
    path = folder / f"{case}.csv"
    path.write_bytes(gzip.decompress(golden_path(case, "input", "csv").read_bytes()))
    return path


def run_case(case: str, lang: str, folder: Path) -> dict[str, bytes]:
    """Every output of one case in one language: the three tables and what the command printed."""
    source = case_input(case, folder)
    paths = {name: folder / f"{case}.{lang}.{name}.csv" for name in OUTPUTS}
    argv = ["portfolio", str(source), "--by", "account", "--as-of", "2026-11-15", "--lang", lang, "--jobs", "1"]
    argv += ["-o", str(paths["accounts"]), "--contacts-out", str(paths["contacts"]), "--gaps-out", str(paths["gaps"])]
    argv += ["--plan"]
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    outputs = {name: path.read_bytes() for name, path in paths.items()}
    outputs["stdout"] = result.output.replace(str(folder), "OUT").encode()
    return outputs


def golden_path(case: str, lang: str, name: str) -> Path:
    return GOLDEN / f"{case}.{lang}.{name}.gz"


def regenerate(folder: Path, *, inputs: bool = False) -> None:
    """Write every golden file again (``inputs``: draw the generated pipelines again too)."""
    GOLDEN.mkdir(exist_ok=True)
    for case, seed in GENERATED.items():
        if inputs or not golden_path(case, "input", "csv").exists():
            table = pipeline(12, people=30, seed=seed).to_csv(index=False).encode()
            golden_path(case, "input", "csv").write_bytes(gzip.compress(table, mtime=0))
    for case in CASES:
        for lang in LANGS:
            for name, data in run_case(case, lang, folder).items():
                # mtime 0: the same bytes give the same file, so an unchanged output makes no diff
                golden_path(case, lang, name).write_bytes(gzip.compress(data, mtime=0))


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        regenerate(Path(tmp), inputs="--inputs" in sys.argv)
    sys.exit(0)
