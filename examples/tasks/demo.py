"""The tasks example at work: sessions, RLS, validation errors and change notifications.

Run it after `pgshift migrate`, connected as the application role:

    python demo.py "postgresql://tasks_app:secret@localhost/tasks"

or as a superuser that switches to the role first:

    python demo.py "$DATABASE_URL" --role tasks_app
"""

from __future__ import annotations

import argparse
import json
import uuid

import psycopg
from psycopg import sql

from pgshift import session
from pgshift.errors import PermissionDeniedError, ValidationFailedError
from pgshift.library.codes import library_errors

ALICE = uuid.UUID("00000000-0000-4000-8000-00000000a11c")
BOB = uuid.UUID("00000000-0000-4000-8000-000000000b0b")
LEAD = ["projects:admin", "tasks:read", "tasks:write"]
MEMBER = ["projects:read", "tasks:read", "tasks:write"]


def connect(dsn: str, role: str | None) -> psycopg.Connection:
    conn = psycopg.connect(dsn, autocommit=True)
    if role:
        conn.execute(sql.SQL("set role {}").format(sql.Identifier(role)))
    return conn


def run(dsn: str, *, role: str | None = None) -> list[str]:
    """Walk through the example; return what happened, one line per step."""
    log: list[str] = []
    with connect(dsn, role) as conn, psycopg.connect(dsn, autocommit=True) as listener:
        listener.execute('listen "app.tasks"')

        # Alice leads the project: she may create it, and her task is hers.
        with session.transaction(conn, user_id=ALICE, permissions=LEAD):
            project = conn.execute(
                "insert into app.projects (name) values ('Launch') returning id, updated_at"
            ).fetchone()
            task = conn.execute(
                "insert into app.tasks (project_id, title) values (%s, 'Write the announcement')"
                " returning id, user_id, status",
                [project[0]],
            ).fetchone()
        log.append(
            f"alice created a task owned by {'alice' if task[1] == ALICE else task[1]},"
            f" status {task[2]}"
        )
        note = next(listener.notifies(timeout=2, stop_after=1))
        payload = json.loads(note.payload)
        log.append(
            f"notified on {note.channel}: {payload['event']} of "
            f"{'that task' if payload['subject'] == str(task[0]) else payload['subject']}"
        )

        # Bob is a member: he sees the project but not Alice's task, and adds his own.
        with session.transaction(conn, user_id=BOB, permissions=MEMBER):
            projects = conn.execute("select name, updated_at from app.projects").fetchall()
            tasks = conn.execute("select title from app.tasks").fetchall()
            conn.execute(
                "insert into app.tasks (project_id, title) values (%s, 'Review it')", [project[0]]
            )
        log.append(f"bob sees projects {[p[0] for p in projects]} and {len(tasks)} tasks")

        # The project moved forward with each task, Bob's too, although he may not edit it.
        with session.transaction(conn, user_id=ALICE, permissions=LEAD):
            updated = conn.execute("select updated_at from app.projects").fetchone()[0]
        log.append(f"project updated_at moved forward: {project[1] < projects[0][1] < updated}")

        # Errors arrive as Python exceptions, with the library's codes.
        try:
            with library_errors(), session.transaction(conn, user_id=BOB, permissions=MEMBER):
                conn.execute("insert into app.projects (name) values ('Side project')")
        except PermissionDeniedError as exc:
            log.append(f"bob may not create projects: {exc.sqlstate}")
        try:
            with library_errors(), session.transaction(conn, user_id=ALICE, permissions=LEAD):
                conn.execute("insert into app.projects (name) values ('')")
        except ValidationFailedError as exc:
            log.append(f"empty name refused: {exc.sqlstate} {exc.message}")

        # Without a session nothing is visible.
        with conn.transaction():
            count = conn.execute("select count(*) from app.tasks").fetchone()[0]
        log.append(f"anonymous sees {count} tasks")
    return log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dsn")
    parser.add_argument("--role", help="SET ROLE to this role first (as a superuser)")
    args = parser.parse_args()
    for line in run(args.dsn, role=args.role):
        print(line)


if __name__ == "__main__":
    main()
