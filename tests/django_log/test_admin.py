"""The Django app: its migration makes the SQL store's tables; its admin lists deliveries,
filters them, shows one (timeline, redacted headers, escaped body, parsed event, diagnosis)
and replays the selected ones, through a real server (waitress) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import httpx
import pytest

import authhooks
from authhooks.log import DeliveryLog, Query
from authhooks.log.sql import SqlStore
from authhooks.testing import sign_authcore
from tests.django_log.conftest import ADMIN, Project
from tests.integrations.conftest import serve
from tests.log._wiring import deliver
from tests.log.conftest import KEY, sign

pytestmark = pytest.mark.network

AUTHCORE_SECRET = "authcore-admin-test-secret-0123456789"
HOSTILE = "<script>alert('owned')</script>"
CHANGELIST = "/admin/authhooks_log/deliveryrecord/"


def _seed(project: Project) -> dict[str, str]:
    """Deliveries written by the SQL store into the tables the migration made: handled,
    rejected with a diagnosis, one with a hostile body."""
    log = DeliveryLog(SqlStore(project.database, create=False), logger="tests.quiet")
    userfront = authhooks.Userfront(api_key=KEY)
    ids: dict[str, str] = {}
    genuine = sign({"action": "create", "model": "user", "record": {"email": "ada@example.com"}})
    ids["handled"] = deliver(log, userfront, genuine.body, genuine.headers, route="/hooks/uf")[1]
    hostile = sign({"action": "create", "model": "user", "record": {"name": HOSTILE}})
    ids["hostile"] = deliver(log, userfront, hostile.body, hostile.headers, route="/hooks/uf")[1]
    authcore = authhooks.AuthCore(secret=AUTHCORE_SECRET)
    signed = sign_authcore({"type": "user.created", "id": "evt_1"}, secret=AUTHCORE_SECRET)
    reserialised = json.dumps(json.loads(signed.body), indent=2).encode()
    ids["rejected"] = deliver(log, authcore, reserialised, signed.headers, route="/hooks/ac")[1]
    assert log.flush(30)
    assert log.stats.failed == 0
    log.close()
    return ids


@pytest.fixture
def admin(project: Project) -> Iterator[tuple[httpx.Client, Project, dict[str, str]]]:
    ids = _seed(project)
    with (
        serve("wsgi", "tests.django_log.wsgi:app", env=project.env) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        page = client.get("/admin/login/")
        token = _csrf(page.text)
        done = client.post(
            "/admin/login/?next=/admin/",
            data={
                "username": ADMIN[0],
                "password": ADMIN[1],
                "csrfmiddlewaretoken": token,
                "next": "/admin/",
            },
            headers={"Referer": f"{url}/admin/login/"},
        )
        assert done.status_code == 302, done.text[-500:]
        yield client, project, ids


def _csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _rows(html: str) -> list[str]:
    """The record ids of the change list's rows."""
    return re.findall(r'name="_selected_action" value="([0-9a-f]{26})"', html)


def test_the_migration_matches_the_models(project: Project) -> None:
    checked = project.manage("makemigrations", "authhooks_log", "--check", "--dry-run", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The tables the migration made are those the SQL store writes and reads.
    store = SqlStore(project.database, create=False)
    assert store.find(Query()) == []
    store.close()


def test_the_list_and_its_filters(admin: tuple[httpx.Client, Project, dict[str, str]]) -> None:
    client, _, ids = admin
    listed = client.get(CHANGELIST)
    assert listed.status_code == 200
    assert set(_rows(listed.text)) == set(ids.values())
    rejected = client.get(CHANGELIST, params={"outcome__exact": "rejected"})
    assert _rows(rejected.text) == [ids["rejected"]]
    authcore = client.get(CHANGELIST, params={"provider__exact": "authcore"})
    assert _rows(authcore.text) == [ids["rejected"]]
    recent = client.get(CHANGELIST, params={"age": "1h", "outcome__exact": "handled"})
    assert set(_rows(recent.text)) == {ids["handled"], ids["hostile"]}
    searched = client.get(CHANGELIST, params={"q": ids["hostile"]})
    assert _rows(searched.text) == [ids["hostile"]]
    # Read-only: no "add" page, no change form that saves.
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_a_rejected_delivery_shows_its_diagnosis(
    admin: tuple[httpx.Client, Project, dict[str, str]],
) -> None:
    client, _, ids = admin
    page = client.get(f"{CHANGELIST}{ids['rejected']}/change/")
    assert page.status_code == 200
    text = unescape(page.text)
    assert "re_serialised" in text  # the diagnosis: the body was re-serialised
    assert "rejected" in text
    assert "x-webhook-signature: [redacted]" in text  # the signature is not shown
    signature = sign_authcore({"type": "user.created", "id": "evt_1"}, secret=AUTHCORE_SECRET)
    assert signature.headers["X-Webhook-Signature"] not in text


def test_a_hostile_body_is_escaped(admin: tuple[httpx.Client, Project, dict[str, str]]) -> None:
    client, _, ids = admin
    page = client.get(f"{CHANGELIST}{ids['hostile']}/change/")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in page.text
    assert "authorization: [redacted]" in unescape(page.text)
    assert KEY not in page.text
    assert "user.create" in page.text  # the parsed event


def test_the_replay_action(admin: tuple[httpx.Client, Project, dict[str, str]]) -> None:
    client, project, ids = admin
    listed = client.get(CHANGELIST)
    selected = [ids["handled"], ids["rejected"]]

    def act(action: str) -> str:
        done = client.post(
            CHANGELIST,
            data={
                "action": action,
                "_selected_action": selected,
                "csrfmiddlewaretoken": _csrf(listed.text),
                "index": "0",
            },
            headers={"Referer": str(client.base_url) + CHANGELIST},
            follow_redirects=True,
        )
        assert done.status_code == 200
        return unescape(done.text)

    shown = act("replay")
    assert f"{ids['handled']}: duplicate" in shown  # handled before: not run again
    assert f"{ids['rejected']}: skipped: it was refused" in shown
    assert project.handled_ids() == []
    shown = act("replay_forced")
    assert f"{ids['handled']}: handled" in shown
    assert len(project.handled_ids()) == 1
    store = SqlStore(project.database, create=False)
    replays = store.find(Query(replay_of=ids["handled"]))
    assert [r.outcome for r in replays] == ["handled", "duplicate"]
    original = store.get(ids["handled"])
    assert original is not None
    assert [s.name for s in original.steps].count("replayed") == 2
    store.close()
