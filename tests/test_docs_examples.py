"""The README's and the docs' Python examples type-check as a user would write them.

Every fenced ``python`` block of ``README.md`` and ``docs/**/*.md`` is a complete example:
it is written to a file of its own and checked with ``mypy --strict`` and pyright (its
default, "standard" mode), outside the project's configuration (no pydantic plugin, no
``tests/`` on the path), as in a user's project. A block that includes a file
(``--8<-- "examples/flask_app.py"``) is checked with that file's text, and its errors are
reported at the file's lines. Two HTML comments, on the line before a fence, change that:

- ``<!-- fragment -->``: the block is a fragment (an excerpt, a signature), not checked;
- ``<!-- continues -->``: the block goes on from the page's complete examples above it, and
  is checked after them (a page setting up a receiver once, then showing it in each
  framework).

The complete examples of the pages in ``RUN`` are also run. Known failures are listed, each
with its reason, as strict expected failures: ``TYPING_GAPS`` (a right example meeting a
typing gap of the package) and ``UNREVISED`` (an example not yet made complete); an entry
must go once its example passes.

The ``typing`` nox session runs this module (it installs mypy, pyright and the stubs); where a
checker is not installed, its tests are skipped.
"""

from __future__ import annotations

import functools
import json
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests._docs import (
    CONTINUES,
    FRAGMENT,
    PAGES,
    ROOT,
    Block,
    Example,
    blocks,
    examples,
    raw_lines,
    where,
)

ALL = [example for page in PAGES for example in examples(page)]
IDS = [example.block.where for example in ALL]

# -- what is known to fail -----------------------------------------------------------------------

#: Examples that are right but meet a typing gap of the package: (page, a line of the block)
#: -> the gap. Strict: once the package closes the gap, the entry must go.
TYPING_GAPS: dict[tuple[str, str], str] = {}

#: Examples of pages not yet revised to be complete (or marked as fragments): (page, a line
#: of the block) -> what they lack. Strict too: a revised example must leave this list.
UNREVISED: dict[tuple[str, str], str] = {}


#: Examples of ``UNREVISED`` that are not even Python on their own.
NOT_PYTHON: dict[tuple[str, str], str] = {}


def _known(block: Block, tables: tuple[dict[tuple[str, str], str], ...]) -> str | None:
    page = str(block.page.relative_to(ROOT))
    for table in tables:
        for (listed, line), reason in table.items():
            if listed == page and any(line in item for item in raw_lines(block)):
                return reason
    return None


def _checked(example: Example, *tables: dict[tuple[str, str], str]) -> Any:
    reason = _known(example.block, tables)
    if reason is None:
        return example
    return pytest.param(example, marks=pytest.mark.xfail(reason=reason, strict=True))


CASES = [_checked(example, TYPING_GAPS, UNREVISED) for example in ALL]
SYNTAX_CASES = [_checked(example, NOT_PYTHON) for example in ALL]


def _parses(example: Example) -> bool:
    try:
        compile(example.source, example.name, "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


#: What the checkers read: the examples that are Python (a syntax error stops mypy).
PARSED = [example for example in ALL if _parses(example)]

# -- running the checkers ------------------------------------------------------------------------

#: Where the examples' own packages are (``import acme_provider``), as in a user's project.
EXAMPLES = ROOT / "examples"

MYPY_CONFIG = f"""\
[mypy]
strict = True
python_version = 3.10
mypy_path = {EXAMPLES}
"""

#: The report's entry for errors in the examples' packages (imported by the examples).
IMPORTED = "(imported)"

#: A deliberate mistake, checked with the docs: the checkers must report it.
CANARY_NAME = "ex_canary"
CANARY_SOURCE = """\
import authhooks

receiver = authhooks.AuthCore(secret="s3cr3t")
event = receiver.verify(b"{}", {})
number: int = event.type
"""

Report = dict[str, list[str]]  # file name -> "line: message" errors


def _write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    sources = {example.name: example.source for example in PARSED}
    sources[CANARY_NAME] = CANARY_SOURCE
    paths = []
    for name, source in sources.items():
        path = folder / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    return paths


@functools.cache
def _mypy(folder: Path) -> Report:
    pytest.importorskip("mypy", reason="mypy is not installed (the typing nox session has it)")
    paths = _write(folder)
    (folder / "mypy.ini").write_text(MYPY_CONFIG, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(folder / "mypy.ini"),
            "--cache-dir",
            str(folder / ".mypy_cache"),
            "--no-error-summary",
            "--show-error-codes",
            *(path.name for path in paths),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode not in (0, 1) or done.stderr.strip():
        raise AssertionError(f"mypy did not run: {done.stderr or done.stdout}")
    report: Report = {path.stem: [] for path in paths}
    report[IMPORTED] = []
    for line in done.stdout.splitlines():
        match = re.fullmatch(r"(.+)\.py:(\d+): (error|note): (.*)", line)
        if match is None:
            raise AssertionError(f"unexpected mypy output: {line}")
        if match[3] != "error":
            continue
        if match[1] in report:
            report[match[1]].append(f"{match[2]}: {match[4]}")
        else:
            report[IMPORTED].append(line)
    return report


@functools.cache
def _pyright(folder: Path) -> Report:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyright"
    )
    if pyright is None:
        pytest.skip("pyright is not installed (the typing nox session installs it)")
    paths = _write(folder)
    config = {
        "pythonVersion": "3.10",
        "typeCheckingMode": "standard",
        "extraPaths": [str(EXAMPLES)],
    }
    (folder / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run(
        [pyright, "--outputjson", "--pythonpath", sys.executable, *(p.name for p in paths)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    try:
        output = json.loads(done.stdout)
    except ValueError:
        raise AssertionError(f"pyright did not run: {done.stderr or done.stdout}") from None
    report: Report = {path.stem: [] for path in paths}
    for diagnostic in output["generalDiagnostics"]:
        if diagnostic["severity"] != "error":
            continue
        line = diagnostic["range"]["start"]["line"] + 1
        message = " ".join(diagnostic["message"].split())
        rule = diagnostic.get("rule", "")
        report[Path(diagnostic["file"]).stem].append(f"{line}: {message} ({rule})")
    return report


@pytest.fixture(scope="session")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("docs_examples")


def _errors(report: Report, example: Example) -> list[str]:
    """The errors of ``example``'s own lines, at their place in the page or included file."""
    if example.name not in report:
        return ["not Python: see test_example_is_python"]
    result = []
    for error in report[example.name]:
        number, _, message = error.partition(": ")
        origin = example.origin[int(number) - 1]
        if origin is not None:
            result.append(f"{origin}: {message}")
    return result


@pytest.mark.parametrize("example", SYNTAX_CASES, ids=IDS)
def test_example_is_python(example: Example) -> None:
    compile(example.source, example.block.where, "exec", dont_inherit=True)


@pytest.mark.parametrize("example", CASES, ids=IDS)
def test_example_passes_mypy_strict(example: Example, checked: Path) -> None:
    assert _errors(_mypy(checked / "mypy"), example) == []


@pytest.mark.parametrize("example", CASES, ids=IDS)
def test_example_passes_pyright(example: Example, checked: Path) -> None:
    assert _errors(_pyright(checked / "pyright"), example) == []


def test_the_examples_packages_pass_mypy_strict(checked: Path) -> None:
    """The packages the examples import (``examples/acme_provider``) pass too."""
    assert _mypy(checked / "mypy")[IMPORTED] == []


def test_the_checkers_report_a_mistake(checked: Path) -> None:
    """The canary (a ``str`` assigned to an ``int``) fails both checkers: they did run."""
    assert any('"str"' in error for error in _mypy(checked / "mypy")[CANARY_NAME])
    assert any('"str"' in error for error in _pyright(checked / "pyright")[CANARY_NAME])


def test_every_known_failure_names_an_example() -> None:
    """An entry of ``TYPING_GAPS``, ``UNREVISED`` or ``NOT_PYTHON`` that matches no block is
    stale."""
    stale = []
    for listed, line in [*TYPING_GAPS, *UNREVISED, *NOT_PYTHON]:
        page = ROOT / listed
        found = page.is_file() and any(
            line in item for block in blocks(page) for item in raw_lines(block)
        )
        if not found:
            stale.append(f"{listed}: {line}")
    assert stale == []


# -- the markers ---------------------------------------------------------------------------------


def test_markers_precede_python_blocks() -> None:
    """A marker not followed by a ``python`` fence marks nothing: a misplaced one is an error."""
    misplaced = []
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if line.strip() in (FRAGMENT, CONTINUES) and (
                number == len(lines) or not lines[number].strip().startswith("```python")
            ):
                misplaced.append(where(page, number))
    assert misplaced == []


def test_most_examples_are_complete() -> None:
    """Fragments stay few: the docs show code a user can copy and check."""
    every = [block for page in PAGES for block in blocks(page)]
    fragments = [block.where for block in every if block.mark == FRAGMENT]
    assert len(fragments) * 5 <= len(every), fragments


def test_a_continued_example_has_a_complete_one_before_it() -> None:
    for page in PAGES:
        seen_complete = False
        for block in blocks(page):
            if block.mark == CONTINUES:
                assert seen_complete, f"{block.where}: continues nothing"
            seen_complete |= block.mark is None


def test_included_files_are_reported_at_their_own_lines() -> None:
    (block,) = [
        b for b in blocks(ROOT / "docs/frameworks/flask.md") if b.origins[0].startswith("examples/")
    ]
    assert block.origins[0] == "examples/flask_app.py:1"
    assert block.lines[0] == (ROOT / "examples/flask_app.py").read_text().splitlines()[0]


# -- the "verify any sender" pages run -----------------------------------------------------------

#: Pages whose complete examples are also run: they build their requests with ``sign``.
RUN = [*sorted((ROOT / "docs" / "schemes").glob("*.md")), ROOT / "docs/write-your-own-provider.md"]
RUNNABLE = [example for page in RUN for example in examples(page)]


@pytest.mark.parametrize("example", RUNNABLE, ids=[e.block.where for e in RUNNABLE])
def test_scheme_page_example_runs(
    example: Example, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run as a module of its own (pydantic resolves the annotations in ``sys.modules``)."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    path = tmp_path / f"{example.name}.py"
    path.write_text(example.source, encoding="utf-8")
    runpy.run_path(str(path), run_name="docs_example")
