"""The SQL store of the delivery log: [`SqlStore`][authhooks.log.sql.SqlStore], on SQLAlchemy
Core 2 (SQLite, PostgreSQL, any database SQLAlchemy supports).

Install it with ``pip install 'authhooks[log]'`` (SQLite) or ``'authhooks[postgres]'``. The
tables are ``authhooks_delivery`` and ``authhooks_delivery_step``, the same as those of the
Django app (``authhooks.django_log``), so either reads what the other wrote.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

try:
    import sqlalchemy as sa
except ImportError as exc:  # pragma: no cover (the extra is installed in the tests)
    raise ImportError(
        "authhooks.log.sql needs SQLAlchemy 2: install authhooks[log] "
        "(pip install 'authhooks[log]'), or authhooks[postgres] for PostgreSQL"
    ) from exc

from authhooks.errors import ConfigurationError
from authhooks.log._record import (
    SUMMARY_COLUMNS,
    Change,
    Query,
    Record,
    Step,
    record_from_row,
    request_columns_of,
    row_defaults,
)
from authhooks.log._store import LogStore

__all__ = ["DELIVERIES", "METADATA", "STEPS", "SqlStore", "database_url"]

METADATA = sa.MetaData()

#: One row per delivery.
DELIVERIES = sa.Table(
    "authhooks_delivery",
    METADATA,
    sa.Column("id", sa.String(26), primary_key=True),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("provider", sa.String(64), nullable=False),
    sa.Column("route", sa.String(255)),
    sa.Column("client", sa.String(64)),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("reason", sa.String(64)),
    sa.Column("event_type", sa.String(255), nullable=False),
    sa.Column("event_id", sa.String(255), nullable=False),
    sa.Column("delivery_id", sa.String(255)),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("verify_ms", sa.Float),
    sa.Column("handler_ms", sa.Float),
    sa.Column("total_ms", sa.Float),
    sa.Column("body_size", sa.Integer, nullable=False),
    sa.Column("kept", sa.Boolean(create_constraint=False), nullable=False),
    sa.Column("body", sa.LargeBinary),
    sa.Column("headers", sa.Text),
    sa.Column("parse", sa.Text),
    sa.Column("payload", sa.LargeBinary),
    sa.Column("diagnosis", sa.Text),
    sa.Column("replay_of", sa.String(26)),
    sa.Index("authhooks_delivery_received", "received_at"),
    sa.Index("authhooks_delivery_provider", "provider", "received_at"),
    sa.Index("authhooks_delivery_outcome", "outcome", "received_at"),
    sa.Index("authhooks_delivery_event", "provider", "event_id"),
    sa.Index("authhooks_delivery_replay_of", "replay_of"),
)

#: The timeline: one row per step.
STEPS = sa.Table(
    "authhooks_delivery_step",
    METADATA,
    sa.Column(
        "id",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=True,
    ),
    sa.Column("delivery", sa.String(26), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("name", sa.String(32), nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Index("authhooks_step_delivery", "delivery", "at"),
)

_SUMMARY = [DELIVERIES.c[name] for name in SUMMARY_COLUMNS]


def database_url(spec: str | os.PathLike[str]) -> str:
    """The SQLAlchemy URL of ``spec``: a URL as it is (``postgresql://`` and ``postgres://``
    use psycopg 3), a file path as an SQLite database."""
    text = os.fspath(spec)
    if "://" not in text:
        if not text:
            raise ConfigurationError("the delivery log needs a file path or a database URL")
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    scheme, _, rest = text.partition("://")
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return text


class SqlStore(LogStore):
    """The delivery log in an SQL database, through SQLAlchemy Core.

    ```python
    SqlStore("deliveries.db")  # SQLite: a file path is all it takes
    SqlStore("postgresql://authhooks@db.internal/webhooks")  # psycopg 3
    ```

    SQLite runs in WAL mode (readers never wait on the writer; several processes may share
    the file). Each batch of records is one transaction.

    Args:
        url: a file path (SQLite), an SQLAlchemy URL, or an ``Engine``.
        create: create the tables when they do not exist (``False`` when migrations, such
            as the Django app's, manage them).
        connect_timeout: seconds to wait for a database server's connection.
        engine_options: passed to ``sqlalchemy.create_engine``.
    """

    def __init__(
        self,
        url: str | os.PathLike[str] | sa.Engine,
        *,
        create: bool = True,
        connect_timeout: float = 5.0,
        **engine_options: Any,
    ) -> None:
        if isinstance(url, sa.Engine):
            self.engine = url
        else:
            full = database_url(url)
            options: dict[str, Any] = {"pool_pre_ping": True, **engine_options}
            if full.startswith("postgresql+psycopg"):
                options.setdefault("connect_args", {}).setdefault(
                    "connect_timeout", max(1, round(connect_timeout))
                )
            elif full.startswith("sqlite"):
                options.setdefault("connect_args", {}).setdefault("timeout", connect_timeout)
                if full in ("sqlite://", "sqlite:///:memory:"):
                    options.setdefault("poolclass", sa.pool.StaticPool)
                    options["connect_args"].setdefault("check_same_thread", False)
            self.engine = sa.create_engine(full, **options)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        if create:
            self.create_tables()

    def create_tables(self) -> None:
        """Create the tables and indexes that do not exist yet."""
        try:
            METADATA.create_all(self.engine, checkfirst=True)
        except sa.exc.DBAPIError:
            # Another process created them at the same moment: check again.
            METADATA.create_all(self.engine, checkfirst=True)

    def apply(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` in one transaction (see
        [`LogStore.apply`][authhooks.log.LogStore.apply])."""
        now = time.time()
        new = [row_defaults(change, now) for change in changes if change.new]
        steps = [
            {"delivery": c.id, "at": s.at, "name": s.name, "status": s.status, "detail": s.detail}
            for c in changes
            for s in c.steps
        ]
        with self.engine.begin() as connection:
            if new:
                # A worker's attempt may have made the row first: the request's columns join it.
                ids = [row["id"] for row in new]
                found = set(
                    connection.execute(
                        sa.select(DELIVERIES.c.id).where(
                            DELIVERIES.c.id.in_(ids), DELIVERIES.c.total_ms.is_(None)
                        )
                    ).scalars()
                )
                fresh = [row for row in new if row["id"] not in found]
                if fresh:
                    connection.execute(DELIVERIES.insert(), fresh)
                for change in changes:
                    if change.new and change.id in found:
                        connection.execute(
                            DELIVERIES.update()
                            .where(DELIVERIES.c.id == change.id)
                            .values(request_columns_of(change, now))
                        )
            for change in changes:
                if change.new or not (change.fields or change.attempts):
                    continue
                values: dict[str, Any] = dict(change.fields)
                if change.attempts:
                    values["attempts"] = DELIVERIES.c.attempts + change.attempts
                done = connection.execute(
                    DELIVERIES.update().where(DELIVERIES.c.id == change.id).values(values)
                )
                if done.rowcount == 0 and change.create:
                    connection.execute(DELIVERIES.insert(), [row_defaults(change, now)])
            if steps:
                connection.execute(STEPS.insert(), steps)

    def get(self, record_id: str) -> Record | None:
        """The record ``record_id`` with its request and timeline."""
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(DELIVERIES).where(DELIVERIES.c.id == record_id)
            ).first()
            if row is None:
                return None
            steps = connection.execute(
                sa.select(STEPS.c.name, STEPS.c.at, STEPS.c.status, STEPS.c.detail)
                .where(STEPS.c.delivery == record_id)
                .order_by(STEPS.c.at, STEPS.c.id)
            ).all()
        return record_from_row(
            dict(row._mapping), [Step(s.name, s.at, s.status, s.detail) for s in steps]
        )

    def find(self, query: Query) -> list[Record]:
        """The records matching ``query``, newest first (without request or timeline)."""
        c = DELIVERIES.c
        statement = sa.select(*_SUMMARY)
        conditions: list[Any] = []
        if query.provider is not None:
            conditions.append(c.provider == query.provider)
        if query.outcomes:
            conditions.append(c.outcome.in_(query.outcomes))
        if query.since is not None:
            conditions.append(c.received_at >= query.since)
        if query.until is not None:
            conditions.append(c.received_at < query.until)
        if query.route is not None:
            conditions.append(c.route == query.route)
        if query.event_id is not None:
            conditions.append(c.event_id == query.event_id)
        if query.replay_of is not None:
            conditions.append(c.replay_of == query.replay_of)
        if query.replays is not None:
            conditions.append(c.replay_of.is_not(None) if query.replays else c.replay_of.is_(None))
        if query.before is not None:
            conditions.append(c.id < query.before)
        if conditions:
            statement = statement.where(*conditions)
        statement = statement.order_by(c.received_at.desc(), c.id.desc()).limit(max(0, query.limit))
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [record_from_row(dict(row._mapping)) for row in rows]

    def providers(self) -> list[str]:
        """The providers of the records kept, sorted."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(DELIVERIES.c.provider).distinct().order_by(DELIVERIES.c.provider)
            ).all()
        return [str(row[0]) for row in rows]

    def purge(self, before: float) -> int:
        """Delete the records received before ``before``, and their steps."""
        with self.engine.begin() as connection:
            old = sa.select(DELIVERIES.c.id).where(DELIVERIES.c.received_at < before)
            connection.execute(STEPS.delete().where(STEPS.c.delivery.in_(old)))
            connection.execute(STEPS.delete().where(STEPS.c.at < before))
            done = connection.execute(DELIVERIES.delete().where(DELIVERIES.c.received_at < before))
        return int(done.rowcount or 0)

    def after_fork(self) -> None:
        """Forget the parent's pooled connections (they stay the parent's)."""
        self.engine.dispose(close=False)

    def close(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL (readers do not block the writer, nor it them), and a synchronous level that
    stays consistent across a crash of the process.

    Turning WAL on needs the database to itself: when another process holds it (a Django
    project writing the same file), the connection keeps the file's journal mode.
    """
    import sqlite3

    cursor = connection.cursor()
    try:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if not mode or str(mode[0]).lower() != "wal":
            with contextlib.suppress(sqlite3.OperationalError):  # busy: the next one tries
                cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
