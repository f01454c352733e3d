"""Checking a URL the deployment will call: a department's webhook, a source's feed."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

MAX_URL_LENGTH = 2048


def check_http_url(url: str, what: str = "the URL") -> str:
    """An http(s) URL without credentials or fragment; loopback and private addresses are
    allowed (deployments of a province talk over their own network).

    :param url: the URL as entered (surrounding blanks are dropped).
    :param what: how the reason names it ("the webhook URL").
    :return: the URL to store.
    :raises ValueError: with a readable reason.
    """
    url = url.strip()
    if not url:
        raise ValueError(f"{what} is empty")
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"{what} is longer than {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError(f"{what} contains blanks or control characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{what} must start with http:// or https://")
    if "#" in url:
        raise ValueError(f"{what} must not have a fragment (#...)")
    if "@" in parts.netloc:
        raise ValueError(f"{what} must not contain a user name or password")
    if not parts.hostname:
        raise ValueError(f"{what} has no host")
    try:
        parts.port  # noqa: B018 — raises for a port that is not a number in 0..65535
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as exc:
        raise ValueError(f"{what} is malformed: {exc}") from None
    return url
