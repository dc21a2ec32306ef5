from __future__ import annotations

#: The throw-away key pairs of ``tests._keys`` serve every folder's tests as fixtures.
pytest_plugins = ["pytester", "tests._keys"]
