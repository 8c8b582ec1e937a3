"""Phones are masked in tables; the logs keep no query strings (a desk search can hold a name)."""

import logging

import pytest
from django.template import Context, Template

from trustmgmt.base.privacy import NoQueryStringFilter, mask_name, mask_phone


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("0574-87654321", "0574-****4321"),
        ("87654321", "******21"),
        ("1234", "****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_mask_name():
    assert mask_name("王秀英") == "王**"
    assert mask_name("") == ""


def test_the_template_filter():
    rendered = Template("{% load trust %}{{ phone|mask_phone }}").render(Context({"phone": "13812345678"}))
    assert rendered == "138****5678"


def test_request_lines_lose_their_query_string():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /ledger/desk/?q=王秀英 HTTP/1.1", "200", "5"),
        None,
    )
    assert NoQueryStringFilter().filter(record)
    assert record.getMessage() == '"GET /ledger/desk/ HTTP/1.1" 200 5'
