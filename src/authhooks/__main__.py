"""``python -m authhooks``: the command-line interface."""

from authhooks.cli import main

raise SystemExit(main())
