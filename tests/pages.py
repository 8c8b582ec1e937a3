"""Reading the pages the tests fetch."""


def json_of(client, year: int, month: int) -> dict:
    """The month's public JSON (/disclosure/<yyyy>/<mm>.json), which must answer 200."""
    response = client.get(f"/disclosure/{year:04d}/{month:02d}.json")
    assert response.status_code == 200, response.status_code
    return response.json()
