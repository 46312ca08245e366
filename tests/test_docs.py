"""The documentation is true: every fenced bash, python, yaml and toml block of README.md (and of docs/*.md) runs
as written, in a scratch folder, and the docs cite only files that ship in the repository.

Convention (README, Development): a block preceded by the line ``<!-- not-run: why -->`` is illustrative and is
skipped; every other ``bash``/``python``/``yaml``/``toml`` block runs. Blocks of one file run in order in the
same scratch folder, which holds links to the repository's ``data``, ``notebooks`` and ``docs`` folders and a
``.venv/bin`` whose ``python`` and ``powermap`` run this interpreter, so ``.venv/bin/powermap analyze data/samples/...`` works there and what it writes
stays out of the repository. A ``yaml`` block is loaded as a single-file account, a ``toml`` block as a policy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import powermap
from powermap.analysis.gaps import CODES
from powermap.policy import load_policy
from powermap.render.text import STAGE_NAMES
from powermap.text.advice_words import STAGE_CONDITIONS
from powermap.vocab import ROLES, TAGS

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUNNABLE = ("bash", "python", "yaml", "toml")
FENCE = re.compile(r"(?P<before>(?:^[^\n]*\n){0,2})^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)


def blocks(path: Path) -> list[tuple[int, str, str, bool]]:
    """``(line, language, code, runs)`` for every fenced block of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start("lang")) + 1
        skipped = "<!-- not-run" in match.group("before")
        found.append((line, match.group("lang"), match.group("body"), not skipped))
    return found


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    for name in ("data", "notebooks", "docs"):
        (folder / name).symlink_to(ROOT / name)
    bin_ = folder / ".venv" / "bin"  # the README's .venv/bin/python and .venv/bin/powermap: this interpreter
    bin_.mkdir(parents=True)
    for name, command in (("python", ""), ("powermap", " -m powermap.cli")):
        (bin_ / name).write_text(f'#!/bin/sh\nexec "{sys.executable}"{command} "$@"\n')
        (bin_ / name).chmod(0o755)
    return folder


def _cases():
    for path in DOCS:
        for line, lang, body, runs in blocks(path):
            if lang in RUNNABLE:
                yield pytest.param(path, line, lang, body, runs, id=f"{path.name}:{line}:{lang}")


def test_the_convention_is_used_sparingly():
    cases = [c.values for c in _cases()]
    skipped = [c for c in cases if not c[4]]
    assert len(cases) >= 8 and len(skipped) <= len(cases) // 3, [f"{c[0].name}:{c[1]}" for c in skipped]


@pytest.mark.parametrize("path, line, lang, body, runs", list(_cases()))
def test_every_example_runs_as_written(path, line, lang, body, runs, scratch):
    if not runs:
        pytest.skip("marked <!-- not-run -->")
    where = f"{path.name}, line {line}"
    if lang == "yaml":
        account = scratch / f"example-{line}.yaml"
        account.write_text(body, encoding="utf-8")
        pm = powermap.load(account)  # raises InputError, naming the problem, if the example is wrong
        assert len(pm) >= 1, where
        return
    if lang == "toml":
        policy = scratch / f"example-{line}.toml"
        policy.write_text(body, encoding="utf-8")
        load_policy(policy)
        return
    env = {**os.environ, "COLUMNS": "120", "PYTHONPATH": str(ROOT / "src")}
    if lang == "python":
        command = [sys.executable, "-c", body]
    else:
        command = ["bash", "-euo", "pipefail", "-c", body]
    done = subprocess.run(command, cwd=scratch, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        f"{where}\n{body}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
    )
    assert "Traceback" not in done.stderr, where


def test_docs_cite_only_files_in_the_repository():
    """No README, doc, sample README, notebook or message points to the internal design notes."""
    texts = [
        *DOCS,
        ROOT / "data" / "samples" / "README.md",
        *(ROOT / "notebooks").glob("*.ipynb"),
        ROOT / "notebooks" / "build.py",
        *(ROOT / "src" / "powermap").rglob("*.py"),
        *(
            p
            for p in (ROOT / "src" / "powermap" / "render" / "templates").rglob("*")
            if p.is_file() and "vendor" not in p.parts
        ),
    ]  # vendor: third-party code, as shipped
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"DESIGN\.md|domain\.md|domain §", text), path
    for path in [*DOCS, ROOT / "data" / "samples" / "README.md"]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target):
                assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def test_methodology_names_every_role_stage_condition_and_gap():
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    english, chinese = text.split("## 中文方法说明")
    for number, heading in enumerate(
        [
            "roles",
            "principles",
            "vocabularies",
            "relationship depth",
            "three powers",
            "eight stages",
            "why power maps are hard",
        ],
        start=1,
    ):
        assert re.search(rf"^## {number}\. .*", english, re.M), heading
        assert re.search(rf"^### §{number} ", chinese, re.M), heading
    for part in (english, chinese):
        for role in (*ROLES, *TAGS):
            assert f"`{role}`" in part, role
        for condition in STAGE_CONDITIONS:
            assert f"`{condition}`" in part, condition
    for number, name in STAGE_NAMES["en"].items():
        assert re.search(rf"^\| {number} \| {re.escape(name)} ", english, re.M), name
    for number, name in STAGE_NAMES["zh"].items():
        assert re.search(rf"^\| {number} \| {re.escape(name)} ", chinese, re.M), name
    cited = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", english))
    assert set(CODES) <= cited, set(CODES) - cited


def test_stage_help_lists_all_eight_stages():
    done = subprocess.run(
        [sys.executable, "-m", "powermap.cli", "analyze", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    help_text = " ".join(done.stdout.split())
    for number, word in enumerate(
        ["planning", "visit", "proposal", "demo", "requirements", "evaluation", "negotiation", "signing"], start=1
    ):
        assert f"{number} {word}" in help_text, word


# -- the README and the documentation site ------------------------------------------------------------------------


def test_the_readme_is_short_and_its_commands_install_what_each_job_needs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250
    bash = [body.strip() for _, lang, body, _ in blocks(ROOT / "README.md") if lang == "bash"]
    first, tests = bash[0], bash[1]
    assert ".venv/bin/pip install -e . && .venv/bin/powermap analyze data/samples/" in first
    assert "[test]" not in first  # the main job does not install the test tools
    assert tests == '.venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest'
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")  # CI runs exactly the README's test command


def test_every_policy_setting_is_in_the_policy_reference():
    from dataclasses import fields

    from powermap.policy import Policy

    text = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    missing = [f.name for f in fields(Policy) if f"`{f.name}`" not in text]
    assert not missing, missing


def test_the_cli_reference_is_every_commands_help():
    import importlib.util

    import typer

    from powermap.cli import app

    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "docs" / "hooks" / "cli_reference.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    built = hook.on_page_markdown(page, None, None, None)
    for name in typer.main.get_command(app).list_commands(None):
        assert f"## powermap {name}\n" in built, name
    assert "Usage: powermap portfolio [OPTIONS]" in built and "--as-of" in built


def test_the_site_builds_strictly_with_a_page_not_yet_in_the_nav(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "src").symlink_to(ROOT / "src")

    def build() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )

    (tmp_path / "docs" / "new-topic.md").write_text("# New topic\n\nSee [the policy](policy.md#policy).\n")
    done = build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "site" / "new-topic" / "index.html").exists()
    # and a broken link fails the build
    (tmp_path / "docs" / "new-topic.md").write_text("# New topic\n\nSee [nothing](missing.md).\n")
    done = build()
    assert done.returncode != 0 and "missing.md" in done.stderr
