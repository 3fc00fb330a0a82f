"""The reader who tries to undo suppression, written apart from the planning code.

It reads only what is published (the report's CSV or JSON, the survey results page), writes
down every sum a reader can see there (a "Total" row or column, "all programmes" = the sum of
the programmes cell by cell, a service type's matters = its outcomes, the screenings = their
results, a legal cell <= the individuals of its service type, a question's respondents = its
answers), and solves them with an integer programme: for each "<11" the smallest and largest
value every published figure still allows. It knows what the marks mean: "<11" is 1 to 10, and
"—" is not a small count (0 or more than 10; taken as at least 11, the strongest reading).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

SMALL, HIDDEN = "<11", "—"
LIMIT = 10


class Reader:
    def __init__(self) -> None:
        self.marks: dict[str, str] = {}  # name -> what was printed
        self.conflicts: list[tuple[str, str, str]] = []  # one figure printed two ways
        self.relations: list[tuple[dict[str, float], str]] = []  # (terms, "eq" | "ge"): sum >= 0

    def see(self, name: str, printed: str) -> str:
        printed = printed.strip()
        if name in self.marks and self.marks[name] != printed:
            self.conflicts.append((name, self.marks[name], printed))
        self.marks.setdefault(name, printed)
        return name

    def _relate(self, whole: str, parts: list[str], sense: str, sign: float = 1.0) -> None:
        terms: dict[str, float] = defaultdict(float)
        terms[whole] += sign
        for part in parts:
            terms[part] -= sign
        self.relations.append((dict(terms), sense))

    def equal(self, whole: str, parts: list[str]) -> None:
        self._relate(whole, parts, "eq")

    def at_most(self, whole: str, parts: list[str]) -> None:
        self._relate(whole, parts, "ge", -1.0)

    def at_least(self, whole: str, parts: list[str]) -> None:
        self._relate(whole, parts, "ge")

    def value(self, name: str) -> int | None:
        printed = self.marks.get(name, "")
        if printed in (SMALL, HIDDEN):
            return None
        return int(printed.replace(",", "")) if printed else 0

    def broken_sums(self) -> list[dict]:
        """Sums of shown figures only that do not add up (a reader would find the report wrong)."""
        broken = []
        for terms, sense in self.relations:
            if any(self.value(k) is None for k in terms):
                continue
            balance = sum(c * self.value(k) for k, c in terms.items())
            if balance < 0 or (sense == "eq" and balance != 0):
                broken.append(terms)
        return broken

    def ranges(self, distrust: int = 0, of: tuple[str, ...] = (SMALL,)) -> dict[str, tuple[float, float]]:
        """For each "<11" (or each mark in `of`), the smallest and largest value the published
        figures allow.

        The reader first trusts the marks fully ("<11" is 1 to 10, "—" at least 11). When no
        assignment fits them it reads them as the methodology allows (a zero inside a small
        total also reads "<11": 0 to 10), then stops trusting them ("—" may be 0, then "<11"
        may be any count). `self.distrust` records how far it had to go."""
        self.distrust = distrust
        small_low, small_high, hidden_floor = [
            (1, LIMIT, LIMIT + 1),
            (0, LIMIT, LIMIT + 1),
            (0, LIMIT, 0),
            (0, np.inf, 0),
        ][distrust]
        unknown = sorted(k for k, printed in self.marks.items() if printed in (SMALL, HIDDEN))
        index = {k: i for i, k in enumerate(unknown)}
        rows, low, high = [], [], []
        for terms, sense in self.relations:
            row = np.zeros(len(unknown))
            constant = 0.0
            for k, c in terms.items():
                if k in index:
                    row[index[k]] += c
                else:
                    constant += c * (self.value(k) or 0)
            if not row.any():
                continue
            rows.append(row)
            low.append(-constant)
            high.append(-constant if sense == "eq" else np.inf)
        lower = np.array([small_low if self.marks[k] == SMALL else hidden_floor for k in unknown], dtype=float)
        upper = np.array([small_high if self.marks[k] == SMALL else np.inf for k in unknown])
        matrix = np.array(rows) if rows else np.zeros((0, len(unknown)))
        low, high = np.array(low), np.array(high)
        found = {}
        for k in unknown:
            if self.marks[k] not in of:
                continue
            ends = []
            for sign in (1.0, -1.0):
                objective = np.zeros(len(unknown))
                objective[index[k]] = sign
                end = _optimum(objective, matrix, low, high, lower, upper)
                if end is None and distrust < 3:  # infeasible: read the marks more loosely
                    return self.ranges(distrust + 1, of)
                ends.append(end)
            found[k] = (ends[0], ends[1])
        return found


def _optimum(objective, matrix, low, high, lower, upper) -> float | None:
    """The integer optimum (None if infeasible): the relaxation when it lands on integers, else HiGHS's MILP."""
    equal = low == high
    relaxed = linprog(
        objective,
        A_eq=matrix[equal] if equal.any() else None,
        b_eq=low[equal] if equal.any() else None,
        A_ub=-matrix[~equal] if (~equal).any() else None,
        b_ub=-low[~equal] if (~equal).any() else None,
        bounds=list(zip(lower, upper, strict=True)),
        method="highs",
    )
    if relaxed.status == 2:
        return None
    if relaxed.status == 3:  # unbounded: a "—" with no sum above it
        return objective.sum() * -np.inf
    assert relaxed.success, relaxed.message
    if np.allclose(relaxed.x, np.round(relaxed.x), atol=1e-7):
        return round(objective.sum() * relaxed.fun)
    result = milp(
        objective,
        constraints=[LinearConstraint(matrix, low, high)] if len(matrix) else [],
        bounds=Bounds(lower, upper),
        integrality=np.ones(len(objective)),
    )
    assert result.success, result.message
    return round(objective.sum() * result.fun)


def _printed(value) -> str:
    if isinstance(value, dict) and value.get("suppressed"):
        return SMALL if value.get("reason", "primary") == "primary" else HIDDEN
    return "" if value is None else str(value)


def cells_from_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def cells_from_json(data: bytes) -> tuple[list[dict], list[dict]]:
    """The JSON's tables as the same cells as the CSV, and its executive-summary figures."""
    snapshot = json.loads(data)
    cells = []
    for section in snapshot["sections"]:
        for table in section["tables"]:
            lines = [(row["label"], row["values"], row.get("figures") or []) for row in table["rows"]]
            if table.get("totals"):
                lines.append(("Total", table["totals"], table.get("total_figures") or []))
            for label, values, figures in lines:
                for i, (column, value) in enumerate(zip(table["columns"], values, strict=False)):
                    cells.append(
                        {
                            "section": section["key"],
                            "table": table["key"],
                            "row": label,
                            "column": column,
                            "value": _printed(value),
                            "figure": figures[i] if i < len(figures) else "",
                        }
                    )
    # The executive summary's counts (not dollars, not lists of answers), with their headline key.
    summary = [
        {"key": f["key"], "value": _printed(f["value"]), "figure": f.get("figure") or ""}
        for f in snapshot["headlines"]
        if f["unit"] == "count"
    ]
    return cells, summary


def read_report(cells: list[dict], summary: list[dict] = ()) -> Reader:
    """Every sum an English reader of the report's tables can write down."""
    reader = Reader()
    grids: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    for cell in cells:
        name = cell.get("figure") or f"{cell['table']}|{cell['row']}|{cell['column']}"
        grids[cell["table"]][(cell["row"], cell["column"])] = reader.see(name, cell["value"])
    headlines = {}
    for figure in summary:
        name = figure["figure"] or f"headline|{figure['key']}"
        headlines[figure.get("key", name)] = reader.see(name, figure["value"])
    for table, grid in grids.items():
        if table.startswith("population-"):
            continue  # estimates and percentages, not counts
        rows = list(dict.fromkeys(r for r, _c in grid))
        columns = list(dict.fromkeys(c for _r, c in grid))
        body = [r for r in rows if r != "Total"]
        if "Total" in rows:
            for c in columns:
                reader.equal(grid[("Total", c)], [grid[(r, c)] for r in body if (r, c) in grid])
        if "Total" in columns:
            for r in rows:
                reader.equal(grid[(r, "Total")], [grid[(r, c)] for c in columns if c != "Total" and (r, c) in grid])
        if table.endswith("-screenings"):
            number = columns[0]
            reader.equal(
                grid[("Eligibility screenings", number)],
                [grid[("Screened eligible", number)], grid[("Screened not eligible", number)]],
            )
    # "All programmes" is the sum of the programmes, cell by cell.
    for table, grid in grids.items():
        if not table.startswith("program-all-"):
            continue
        kind = table.removeprefix("program-all-")
        parts = [g for t, g in grids.items() if t.startswith("program-") and t.endswith("-" + kind) and t != table]
        for position, whole in grid.items():
            reader.equal(whole, [g[position] for g in parts if position in g])
    # Within each programme: matters = outcomes; individuals <= matters; legal cells <= individuals.
    for table, services in grids.items():
        if not (table.startswith("program-") and table.endswith("-services")):
            continue
        stem = table.removesuffix("-services")
        outcomes = grids.get(stem + "-outcomes", {})
        for (r, c), name in services.items():
            if c == "Matters handled (iv)" and (r, "Total") in outcomes:
                reader.equal(name, [outcomes[(r, "Total")]])
            if c == "Individuals served (iii)" and (r, "Matters handled (iv)") in services:
                reader.at_most(name, [services[(r, "Matters handled (iv)")]])
        for (r, _c), name in grids.get(stem + "-legal", {}).items():
            service = r.split(" — ")[0]
            if r != "Total" and (service, "Individuals served (iii)") in services:
                reader.at_most(name, [services[(service, "Individuals served (iii)")]])
    _headline_sums(reader, grids, headlines)
    return reader


def _headline_sums(reader: Reader, grids: dict, headlines: dict[str, str]) -> None:
    """What the methodology's definitions of the headlines let a reader write down against the
    "All programmes" tables, the funded partners' table and the survey tables."""
    services = grids.get("program-all-services", {})
    outcomes = grids.get("program-all-outcomes", {})
    legal = grids.get("program-all-legal", {})
    intakes = grids.get("program-all-screenings", {}).get(("Requests for help received (intakes)", "Number"))
    legal_services = {r.split(" — ")[0] for r, _c in legal if r != "Total"}
    if "requests_answered" in headlines and intakes:
        reader.at_most(headlines["requests_answered"], [intakes])
    if "residents_served" in headlines:
        served = headlines["residents_served"]
        # Each resident served is counted once per service type in the table, once here.
        for (r, c), name in services.items():
            if c == "Individuals served (iii)":
                (reader.at_most if r == "Total" else reader.at_least)(served, [name])
    if "legal_matters" in headlines:
        matters = [
            services[(s, "Matters handled (iv)")] for s in legal_services if (s, "Matters handled (iv)") in services
        ]
        reader.equal(headlines["legal_matters"], matters)
    if "legal_outcomes" in headlines:
        closed = [name for (r, c), name in outcomes.items() if r in legal_services and c not in ("Pending", "Total")]
        reader.equal(headlines["legal_outcomes"], closed)
    if "people_referred" in headlines:
        for (r, c), name in legal.items():
            if c == "Referred to other legal providers":
                (reader.at_most if r == "Total" else reader.at_least)(headlines["people_referred"], [name])
    if "survey_responses" in headlines:
        for table, grid in grids.items():
            if table.startswith("survey-"):
                for (r, _c), name in grid.items():
                    if r == "Total":
                        reader.at_least(headlines["survey_responses"], [name])


def read_survey_page(html: str) -> Reader:
    """The public results page: "N responses", per question "N people answered", each answer's count."""
    import re

    reader = Reader()

    def printed(text: str) -> str:
        text = " ".join(text.split())
        return SMALL if text.lower().startswith("fewer than") else text

    total = re.search(r'class="usa-intro">(.*?)</p>', html, re.S).group(1)
    number = re.match(r"\s*([\d,]+) responses? w", total)
    reader.see("responses", number.group(1) if number else (SMALL if "Fewer than" in total else HIDDEN))
    for code, body in re.findall(
        r'<section class="surveys-result[^"]*" aria-labelledby="result-([^"]+)">(.*?)</section>', html, re.S
    ):
        hint = re.search(r'<p class="usa-hint">(.*?)</p>', body, re.S).group(1)
        number = re.match(r"\s*([\d,]+) (people|person) answered", hint)
        respondents = reader.see(
            f"{code}/respondents", number.group(1) if number else (SMALL if "Fewer than" in hint else HIDDEN)
        )
        reader.at_least("responses", [respondents])
        answers = []
        for label, count, share in re.findall(
            r'<tr>\s*<th scope="row"[^>]*>(.*?)</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>', body, re.S
        ):
            answers.append(reader.see(f"{code}/{' '.join(label.split())}", printed(count)))
            percent = re.search(r"([\d.]+)%", share)
            if percent and number and printed(count) in (SMALL, HIDDEN):
                raise AssertionError(f"{code}: a share is shown for a hidden count: {label}")
            if percent and not number:
                raise AssertionError(f"{code}: a share is shown while the respondents are hidden")
        if "more than one answer" in hint:
            reader.at_most(respondents, answers)
            for answer in answers:
                reader.at_least(respondents, [answer])
        else:
            reader.equal(respondents, answers)
    return reader
