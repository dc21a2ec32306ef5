"""``authhooks inspect`` in a real browser (headless Chromium through selenium): the
deliveries as a filterable table, a rejected delivery's diagnosis, the replay button, and
hostile bodies, headers and routes shown as text, never as markup. Screenshots of the list
and of the diagnosis are saved as test artifacts, their content checked through the DOM."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import authhooks
from authhooks.log import DeliveryLog
from authhooks.testing import sign_authcore
from tests.log._wiring import deliver
from tests.log.conftest import KEY, sign
from tests.log.inspect.conftest import Page

pytestmark = pytest.mark.network

AUTHCORE_SECRET = "authcore-page-test-secret-0123456789"
HOSTILE = '<script>window.owned=1</script><img src=x onerror="window.owned=2">'


def _boom(event: Any) -> None:
    raise RuntimeError("the handler broke")


def _seed(path: Path) -> dict[str, str]:
    """A log with a handled, a failed, a rejected (re-serialised body) and a hostile
    delivery."""
    log = DeliveryLog(path, logger="tests.quiet")
    userfront = authhooks.Userfront(api_key=KEY)
    ids: dict[str, str] = {}
    genuine = sign({"action": "create", "model": "user", "record": {"email": "ada@example.com"}})
    ids["handled"] = deliver(log, userfront, genuine.body, genuine.headers, route="/hooks/uf")[1]
    failing = sign({"action": "update", "model": "user", "record": {"email": "bob@example.com"}})
    ids["failed"] = deliver(log, userfront, failing.body, failing.headers, _boom)[1]
    hostile = sign({"action": "create", "model": "user", "record": {"name": HOSTILE}})
    headers = {**hostile.headers, "X-Note": HOSTILE}
    ids["hostile"] = deliver(log, userfront, hostile.body, headers, route=f"/hooks/{HOSTILE}")[1]
    authcore = authhooks.AuthCore(secret=AUTHCORE_SECRET)
    signed = sign_authcore({"type": "user.created", "id": "evt_page"}, secret=AUTHCORE_SECRET)
    reserialised = json.dumps(json.loads(signed.body), indent=2).encode()
    ids["rejected"] = deliver(log, authcore, reserialised, signed.headers, route="/hooks/ac")[1]
    assert log.flush(30)
    log.close()
    return ids


@pytest.fixture
def page(tmp_path: Path, serve_inspect: Callable[[Path], Page]) -> tuple[Page, dict[str, str]]:
    ids = _seed(tmp_path / "deliveries.db")
    return serve_inspect(tmp_path / "deliveries.db"), ids


def _ids(browser: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.CSS_SELECTOR, "#deliveries tbody tr")
    return [row.get_attribute("data-id") for row in rows]


def _no_markup_from_the_log(browser: Any) -> None:
    """No element the log's values could have made: no script, no img; nothing ran."""
    assert browser.execute_script("return document.getElementsByTagName('script').length") == 0
    assert browser.execute_script("return document.getElementsByTagName('img').length") == 0
    assert browser.execute_script("return window.owned === undefined")


def _click(browser: Any, selector: str) -> None:
    """Click ``selector`` (CSS) and wait for the page it leads to."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(browser, 15).until(expected_conditions.staleness_of(old))


def _screenshot(browser: Any, folder: Path, name: str) -> Path:
    path = folder / name
    assert browser.save_screenshot(str(path))
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000  # a rendered page, not a blank one
    return path


def test_the_list_filters_and_its_screenshot(
    browser: Any, page: tuple[Page, dict[str, str]], artifacts: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    server, ids = page
    browser.get(server.url + "/")
    assert browser.title == "Deliveries · authhooks"
    assert set(_ids(browser)) == set(ids.values())
    rejected_row = browser.find_element(By.CSS_SELECTOR, f'tr[data-id="{ids["rejected"]}"]')
    assert "rejected" in rejected_row.text
    assert "401" in rejected_row.text
    assert "re-serialised" in rejected_row.find_element(By.CLASS_NAME, "why").text
    hostile_row = browser.find_element(By.CSS_SELECTOR, f'tr[data-id="{ids["hostile"]}"]')
    assert HOSTILE in hostile_row.text  # the hostile route, as text
    _no_markup_from_the_log(browser)
    shot = _screenshot(browser, artifacts, "deliveries.png")
    assert shot.exists()

    # Filter through the form, as a user would.
    Select(browser.find_element(By.NAME, "outcome")).select_by_value("rejected")
    _click(browser, "form.filters button")
    assert "outcome=rejected" in browser.current_url
    assert _ids(browser) == [ids["rejected"]]
    Select(browser.find_element(By.NAME, "outcome")).select_by_value("")
    Select(browser.find_element(By.NAME, "provider")).select_by_value("userfront")
    _click(browser, "form.filters button")
    assert set(_ids(browser)) == {ids["handled"], ids["failed"], ids["hostile"]}
    Select(browser.find_element(By.NAME, "outcome")).select_by_value("failed")
    _click(browser, "form.filters button")
    assert _ids(browser) == [ids["failed"]]
    route = browser.find_element(By.NAME, "route")
    route.clear()
    route.send_keys("/hooks/none")
    _click(browser, "form.filters button")
    assert _ids(browser) == []
    assert browser.find_element(By.ID, "empty").text == "No delivery matches."


def test_a_rejected_delivery_shows_its_diagnosis(
    browser: Any, page: tuple[Page, dict[str, str]], artifacts: Path
) -> None:
    from selenium.webdriver.common.by import By

    server, ids = page
    browser.get(server.url + "/")
    _click(browser, f'tr[data-id="{ids["rejected"]}"] a')
    assert browser.current_url.endswith(f"/deliveries/{ids['rejected']}")
    codes = [
        item.get_attribute("data-code")
        for item in browser.find_elements(By.CSS_SELECTOR, "#diagnosis li")
    ]
    assert "re_serialised" in codes
    diagnosis = browser.find_element(By.ID, "diagnosis").text
    assert "the body looks re-serialised" in diagnosis
    summary = browser.find_element(By.ID, "summary").text
    assert "invalid_signature" in summary
    headers = browser.find_element(By.ID, "headers").text
    assert "x-webhook-signature [redacted]" in headers.lower()
    assert browser.find_element(By.ID, "body").text.startswith("{\n  ")  # as received
    steps = [
        row.get_attribute("data-step")
        for row in browser.find_elements(By.CSS_SELECTOR, "#timeline tr")
    ]
    assert steps[:3] == ["arrived", "received", "refused"]
    assert "diagnosed" in steps
    replay = browser.find_element(By.CSS_SELECTOR, "#replay button")
    assert not replay.is_enabled()  # nothing verified to replay
    shot = _screenshot(browser, artifacts, "rejected-diagnosis.png")
    assert shot.exists()


def test_a_hostile_delivery_is_shown_as_text(
    browser: Any, page: tuple[Page, dict[str, str]]
) -> None:
    from selenium.webdriver.common.by import By

    server, ids = page
    browser.get(f"{server.url}/deliveries/{ids['hostile']}")
    in_json = json.dumps(HOSTILE)  # as the body and the parsed event spell it
    assert in_json in browser.find_element(By.ID, "body").text
    assert in_json in browser.find_element(By.ID, "parsed").text
    assert HOSTILE in browser.find_element(By.ID, "headers").text
    assert HOSTILE in browser.find_element(By.ID, "summary").text  # the route
    assert KEY not in browser.page_source  # the API key was redacted
    _no_markup_from_the_log(browser)


def test_the_replay_button(browser: Any, page: tuple[Page, dict[str, str]]) -> None:
    from selenium.webdriver.common.by import By

    server, ids = page
    browser.get(f"{server.url}/deliveries/{ids['handled']}")
    _click(browser, "#replay-button")
    # Handled before: recorded as a duplicate replay, the handler not run.
    assert (
        "Not replayed: the event was handled before" in browser.find_element(By.ID, "message").text
    )
    assert server.handled_ids() == []
    duplicate = browser.current_url.rsplit("/", 1)[1].split("?")[0]
    assert duplicate != ids["handled"]

    browser.get(f"{server.url}/deliveries/{ids['handled']}")
    browser.find_element(By.NAME, "force").click()
    _click(browser, "#replay-button")
    assert browser.find_element(By.ID, "message").text == "Replayed: the handler ran and finished."
    assert len(server.handled_ids()) == 1
    summary = browser.find_element(By.ID, "summary").text
    assert f"replay of\n{ids['handled']}" in summary

    browser.get(f"{server.url}/deliveries/{ids['failed']}")
    _click(browser, "#replay-button")  # a failed one runs again
    assert browser.find_element(By.ID, "message").text == "Replayed: the handler ran and finished."
    assert len(server.handled_ids()) == 2

    browser.get(f"{server.url}/deliveries/{ids['handled']}")
    replays = browser.find_elements(By.CSS_SELECTOR, "#summary dd.replay")
    assert [r.text.split()[1] for r in replays] == ["handled", "duplicate"]
