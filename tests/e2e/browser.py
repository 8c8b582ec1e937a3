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
