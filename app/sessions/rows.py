"""ORM objects made from plain columns of a Core row and put into the request's database session as the
ORM's loading puts them there (sqlalchemy/orm/loading.py ``_instance``): the session check runs on every
signed-in page, and the ORM's loading of its row cost more than the query itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state

Model = TypeVar("Model")


def attached(
    session: Session,
    model: type[Model],
    positions: Mapping[str, int],
    row: Sequence[Any],
    unread: Iterable[str] = (),
    **known: Any,
) -> Model:
    """The ``model`` object, persistent in ``session``, whose attribute ``name`` is ``row[positions[name]]``
    (the primary key ``id`` among them), with the ``known`` values (related objects as its loaded
    relationships, columns whose value the query fixed) and its ``unread`` columns expired, read from the
    database on first access as after ``session.expire(obj, unread)``: changes to it are flushed as to any
    loaded object. If the session holds that object already, that one, unchanged, as an ORM query would
    return it."""
    mapper = model.__mapper__  # type: ignore[attr-defined]
    key = mapper.identity_key_from_primary_key((row[positions["id"]],))
    existing = session.identity_map.get(key)
    if existing is not None:
        return existing
    obj = mapper.class_manager.new_instance()
    state = instance_state(obj)
    state.dict.update({name: row[number] for name, number in positions.items()}, **known)
    state.expired_attributes.update(unread)
    state.key, state.identity_token, state.session_id = key, key[2], session.hash_key
    session.identity_map.add(state)
    return obj
