from __future__ import annotations

import inspect
import subprocess
import sys
from importlib import resources

import pytest

import authhooks


def test_all_names_resolve() -> None:
    for name in authhooks.__all__:
        assert getattr(authhooks, name) is not None, name
    assert set(authhooks.__all__) <= set(dir(authhooks))


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        authhooks.NoSuchThing  # noqa: B018


def test_ships_py_typed() -> None:
    assert resources.files("authhooks").joinpath("py.typed").is_file()


def test_public_api_has_docstrings() -> None:
    for name in authhooks.__all__:
        value = getattr(authhooks, name)
        if inspect.isclass(value) or inspect.isfunction(value):  # not the type aliases
            assert value.__doc__, f"{name} has no docstring"


def test_import_is_lazy() -> None:
    """``import authhooks`` loads no provider, no JWT library and no framework."""
    code = (
        "import sys, authhooks\n"
        "heavy = [m for m in ('jwt', 'cryptography', 'flask', 'django', 'starlette', 'redis',"
        " 'authhooks.providers.userfront', 'pydantic.main') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_receiver_does_not_load_jwt() -> None:
    code = (
        "import sys, authhooks\n"
        "r = authhooks.Userfront(api_key='k')\n"
        "print(','.join(m for m in ('jwt', 'cryptography') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_verify_and_parse_is_receiver_verify() -> None:
    from authhooks.testing import sign_userfront

    receiver = authhooks.Userfront(api_key="k")
    request = sign_userfront({"action": "create", "model": "user", "record": {}}, api_key="k")
    event = authhooks.verify_and_parse(receiver, request.body, request.headers)
    assert event == receiver.verify(request.body, request.headers)


def test_the_package_root_spells_out_the_registered_providers() -> None:
    # Type checkers and documentation tools read the root's TYPE_CHECKING imports; the registry
    # drives the names at run time. Both must agree, provider by provider.
    import ast
    from pathlib import Path

    import authhooks.providers

    tree = ast.parse(Path(authhooks.__file__).read_text(encoding="utf-8"))
    spelled: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "authhooks.providers."
        ):
            for alias in node.names:
                spelled[alias.name] = node.module or ""
    assert spelled == authhooks.providers.exports()
    assert set(spelled) <= set(authhooks.__all__)
