"""Run axe-core (shipped with axe-playwright-python, read from disk) on a Playwright page."""

from pathlib import Path

import axe_playwright_python

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, *, disable: tuple[str, ...] = ()) -> list[dict]:
    # Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not block.
    page.evaluate(AXE_SCRIPT)
    options = {
        "runOnly": {"type": "tag", "values": WCAG_21_AA},
        "rules": {rule: {"enabled": False} for rule in disable},
        # Details only for failures: passes are many times larger and only slow the run.
        "resultTypes": ["violations"],
    }
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """Name the rule and the elements, so a failing page says what to fix."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)
