"""Small-cell suppression for every count the portal publishes (ordinance 12-19.4(1): no
disclosure that would violate privacy law). The annual report and the public survey results
both plan their figures here, so there is one rule and one implementation.

The method, stated in the report's methodology:

1. **Primary suppression.** Every count from 1 to the threshold (`SMALL_CELL_THRESHOLD`, 10:
   "fewer than 11") is hidden. Zero is shown (it reveals nobody), except as a part of a total
   that is itself fewer than 11: there a zero would tell how many people the other parts
   share, so it reads "fewer than 11" too.
2. **Published relations.** Every additive relation a reader can see is declared: a total is
   the sum of its parts (row and column totals, "all programmes" = the sum of the programmes
   cell by cell, the matters of a service type = the sum of its outcomes, the respondents of a
   question = the sum of its answers...). A figure shown in several tables is one figure with
   one key, so it has the same value or the same mark everywhere.
3. **Audit.** For each hidden small count, an integer programme (HiGHS, through SciPy) finds
   the smallest and largest value it can take given every published figure and relation, the
   reader's knowledge that a small count lies between 1 and the threshold and that a cell
   hidden to protect another ("—") holds 0 or more than the threshold. The count is protected
   when that interval spans at least `SMALL_CELL_PROTECTION` (5: a reader cannot narrow
   "fewer than 11" to fewer than six possible values, let alone to one).
4. **Complementary suppression.** While a count is unprotected, one more figure linked to it
   is hidden (the smallest that can widen its interval), and the audit runs again. Hiding a
   figure only ever widens intervals, so every count that passed stays protected.
5. **Earlier versions.** A figure hidden in a version published before (any language) stays
   hidden in a rebuild, so a new version never shows what an earlier one hid.

Complementary cells are hidden because of another cell, not because they are small: they are
shown as "—" with a note, never as "fewer than 11" (which would be false).
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

Relation = tuple[tuple[tuple[str, float], ...], str]

logger = logging.getLogger(__name__)

PRIMARY = "primary"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Suppressed:
    """A hidden count: `primary` ("fewer than N") or `complementary` ("—", hidden to protect another)."""

    reason: str
    below: int

    @property
    def is_primary(self) -> bool:
        return self.reason == PRIMARY

    def as_json(self) -> dict:
        # A complementary cell carries no "below": it is not a small count, and must not read as one.
        if self.is_primary:
            return {"suppressed": True, "reason": PRIMARY, "below": self.below}
        return {"suppressed": True, "reason": COMPLEMENTARY}

    def __str__(self) -> str:  # plain-text form (CSV); pages use the translated phrase
        return f"<{self.below}" if self.is_primary else "—"


def threshold() -> int:
    return settings.SMALL_CELL_THRESHOLD


def protection() -> int:
    return settings.SMALL_CELL_PROTECTION


def is_small(value: int, limit: int | None = None) -> bool:
    limit = threshold() if limit is None else limit
    return 0 < value <= limit


def suppressed_reason(value) -> str | None:
    """The reason of a published value (a `Suppressed` or its JSON form), or None if shown.

    Snapshots frozen before complementary cells had their own mark say only "suppressed": they
    were all printed as small counts then, so they read as primary.
    """
    if isinstance(value, Suppressed):
        return value.reason
    if isinstance(value, dict) and value.get("suppressed"):
        return value.get("reason", PRIMARY)
    return None


def published_text(value):
    """A published value for a reader: a small count reads "fewer than 11" in the current
    language, a complementary one "—"; anything else is returned as it is."""
    from django.utils.translation import gettext

    reason = suppressed_reason(value)
    if reason is None:
        return value
    if reason == PRIMARY:
        below = value.below if isinstance(value, Suppressed) else value.get("below", threshold() + 1)
        return gettext("fewer than %(n)s") % {"n": below}
    return "—"


@dataclass
class Interval:
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


class Disclosure:
    """The plan of one publication: its counts (by key), the relations between them, and
    the figures an earlier version hid. `solve()` returns what may be published."""

    def __init__(self, *, limit: int | None = None, width: int | None = None) -> None:
        self.limit = threshold() if limit is None else limit
        # The range of a small count is at most 1..limit: no wider protection can be asked for.
        self.width = min(protection() if width is None else width, self.limit - 1)
        self.values: dict[str, int] = {}
        # Each relation is (terms, sense): sum of coefficient * figure is 0 ("eq") or at least 0 ("ge").
        self.relations: list[Relation] = []
        self.sums: list[tuple[str, tuple[str, ...]]] = []  # the "eq" relations as whole = parts
        self.kept: set[str] = set()
        self.unprotectable: set[str] = set()  # filled by solve(): hidden counts no suppression can widen

    def count(self, key: str, value: int) -> str:
        """Register a published count; the same key twice must be the same figure."""
        value = int(value)
        if value < 0:
            raise ValueError(f"negative count for {key}")
        if self.values.setdefault(key, value) != value:
            raise ValueError(f"{key} is published as {self.values[key]} and as {value}")
        return key

    def total(self, whole: str, parts: Iterable[str]) -> None:
        """Declare a published relation: `whole` is the sum of `parts`."""
        self.relate("eq", whole, parts)

    def relate(self, sense: str, whole: str, parts: Iterable[str]) -> None:
        """Declare a relation a reader can see or infer from definitions: `whole` is equal to
        ("eq"), at least ("ge") or at most ("le") the sum of `parts` (e.g. a multiple-choice
        question's respondents are at least each box's count and at most their sum)."""
        if sense not in {"eq", "ge", "le"}:
            raise ValueError(sense)
        parts = tuple(parts)
        if sense == "eq":
            self.sums.append((whole, parts))
        flip = -1.0 if sense == "le" else 1.0
        sense = "eq" if sense == "eq" else "ge"
        terms: dict[str, float] = defaultdict(float)
        terms[whole] += flip
        for part in parts:
            terms[part] -= flip
        terms = {k: c for k, c in terms.items() if c}
        if len(terms) > 1 or (sense == "eq" and terms):
            self.relations.append((tuple(sorted(terms.items())), sense))

    def keep_hidden(self, keys: Iterable[str]) -> None:
        """Figures an earlier published version hid: they stay hidden."""
        self.kept.update(keys)

    # --- planning --------------------------------------------------------------------------

    def solve(self) -> dict[str, int | Suppressed]:
        for terms, sense in self.relations:
            missing = [k for k, _c in terms if k not in self.values]
            if missing:
                raise ValueError(f"relation on unregistered figures: {missing}")
            # A relation that does not hold would mislead the audit (and make it infeasible).
            balance = sum(c * self.values[k] for k, c in terms)
            if balance < 0 or (sense == "eq" and balance != 0):
                raise ValueError(f"published relation does not hold: {terms}")
        hidden: dict[str, str] = {k: PRIMARY for k, v in self.values.items() if is_small(v, self.limit)}
        # Inside a total of fewer than 11 a zero reads "fewer than 11" too (it is): shown zeros
        # would tell how many parts share the small total, and so narrow each part.
        for whole, parts in self.sums:
            if hidden.get(whole) == PRIMARY:
                hidden.update((p, PRIMARY) for p in parts if self.values[p] == 0)
        for key in self.kept & self.values.keys():
            hidden.setdefault(key, COMPLEMENTARY)
        by_key: dict[str, list[int]] = defaultdict(list)
        for index, (terms, _sense) in enumerate(self.relations):
            for key, _c in terms:
                by_key[key].append(index)
        self.unprotectable = set()
        self._complete_lines(hidden)
        # Details first: the cells hidden to protect them often protect the totals built on them.
        primaries = [k for k, reason in hidden.items() if reason == PRIMARY and self.values[k]]
        for key in sorted(primaries, key=lambda k: (self._whole_count(k), k)):
            while self.interval(key, hidden).width < self.width:
                candidate = self._complement_for(key, hidden, by_key)
                if candidate is None:
                    self.unprotectable.add(key)
                    break
                hidden[candidate] = COMPLEMENTARY
        self._show_determined(hidden)
        if self.unprotectable:
            # Figure keys only (no counts): staff can see which tables are too small to break down.
            logger.warning(
                "small counts left narrower than the protection range", extra={"figures": sorted(self.unprotectable)}
            )
        below = self.limit + 1
        return {k: (Suppressed(hidden[k], below) if k in hidden else v) for k, v in self.values.items()}

    def _show_determined(self, hidden: dict[str, str]) -> None:
        """Show each complementary "—" that the published figures pin to one value (the one row
        of a table beside its total, a programme's cell beside "all programmes" when no other
        programme has that service): hiding it protects nothing, and the reader sees "—" for a
        figure another table prints. Showing a value the published figures already imply leaves
        every reader's range of every hidden count as it was. Figures an earlier version hid stay
        hidden; a range the linear relaxation leaves open is not settled here, and stays hidden."""
        for key in sorted(k for k, reason in hidden.items() if reason == COMPLEMENTARY and k not in self.kept):
            interval = audit_interval(
                key=key, values=self.values, relations=self.relations, hidden=hidden, limit=self.limit, width=1
            )
            if interval.width == 0:
                del hidden[key]

    def _pick(self, shown: Iterable[str]) -> str:
        """Of shown figures, the one to hide: a detail before a total (the fewer sums a figure is
        the total of, the less a reader loses: "all programmes" and grand totals go last), then
        a figure large enough to give the full protection range on its own (one cell does the
        work of several), then the smallest."""
        ample = self.limit + self.width
        return min(shown, key=lambda k: (self._whole_count(k), self.values[k] <= ample, self.values[k], k))

    def _whole_count(self, key: str) -> int:
        """In how many published sums the figure is the total."""
        if not hasattr(self, "_wholes"):
            self._wholes: dict[str, int] = defaultdict(int)
            for whole, _parts in self.sums:
                self._wholes[whole] += 1
        return self._wholes[key]

    def _complete_lines(self, hidden: dict[str, str]) -> None:
        """The classic first pass, cheap and enough for most tables: a sum with a single hidden
        small count gives it away (the total minus the shown parts), so hide one more figure of
        that sum, until no sum has one. The audit then checks what this rule cannot see."""
        changed = True
        while changed:
            changed = False
            for terms, sense in self.relations:
                if sense != "eq":
                    continue
                unknown = [
                    k for k, _c in terms if k in hidden and not (hidden[k] == COMPLEMENTARY and self.values[k] == 0)
                ]
                if len(unknown) != 1 or hidden[unknown[0]] != PRIMARY:
                    continue
                shown = [k for k, _c in terms if k not in hidden and self.values[k] > 0]
                if shown:
                    hidden[self._pick(shown)] = COMPLEMENTARY
                    changed = True

    def _complement_for(self, key: str, hidden: dict[str, str], by_key: dict[str, list[int]]) -> str | None:
        """The next figure to hide for `key`: the smallest shown figure of the nearest relations.

        Relations are searched outwards from the cell through hidden figures (a relation whose
        figures are all hidden passes the search on), and `_pick` chooses among the nearest;
        zeros are never chosen (a hidden zero protects nothing).
        """
        seen_relations: set[int] = set()
        frontier = {key}
        seen_keys = {key}
        while frontier:
            shown: set[str] = set()
            reached: set[str] = set()
            for k in frontier:
                for index in by_key.get(k, []):
                    if index in seen_relations:
                        continue
                    seen_relations.add(index)
                    for other, _c in self.relations[index][0]:
                        if other in hidden:
                            reached.add(other)
                        elif self.values[other] > 0:
                            shown.add(other)
            if shown:
                return self._pick(shown)
            frontier = reached - seen_keys
            seen_keys |= reached
        return None

    def interval(self, key: str, hidden: dict[str, str]) -> Interval:
        """The smallest and largest integer a reader can give a hidden figure (an integer programme)."""
        return audit_interval(
            key=key, values=self.values, relations=self.relations, hidden=hidden, limit=self.limit, width=self.width
        )


def audit_interval(
    *,
    key: str,
    values: dict[str, int],
    relations: list[Relation],
    hidden: dict[str, str],
    limit: int,
    width: int,
) -> Interval:
    """Range of the hidden figure `key` over every assignment consistent with what is published.

    Shown figures are constants; a hidden small count lies in 1..limit; a complementary cell
    holding more than `limit` is at least limit+1, and one holding 0 (kept hidden from an earlier
    version) is taken as known. Each of these restricts the reader's real knowledge ("—" is 0 or
    more than limit) to a set that still holds the truth, so a range found wide here is at least as
    wide for any reader. Only the relations connected to `key` through hidden figures matter.
    Exact ends are computed whenever the range could be at least `width` wide; a range narrower
    than that may be returned a little wider than it is (it fails either way).
    """
    import numpy as np

    def unknown(k: str) -> bool:
        return k in hidden and not (hidden[k] == COMPLEMENTARY and values[k] == 0)

    # The relations reachable from `key` through unknown figures.
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, (terms, _sense) in enumerate(relations):
        for k, _c in terms:
            if unknown(k):
                by_key[k].append(index)
    variables = {key: 0}
    used: list[int] = []
    todo = [key]
    seen: set[int] = set()
    while todo:
        for index in by_key.get(todo.pop(), []):
            if index in seen:
                continue
            seen.add(index)
            used.append(index)
            for k, _c in relations[index][0]:
                if unknown(k) and k not in variables:
                    variables[k] = len(variables)
                    todo.append(k)
    if not used:
        return Interval(1, limit) if hidden.get(key) == PRIMARY else Interval(limit + 1, math.inf)
    n = len(variables)
    matrix = np.zeros((len(used), n))
    low = np.zeros(len(used))  # each used relation: low <= matrix . x <= high
    high = np.zeros(len(used))
    for row, index in enumerate(used):
        terms, sense = relations[index]
        constant = 0.0
        for k, c in terms:
            if k in variables:
                matrix[row, variables[k]] += c
            else:
                constant += c * values[k]
        low[row] = -constant
        high[row] = -constant if sense == "eq" else np.inf
    lower = np.empty(n)
    upper = np.empty(n)
    for k, i in variables.items():
        if hidden[k] == PRIMARY:
            # A reader cannot tell a zero read as "fewer than 11" from a small count; taking the
            # others as at least 1 is the stricter reading.
            lower[i], upper[i] = (1 if values[k] else 0), limit
        else:
            lower[i], upper[i] = limit + 1, np.inf
    # The linear relaxation first (fast). Its range, rounded inwards, contains the integer range,
    # so a relaxation already too narrow settles it; the integer programme runs only to confirm a
    # wide range whose end the relaxation reached at a fractional point.
    relaxed = [_relaxed_optimum(sign, matrix, low, high, lower, upper, key=key) for sign in (1.0, -1.0)]
    low_end: float = math.ceil(relaxed[0][0] - 1e-7)
    high_end: float = math.floor(relaxed[1][0] + 1e-7) if relaxed[1][0] != math.inf else math.inf
    if high_end - low_end >= width:
        if not relaxed[0][1]:
            low_end = _integer_optimum(1.0, matrix, low, high, lower, upper, key=key)
        if not relaxed[1][1] and high_end != math.inf:
            high_end = _integer_optimum(-1.0, matrix, low, high, lower, upper, key=key)
    return Interval(low_end, high_end)


def _relaxed_optimum(sign: float, matrix, low, high, lower, upper, *, key: str) -> tuple[float, bool]:
    """min (sign=1) or max (sign=-1) of the first variable under the linear relaxation, and
    whether the optimum found is integral (then it is also the integer optimum)."""
    import numpy as np
    from scipy.optimize import linprog

    objective = np.zeros(matrix.shape[1])
    objective[0] = sign
    equal = low == high
    ge = ~equal
    result = linprog(
        objective,
        A_eq=matrix[equal] if equal.any() else None,
        b_eq=low[equal] if equal.any() else None,
        A_ub=-matrix[ge] if ge.any() else None,
        b_ub=-low[ge] if ge.any() else None,
        bounds=list(zip(lower, upper, strict=True)),
        method="highs",
    )
    if result.status == 3:  # unbounded: only a complementary figure can be
        return math.inf, True
    if not result.success:
        raise RuntimeError(f"suppression audit failed for {key}: {result.message}")
    return sign * result.fun, bool(np.allclose(result.x, np.round(result.x), atol=1e-7))


def _integer_optimum(sign: float, matrix, low, high, lower, upper, *, key: str) -> float:
    """min (sign=1) or max (sign=-1) of the first variable over integers (HiGHS branch and bound)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    objective = np.zeros(matrix.shape[1])
    objective[0] = sign
    result = milp(
        objective,
        constraints=LinearConstraint(matrix, low, high),
        bounds=Bounds(lower, upper),
        integrality=np.ones(matrix.shape[1]),
    )
    if not result.success:
        raise RuntimeError(f"suppression audit failed for {key}: {result.message}")
    return round(sign * result.fun)
