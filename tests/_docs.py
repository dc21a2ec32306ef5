"""The Python blocks of the README and the docs, as the docs' example tests read them.

See ``test_docs_examples`` for what the markers mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CONTINUES",
    "FRAGMENT",
    "PAGES",
    "ROOT",
    "Block",
    "Example",
    "blocks",
    "examples",
    "raw_lines",
    "where",
]

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

FRAGMENT = "<!-- fragment -->"
CONTINUES = "<!-- continues -->"
_FENCE = re.compile(r"^(?P<indent>[ ]*)```(?P<lang>[\w+-]*)[^\n]*$")
_SNIPPET = re.compile(r'^--8<-- "(?P<path>[^"]+)"$')


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


@dataclass(frozen=True)
class Block:
    """One fenced ``python`` block of a page, with its included files expanded."""

    page: Path
    line: int  # the fence's line, 1-based
    lines: tuple[str, ...]
    #: Where each line comes from: ``page:line``, or ``examples/x.py:line`` when included.
    origins: tuple[str, ...]
    mark: str | None  # FRAGMENT, CONTINUES or None

    @property
    def where(self) -> str:
        return where(self.page, self.line)

    @property
    def code(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def _expand(page: Path, first: int, raw: list[str]) -> tuple[list[str], list[str]]:
    """The block's lines with ``--8<--`` includes replaced by the files, and their origins."""
    lines: list[str] = []
    origins: list[str] = []
    for number, line in enumerate(raw, start=first):
        snippet = _SNIPPET.match(line.strip())
        if snippet is None:
            lines.append(line)
            origins.append(where(page, number))
            continue
        included = ROOT / snippet["path"]
        if not included.is_file():
            raise AssertionError(f"{where(page, number)}: no file {snippet['path']}")
        text = included.read_text(encoding="utf-8").splitlines()
        lines += text
        origins += [where(included, n) for n in range(1, len(text) + 1)]
    return lines, origins


def blocks(page: Path) -> list[Block]:
    """The ``python`` blocks of ``page``, each with the marker on the line before it."""
    text = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(text):
        opening = _FENCE.match(text[index])
        if opening is None:
            index += 1
            continue
        indent = opening["indent"]
        end = index + 1
        while end < len(text) and text[end].strip() != "```":
            end += 1
        if end == len(text):
            raise AssertionError(f"{where(page, index + 1)}: unclosed fence")
        if opening["lang"] == "python":
            before = text[index - 1].strip() if index > 0 else ""
            raw = [line.removeprefix(indent) for line in text[index + 1 : end]]
            lines, origins = _expand(page, index + 2, raw)
            mark = before if before in (FRAGMENT, CONTINUES) else None
            found.append(Block(page, index + 1, tuple(lines), tuple(origins), mark))
        index = end + 1
    return found


@dataclass(frozen=True)
class Example:
    """A file to check: the block, after the page's complete blocks it continues."""

    block: Block
    source: str
    #: For each line of ``source``: where it comes from, or ``None`` for a line of a block
    #: it continues (checked, and reported, with that block).
    origin: tuple[str | None, ...]

    @property
    def name(self) -> str:
        slug = re.sub(r"[^0-9a-zA-Z]+", "_", str(self.block.page.relative_to(ROOT)))
        return f"ex_{slug.strip('_').lower()}_{self.block.line}"


def examples(page: Path) -> list[Example]:
    """The examples of ``page`` to check (every block but the fragments)."""
    result: list[Example] = []
    complete: list[Block] = []
    for block in blocks(page):
        if block.mark == FRAGMENT:
            continue
        before = complete if block.mark == CONTINUES else []
        source = "".join(item.code for item in before) + block.code
        origin: list[str | None] = [None] * sum(len(item.lines) for item in before)
        origin += block.origins
        result.append(Example(block, source, tuple(origin)))
        if block.mark is None:
            complete.append(block)
    return result


def raw_lines(block: Block) -> list[str]:
    """The block's lines as written in the page (an include as its ``--8<--`` line)."""
    text = block.page.read_text(encoding="utf-8").splitlines()
    end = next(n for n in range(block.line, len(text)) if text[n].strip() == "```")
    return text[block.line : end]
