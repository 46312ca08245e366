"""Pipeline outputs stay byte-identical: the sample pipeline and ten generated ones, both languages.

Speed work on the reader, the analysis and the writers must not move a byte. An intended change
regenerates the files (``python tests/golden_cases.py``) in the commit that makes it.
"""

from __future__ import annotations

import gzip

import pytest
from golden_cases import CASES, LANGS, golden_path, run_case


def first_difference(expected: bytes, actual: bytes) -> str:
    old, new = expected.decode().splitlines(), actual.decode().splitlines()
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a != b:
            return f"line {number}:\n  expected {a!r}\n  got      {b!r}"
    return f"expected {len(old)} lines, got {len(new)}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES)
def test_pipeline_outputs_are_byte_identical(case, lang, tmp_path):
    outputs = run_case(case, lang, tmp_path)
    for name, actual in outputs.items():
        expected = gzip.decompress(golden_path(case, lang, name).read_bytes())
        assert actual == expected, f"{case} {lang} {name} changed at {first_difference(expected, actual)}"
