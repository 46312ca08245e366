import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every run (a red build must be reproducible); developers' runs stay random
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def hartwell():
    """The manufacturer sample as the README analyses it: Hartwell at stage 4, a highly technical purchase."""
    import powermap

    return powermap.load(
        SAMPLES / "manufacturer.csv",
        links=SAMPLES / "manufacturer_links.csv",
        stage=4,
        technicality="high",
        as_of="2026-11-15",
    )


@pytest.fixture
def write(tmp_path):
    """Write a text file (dedented) in a temp folder and return its path."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    return _write
