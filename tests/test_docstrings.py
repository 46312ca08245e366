"""The public entry points are documented the numpydoc way: a one-line summary, a ``Parameters`` section that
names every parameter of the signature in its order (and nothing else), ``Returns`` for functions and methods, and an
``Examples`` section. The examples themselves run as doctests: pyproject's pytest options collect
``src/powermap`` with ``--doctest-modules``, from the repository root, so they may read ``data/samples/``.
"""

from __future__ import annotations

import importlib
import inspect
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What a user calls: the README's Python, Pipelines, Learning and History sections use these.
ENTRY_POINTS = [
    "powermap.load",
    "powermap.from_frame",
    "powermap.PowerMap",
    "powermap.PowerMap.analysis",
    "powermap.PowerMap.scores",
    "powermap.PowerMap.coverage",
    "powermap.PowerMap.gaps",
    "powermap.PowerMap.what_if",
    "powermap.PowerMap.plan",
    "powermap.PowerMap.plot",
    "powermap.PowerMap.to_html",
    "powermap.PowerMap.map_view",
    "powermap.PowerMap.report",
    "powermap.PowerMap.summary",
    "powermap.Policy",
    "powermap.policy.load_policy",
    "powermap.portfolio.score",
    "powermap.portfolio.score_file",
    "powermap.portfolio.score_frame",
    "powermap.portfolio.Portfolio.to_files",
    "powermap.plan.plan",
    "powermap.plan.plan_actions",
    "powermap.learn.fit",
    "powermap.learn.load",
    "powermap.learn.WinModel",
    "powermap.learn.WinModel.fit",
    "powermap.learn.WinModel.predict_proba",
    "powermap.learn.WinModel.annotate",
    "powermap.Store",
    "powermap.Store.save",
    "powermap.Store.load",
    "powermap.Store.history",
    "powermap.Store.diff",
    "powermap.store.history.diff_maps",
]

HEADING = re.compile(r"^(?P<name>[A-Z][A-Za-z ]*[a-z])\n(?P<rule>-+)$", re.M)


def _resolve(dotted: str):
    """The object a dotted name names: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def _sections(doc: str) -> dict[str, str]:
    """Each numpydoc section's body, by heading; ``""`` holds the summary and extended description."""
    found, start, name = {}, 0, ""
    for match in HEADING.finditer(doc):
        found[name] = doc[start : match.start()]
        assert len(match["rule"]) == len(match["name"]), f"the rule under {match['name']!r} is not as long as it"
        start, name = match.end(), match["name"]
    found[name] = doc[start:]
    return found


def _documented(parameters: str) -> list[str]:
    """The names a Parameters section documents: its unindented lines, ``a, b : type`` naming a and b."""
    names = []
    for line in parameters.splitlines():
        if line and not line[0].isspace():
            names += [n.strip().lstrip("*") for n in line.split(" : ")[0].split(",")]
    return names


def _signature_names(obj) -> list[str]:
    """The parameters a user passes (not self, nor a private ``_name``)."""
    return [
        p.name
        for p in inspect.signature(obj).parameters.values()
        if p.name not in ("self", "cls") and not p.name.startswith("_")
    ]


@pytest.mark.parametrize("dotted", ENTRY_POINTS)
def test_the_entry_point_is_documented(dotted):
    obj = _resolve(dotted)
    doc = inspect.getdoc(obj)
    assert doc, f"{dotted} has no docstring"
    sections = _sections(doc)
    summary = sections[""].strip().split("\n\n")[0]
    assert "\n" not in summary and summary.endswith("."), f"{dotted}: the summary is one line, ending in a period"

    unknown = set(sections) - {
        "",
        "Parameters",
        "Returns",
        "Yields",
        "Raises",
        "Warns",
        "See Also",
        "Notes",
        "References",
        "Examples",
        "Attributes",
        "Methods",
    }
    assert not unknown, f"{dotted}: not numpydoc sections: {sorted(unknown)}"

    wanted = _signature_names(obj)
    if wanted:
        assert "Parameters" in sections, f"{dotted} has no Parameters section"
        documented = _documented(sections["Parameters"])
        assert sorted(documented) == sorted(wanted), (
            f"{dotted}: Parameters documents {sorted(set(documented) - set(wanted))} that the signature lacks "
            f"and lacks {sorted(set(wanted) - set(documented))}"
        )
        assert documented == wanted, f"{dotted}: Parameters are not in the signature's order"
    if not inspect.isclass(obj):
        assert sections.get("Returns", "").strip(), f"{dotted} has no Returns section"
    assert ">>> " in sections.get("Examples", ""), f"{dotted} has no Examples section with an example"


def test_the_examples_are_run():
    """The docstrings' examples are doctests of the default test run, from the repository root."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert "src/powermap" in options["testpaths"]
