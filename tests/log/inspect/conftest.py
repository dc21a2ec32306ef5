"""Fixtures of the page's tests: a headless Chromium driven by selenium (Debian's
``chromium`` and ``chromium-driver``), and ``authhooks inspect`` serving a log on SQLite.

Without Chromium the browser tests are skipped, unless ``AUTHHOOKS_REQUIRE_BROWSER=1`` (CI
sets it), which makes them fail instead. Screenshots go to ``$AUTHHOOKS_TEST_ARTIFACTS``
(CI keeps them), else to the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _missing(why: str) -> None:
    if os.environ.get("AUTHHOOKS_REQUIRE_BROWSER") == "1":
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (selenium's ``webdriver.Chrome``)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    driver_path = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None or not Path(driver_path).is_file():
        _missing(
            "Chromium and its driver are not installed (apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(binary)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where this test's screenshots go."""
    given = os.environ.get("AUTHHOOKS_TEST_ARTIFACTS")
    if not given:
        return tmp_path
    folder = Path(given) / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Page:
    """``authhooks inspect`` serving a log."""

    url: str
    handled: Path

    def handled_ids(self) -> list[str]:
        return self.handled.read_text().split() if self.handled.exists() else []


@pytest.fixture
def serve_inspect(tmp_path: Path) -> Iterator[Any]:
    """A function starting ``authhooks inspect --log PATH`` (with a replay handler) on a
    free port; the servers stop at the end of the test."""
    processes: list[subprocess.Popen[str]] = []

    def start(log_path: Path) -> Page:
        handled = tmp_path / "handled.txt"
        process = subprocess.Popen(
            [sys.executable, "-m", "authhooks", "inspect", "--log", str(log_path), "--port",
             "0", "--handler", "tests.log.inspect.hooks:handle"],
            cwd=ROOT,
            env={**os.environ, "AUTHHOOKS_TEST_HANDLED": str(handled), "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )  # fmt: skip
        processes.append(process)
        assert process.stdout is not None
        line = process.stdout.readline()  # "authhooks inspect: http://127.0.0.1:PORT/ ..."
        assert line.startswith("authhooks inspect: http://127.0.0.1:"), line
        return Page(line.split()[2].rstrip("/"), handled)

    yield start
    for process in processes:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
