"""Reading JSON that people can edit: refused in one sentence when it could not be a backup.

Python's `json` accepts what no backup holds and then fails far from the cause: a 5,000-digit
number raised ValueError, ten thousand nested brackets RecursionError (both exit 1), `NaN` and
`1e999` became numbers nothing can score, and a key given twice silently kept its last value.
Here each of those is a `DataImportError` naming what was found, and nesting is bounded.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from cxaudit.errors import DataImportError
from cxaudit.transfer.limits import JSON_DEPTH_MAX, JSON_DIGITS_MAX


class _Refused(ValueError):
    """Raised from the decoder's hooks; its text completes the sentence `<file> …`."""


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > JSON_DIGITS_MAX:
        raise _Refused(f"holds a number {digits:,} digits long; the most is {JSON_DIGITS_MAX}.")
    return int(text)


def _decimal(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > 2 * JSON_DIGITS_MAX:
        raise _Refused(f"holds {text[:40]}, which is not a finite number a backup can hold.")
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not a number a backup can hold.")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        counted = Counter(key for key, _value in pairs)
        twice = next(key for key, count in counted.items() if count > 1)
        raise _Refused(f"gives the key '{twice[:40]}' twice in one object; which one is meant?")
    return found


def _depth(data: Any) -> int:
    """How deeply `data`'s objects and lists nest, stopping once past the limit."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > JSON_DEPTH_MAX:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def load_json(text: str, origin: str) -> Any:
    """The data of JSON `text` from `origin`, or one `DataImportError` saying what is wrong."""
    try:
        data = json.loads(
            text,
            parse_int=_integer,
            parse_float=_decimal,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
    except _Refused as exc:
        raise DataImportError(f"{origin} {exc}") from None
    except RecursionError:
        data = None
        deep = True
    except json.JSONDecodeError as exc:
        raise DataImportError(
            f"{origin} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except ValueError as exc:
        raise DataImportError(f"{origin} is not valid JSON ({exc}).") from None
    else:
        deep = _depth(data) > JSON_DEPTH_MAX
    if deep:
        raise DataImportError(
            f"{origin} nests deeper than {JSON_DEPTH_MAX} levels, which no backup does."
        )
    return data
