"""What the browser tests watch in a page."""


def watch_console(page) -> list[str]:
    """Console errors (a CSP refusal shows up here), collected for the test to assert none."""
    errors: list[str] = []

    def console(message):
        if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", ""):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
