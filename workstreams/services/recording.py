"""What every write here shares: who made a change, and moving an item among its siblings."""

from dataclasses import fields
from typing import Literal

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

Direction = Literal["up", "down"]


def values_of(details) -> dict:
    """A details dataclass as {field: value}, without copying the model instances in it (asdict would)."""
    return {f.name: getattr(details, f.name) for f in fields(details)}


def recorded(instance: models.Model, user: AbstractBaseUser) -> models.Model:
    """Tell simple-history who made the change about to be saved."""
    instance._history_user = user
    return instance


def move_among(
    item: models.Model, siblings: list[models.Model], direction: Direction, user: AbstractBaseUser
) -> None:
    """Swap `item` with its neighbour in `siblings` (in display order), numbering positions 1..n."""
    order = [s.pk for s in siblings]
    index = order.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    by_pk = {s.pk: s for s in siblings}
    for position, pk in enumerate(order, start=1):
        sibling = by_pk[pk]
        if sibling.position != position:
            sibling.position = position
            recorded(sibling, user).save(update_fields=["position"])
