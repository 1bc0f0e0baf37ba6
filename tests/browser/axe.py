"""axe-core (npm, pinned in package.json) injected into a Playwright page: WCAG 2.0/2.1 A and AA rules."""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


def violations(page):
    """axe's serious and critical WCAG A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN, TAGS)["violations"]
    return [v for v in found if v["impact"] in BLOCKING]


def describe(found):
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {', '.join(node['target'])}: {node.get('failureSummary', '')[:160]!r}" for node in v["nodes"]]
    return "\n".join(lines)


def assert_accessible(page, where=""):
    """Fail listing every serious or critical violation (rule id, help, target nodes)."""
    found = violations(page)
    assert not found, f"{where or page.url}: axe found\n{describe(found)}"
