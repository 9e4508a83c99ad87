"""A connection string's password never reaches the user's screen, a log or an error message:
`mask_url` for showing where the library is, `scrub` for any text that may echo it (a driver's
error can quote the connection string)."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

MASK = "******"
_KEYWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def password_of(url: str) -> str | None:
    """The password in a URL (`postgresql://user:pw@host/db`) or keyword string
    (`password=pw`), decoded; None when there is none."""
    try:
        parts = urlsplit(url)
        if parts.password:
            return unquote(parts.password)
    except ValueError:
        pass
    match = _KEYWORD.search(url)
    return match.group(2).strip("'") if match else None


def mask_url(url: str) -> str:
    """The URL with its password replaced by ******."""
    masked = _KEYWORD.sub(lambda m: m.group(1) + MASK, url)
    try:
        parts = urlsplit(masked)
        has_password = parts.password is not None
    except ValueError:
        has_password = False
    if not has_password:
        return _mask_forms(masked, url)
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return parts._replace(netloc=f"{user}:{MASK}@{host}").geturl()


def scrub(text: str, url: str | None) -> str:
    """`text` with every form of the URL's password (as written, decoded, encoded) masked."""
    if not url:
        return text
    out = text.replace(url, mask_url(url)) if url in text else text
    return _mask_forms(out, url)


def _mask_forms(text: str, url: str) -> str:
    forms = {_raw_password(url) or ""}
    password = password_of(url)
    if password:
        forms |= {password, quote(password, safe=""), quote(password)}
    for form in sorted(forms - {""}, key=len, reverse=True):
        text = text.replace(form, MASK)
    return text


def _raw_password(url: str) -> str | None:
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return None
    userinfo = netloc.rsplit("@", 1)[0] if "@" in netloc else ""
    return userinfo.split(":", 1)[1] if ":" in userinfo else None
