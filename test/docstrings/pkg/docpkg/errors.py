class QuotaError(Exception):
    """The account is full."""


from typing import Sequence


def pick(items: Sequence[int], error: QuotaError, limit: float):
    """Choose one item.

    Args:
        items (list): Documented as a concrete class, annotated abstract: not compared.
        error (Exception): A base class of the annotation: no contradiction.
        limit (int): Contradicts the annotation.
    """
