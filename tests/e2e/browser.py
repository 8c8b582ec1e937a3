"""What the browser tests do and watch in a page."""


def watch_console(page) -> list[str]:
    """Console errors (a CSP refusal shows up here), collected for the test to assert none."""
    errors: list[str] = []

    def console(message):
        if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", ""):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/login/" not in page.url, "the login did not go through"


# A phone as the resident holds it.
PHONE = {"viewport": {"width": 360, "height": 800}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

# Elements in the main content that hide part of what they hold (overflow hidden or clipped, content larger).
CLIPPED = """() => {
  const clipped = [];
  for (const el of document.querySelectorAll('main *')) {
    const style = getComputedStyle(el);
    const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
    if (!clips || el.closest('.skip-link, .visually-hidden, .sr-only')) continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      clipped.push(el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40));
    }
  }
  return clipped;
}"""


def serious_axe_violations(page, axe_source: str, known: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """axe-core's serious and critical findings on the open page (less the `known` (url path, rule id) pairs),
    each with up to three of the elements it names. evaluate() runs outside the page's CSP, so the strict policy
    stays on while axe looks."""
    page.evaluate(axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    path = page.evaluate("location.pathname")
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical") and (path, violation["id"]) not in known
    ]


def scroll_width(page) -> int:
    """How wide the open page is drawn: more than the window means it scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")


def double_text_problems(page, url: str, width: int) -> list[str]:
    """Open `url`, double the text size, and say what goes wrong: sideways scrolling, clipped content."""
    page.goto(url)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    page.wait_for_timeout(100)
    problems = []
    if (wide := scroll_width(page)) > width:
        problems.append(f"{url} at 200% text and {width} px scrolls sideways: {wide} px")
    if clipped := page.evaluate(CLIPPED):
        problems.append(f"{url} at 200% text clips: {clipped[:5]}")
    return problems
