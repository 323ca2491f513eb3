"""Named change counters in the store: a writer bumps one, running proxies poll it to know they must reload.

A counter, not a timestamp: instances on several hosts share one PostgreSQL, and their clocks may disagree.
"""

from __future__ import annotations

from store.models import Revision


def bump(name: str) -> None:
    """Add one to the counter `name` (created at 1); call inside the transaction that made the change."""
    Revision.insert(name=name, counter=1).on_conflict(
        conflict_target=[Revision.name], update={Revision.counter: Revision.counter + 1}
    ).execute()


def read(name: str) -> int:
    """The counter's value; 0 if it was never bumped."""
    return int(Revision.select(Revision.counter).where(Revision.name == name).scalar() or 0)
