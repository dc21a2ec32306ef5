"""The pages of ``authhooks inspect``: the list of deliveries and one delivery's detail.

Every value from the log goes through ``esc``/``render``: a body, a header, an event id, a
route, an error message are whatever a client sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import urlencode

from authhooks._describe import describe_event
from authhooks.errors import WebhookError
from authhooks.log._record import OUTCOMES, Record
from authhooks.log.inspect._html import Html, join, render

__all__ = ["SINCE", "STYLE", "detail_page", "list_page"]

_BODY_SHOWN = 256 * 1024

#: The "received" filter's choices: label -> seconds back.
SINCE = {"15m": 900, "1h": 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400}

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f8fa; }
header { background: #24292f; padding: 10px 20px; }
header a { color: #fff; font-weight: 600; text-decoration: none; }
main { padding: 16px 20px; }
h1 { font-size: 20px; margin: 4px 0 12px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #d0d7de;
         vertical-align: top; }
td.wrap { overflow-wrap: anywhere; }
th, td.num, .outcome { white-space: nowrap; }
th { background: #eaeef2; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #fff; border: 1px solid #d0d7de; padding: 8px; white-space: pre-wrap;
      word-break: break-all; max-height: 480px; overflow: auto; }
.outcome { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px;
           background: #eaeef2; }
.outcome-handled, .outcome-duplicate, .outcome-accepted { background: #dafbe1; }
.outcome-rejected, .outcome-in_progress { background: #fff8c5; }
.outcome-failed, .outcome-dead_letter { background: #ffebe9; }
.why { color: #57606a; font-size: 12px; }
form.filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; margin-bottom: 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; }
dt { font-weight: 600; } dd { margin: 0; }
.note { color: #57606a; }
.message { background: #ddf4ff; border: 1px solid #54aeff; padding: 6px 10px; }
"""

_LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · authhooks</title>
<link rel="stylesheet" href="{root}/style.css"></head>
<body><header><a href="{root}/">authhooks · webhook deliveries</a></header>
<main>{content}</main></body></html>"""


def when(at: float) -> str:
    """A Unix time as local date and time, to the millisecond."""
    return datetime.fromtimestamp(at).isoformat(sep=" ", timespec="milliseconds")


def page(root: str, title: str, content: Html) -> str:
    """A whole page."""
    return render(_LAYOUT, root=root, title=title, content=content)


def _outcome(outcome: str) -> Html:
    return render('<span class="outcome outcome-{o}">{o}</span>', o=outcome)


def _options(choices: Sequence[tuple[str, str]], chosen: str) -> Html:
    return join(
        render('<option value="{v}"{s}>{label}</option>', v=v, label=label, s="")
        if v != chosen
        else render('<option value="{v}" selected>{label}</option>', v=v, label=label)
        for v, label in choices
    )


def list_page(
    root: str,
    records: Sequence[Record],
    filters: Mapping[str, str],
    providers: Sequence[str],
    *,
    more: bool,
) -> str:
    """The deliveries as a filterable table."""
    form = render(
        '<form class="filters" method="get" action="{root}/">'
        '<label>provider<select name="provider">{providers}</select></label>'
        '<label>outcome<select name="outcome">{outcomes}</select></label>'
        '<label>received<select name="since">{since}</select></label>'
        '<label>route<input name="route" value="{route}"></label>'
        '<label>event id<input name="event_id" value="{event_id}"></label>'
        '<button type="submit">Filter</button></form>',
        root=root,
        providers=_options(
            [("", "any"), *((p, p) for p in providers)], filters.get("provider", "")
        ),
        outcomes=_options([("", "any"), *((o, o) for o in OUTCOMES)], filters.get("outcome", "")),
        since=_options(
            [("", "any time"), *((k, f"last {k}") for k in SINCE)], filters.get("since", "")
        ),
        route=filters.get("route", ""),
        event_id=filters.get("event_id", ""),
    )
    rows = join(_row(root, record) for record in records)
    table = render(
        '<table id="deliveries"><thead><tr><th>received</th><th>provider</th><th>route</th>'
        "<th>outcome</th><th>status</th><th>reason</th><th>event</th><th>duration</th>"
        "</tr></thead><tbody>{rows}</tbody></table>",
        rows=rows,
    )
    empty = Html("") if records else Html('<p class="note" id="empty">No delivery matches.</p>')
    older = Html("")
    if more and records:
        query = urlencode({**{k: v for k, v in filters.items() if v}, "before": records[-1].id})
        older = render(
            '<p><a id="older" href="{root}/?{q}">Older deliveries</a></p>', root=root, q=query
        )
    content = render(
        "<h1>Deliveries</h1>{form}{table}{empty}{older}",
        form=form,
        table=table,
        empty=empty,
        older=older,
    )
    return page(root, "Deliveries", content)


def _row(root: str, record: Record) -> Html:
    why = Html("")
    if record.outcome == "rejected" and record.diagnosis:
        why = render('<div class="why">{m}</div>', m=record.diagnosis[0].message)
    event = " ".join(part for part in (record.event_type, record.event_id) if part)
    return render(
        '<tr data-id="{id}" data-outcome="{outcome}">'
        '<td><a href="{root}/deliveries/{id}">{received}</a></td><td>{provider}</td>'
        "<td class=wrap>{route}</td><td>{badge}</td><td class=num>{status}</td>"
        "<td>{reason}{why}</td><td class=wrap>{event}</td><td class=num>{ms}</td></tr>",
        root=root,
        id=record.id,
        outcome=record.outcome,
        received=when(record.received_at),
        provider=record.provider,
        route=record.route or "",
        badge=_outcome(record.outcome),
        status="" if record.status is None else record.status,
        reason=record.reason or "",
        why=why,
        event=event,
        ms="" if record.total_ms is None else f"{record.total_ms:.1f} ms",
    )


def detail_page(
    root: str,
    record: Record,
    replays: Sequence[Record],
    *,
    token: str,
    can_replay: str | None,
    message: str | None,
) -> str:
    """One delivery: summary, timeline, diagnosis, replay form, headers, body, event.

    ``can_replay``: why the replay button is off (``None``: it is on).
    """
    parts = [
        render(
            "<h1>Delivery <code>{id}</code> {badge}</h1>",
            id=record.id,
            badge=_outcome(record.outcome),
        )
    ]
    if message:
        parts.append(render('<p class="message" id="message">{m}</p>', m=message))
    parts.append(_summary(root, record, replays))
    parts.append(_timeline(record))
    if record.diagnosis:
        items = join(
            render(
                '<li data-code="{code}"><code>{code}</code> {message}</li>',
                code=f.code,
                message=f.message,
            )
            for f in record.diagnosis
        )
        parts.append(
            render('<section id="diagnosis"><h2>Diagnosis</h2><ul>{i}</ul></section>', i=items)
        )
    parts.append(_replay_form(root, record, token, can_replay))
    parts.append(_request(record))
    parts.append(_event(record))
    return page(root, f"Delivery {record.id}", join(parts))


def _summary(root: str, record: Record, replays: Sequence[Record]) -> Html:
    durations = ", ".join(
        f"{name} {value:.1f} ms"
        for name, value in (
            ("verify", record.verify_ms),
            ("handler", record.handler_ms),
            ("total", record.total_ms),
        )
        if value is not None
    )
    rows: list[tuple[str, object]] = [
        ("received", when(record.received_at)),
        ("provider", record.provider),
        ("route", record.route),
        ("client", record.client),
        ("status", record.status),
        ("reason", record.reason),
        ("error", record.error),
        ("event type", record.event_type or None),
        ("event id", record.event_id or None),
        ("delivery id", record.delivery_id),
        ("attempts", record.attempts),
        ("durations", durations or None),
    ]
    items = [render("<dt>{k}</dt><dd>{v}</dd>", k=k, v=v) for k, v in rows if v is not None]
    if record.replay_of:
        items.append(
            render(
                '<dt>replay of</dt><dd><a href="{root}/deliveries/{id}">{id}</a></dd>',
                root=root,
                id=record.replay_of,
            )
        )
    for replay in replays:
        items.append(
            render(
                '<dt>replayed</dt><dd class="replay">'
                '<a href="{root}/deliveries/{id}">{id}</a> {badge}</dd>',
                root=root,
                id=replay.id,
                badge=_outcome(replay.outcome),
            )
        )
    return render('<dl id="summary">{items}</dl>', items=join(items))


def _timeline(record: Record) -> Html:
    steps = join(
        render(
            '<tr data-step="{name}"><td class=num>+{offset} ms</td><td>{name}</td>'
            "<td class=num>{status}</td><td>{detail}</td></tr>",
            offset=f"{(step.at - record.received_at) * 1000:.1f}",
            name=step.name,
            status="" if step.status is None else step.status,
            detail=step.detail,
        )
        for step in record.steps
    )
    return render(
        '<section id="timeline"><h2>Timeline</h2><table><tbody>{steps}</tbody></table></section>',
        steps=steps,
    )


def _replay_form(root: str, record: Record, token: str, can_replay: str | None) -> Html:
    if can_replay is not None:
        return render(
            '<section id="replay"><h2>Replay</h2><button type="button" disabled>Replay</button> '
            '<span class="note">{why}</span></section>',
            why=can_replay,
        )
    return render(
        '<section id="replay"><h2>Replay</h2>'
        '<form method="post" action="{root}/deliveries/{id}/replay">'
        '<input type="hidden" name="token" value="{token}">'
        '<label><input type="checkbox" name="force" value="1"> even if already handled</label> '
        '<button type="submit" id="replay-button">Replay</button></form></section>',
        root=root,
        id=record.id,
        token=token,
    )


def _request(record: Record) -> Html:
    if not record.kept:
        return render(
            '<section id="request"><h2>Request</h2>'
            '<p class="note">Not kept ({size} bytes received).</p></section>',
            size=record.body_size,
        )
    headers = join(
        render("<tr><th>{name}</th><td><code>{value}</code></td></tr>", name=name, value=value)
        for name, value in (record.headers or {}).items()
    )
    body = record.body or b""
    # The bytes as received, not re-indented: whether they were re-serialised matters.
    text = body[:_BODY_SHOWN].decode("utf-8", "replace")
    cut = f" (first {_BODY_SHOWN} bytes shown)" if len(body) > _BODY_SHOWN else ""
    return render(
        '<section id="request"><h2>Headers <span class="note">(secrets redacted)</span></h2>'
        '<table id="headers"><tbody>{headers}</tbody></table>'
        '<h2>Body <span class="note">({size} bytes{cut})</span></h2>'
        '<pre id="body">{body}</pre></section>',
        headers=headers,
        size=len(body),
        cut=cut,
        body=text,
    )


def _event(record: Record) -> Html:
    if record.delivery is None:
        return Html("")
    try:
        described = json.dumps(
            describe_event(record.delivery.parse()), indent=2, ensure_ascii=False, default=str
        )
    except WebhookError as exc:
        described = f"does not parse: {type(exc).__name__}: {exc}"
    return render(
        '<section id="event"><h2>Parsed event</h2><pre id="parsed">{e}</pre></section>', e=described
    )
