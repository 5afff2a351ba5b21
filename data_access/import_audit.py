"""What every import shares, whatever the file holds (indicator data or organisational units): the
result it reports, the writers' lock, the new data version, and the refusal of a blocked rollback."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, CursorResult, Table, insert, select, update

from data_access import models
from data_access.import_parsing import Problem

_BUILD = models.BUILD_INFO


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do). Nothing is written when `problems` is not empty.

    `warnings` do not stop an import (e.g. a total that disagrees with its cells)."""

    filename: str
    sha256: str
    status: str  # imported | dry_run | rejected | failed
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    import_id: int | None = None
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    touched: list[tuple[str, date]] = field(default_factory=list)  # (indicator, period) pairs in the file
    noun: str = "rækker"  # what was counted: rækker (observations) or enheder (units)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One Danish sentence, e.g. "Importeret: 12 nye, 3 ændrede, 0 uændrede rækker"."""
        if self.problems:
            n = len(self.problems)
            return f"Intet importeret: {n} problem{'er' if n != 1 else ''} i {self.filename}."
        verb = "Prøvekørsel (intet gemt)" if self.dry_run else "Importeret"
        text = f"{verb}: {self.inserted} nye, {self.updated} ændrede, {self.unchanged} uændrede {self.noun}"
        return text + (f" (import {self.import_id})" if self.import_id is not None else "")


class RollbackBlocked(Exception):
    """A later import (not rolled back) changed the same rows: roll that one back first."""

    def __init__(self, import_id: int, later: list[int]) -> None:
        ids = ", ".join(str(i) for i in later)
        self.message = (f"Import {import_id} kan ikke rulles tilbage, fordi en senere import ({ids}) "
                        "har ændret nogle af de samme rækker.")
        self.expected = f"rul først import {ids} tilbage"
        super().__init__(self.message)


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row a single-row INSERT wrote (SQLAlchemy types it as optional)."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the INSERT reported no primary key")
    return int(key[0])


def lock_writers(conn: Connection) -> None:
    """Serialise writers: the first statement of every import/rollback writes build_info's fingerprint
    row (a row lock on PostgreSQL, the database write lock on SQLite), so two imports cannot interleave."""
    conn.execute(update(_BUILD).where(_BUILD.c.key == "fingerprint").values(value=_BUILD.c.value))


def set_data_version(conn: Connection, fingerprint: str, today: date) -> None:
    """A new data version: the app's caches are keyed on the fingerprint, so nothing stale is served."""
    for key, value in (("data_updated", today.isoformat()), ("fingerprint", fingerprint)):
        if conn.execute(update(_BUILD).where(_BUILD.c.key == key).values(value=value)).rowcount == 0:
            conn.execute(insert(_BUILD).values(key=key, value=value))


def refuse_if_changed_later(conn: Connection, changes: Table, key: str, import_id: int) -> None:
    """Raise RollbackBlocked when a later import, not rolled back, changed a row (`key` column of the
    `changes` table) that import `import_id` changed too."""
    log = models.IMPORT_LOG
    mine, later = changes.alias("mine"), changes.alias("later")
    blocking = conn.execute(
        select(later.c.import_id).distinct()
        .join(mine, mine.c[key] == later.c[key])
        .join(log, log.c.id == later.c.import_id)
        .where(mine.c.import_id == import_id, later.c.import_id > import_id, log.c.status == "imported")
        .order_by(later.c.import_id)
    ).scalars().all()
    if blocking:
        raise RollbackBlocked(import_id, list(blocking))
