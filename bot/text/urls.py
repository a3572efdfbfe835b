"""Canonical URLs and the keys the store deduplicates articles by.

Two links to the same article often differ only in case, a default port, a fragment, the order
of query parameters or a campaign tracker; ``normalize_url`` erases exactly those differences
and nothing else, so distinct articles never share a key.
"""

from __future__ import annotations

import contextlib
import hashlib
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only say how a reader arrived, never which article it is.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "mtm_", "hsa_", "_hs")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "igsh",
        "_ga",
        "_gl",
        "ocid",
        "smid",
        "cmpid",
        "ncid",
        "ref_src",
        "ref_url",
        "spm",
        "wt.mc_id",
        "at_medium",
        "at_campaign",
    }
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _netloc(scheme: str, host: str, port: int | None, userinfo: str) -> str:
    # Unicode hosts become punycode so both spellings share a key; an undecodable host is
    # kept as given (its key is still stable).
    with contextlib.suppress(UnicodeError):
        host = host if host.isascii() else host.encode("idna").decode("ascii")
    if ":" in host:  # an IPv6 literal needs its brackets back
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{userinfo}@{host}" if userinfo else host


def _query(raw: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(raw, keep_blank_values=True) if not _is_tracking(k)]
    return urlencode(sorted(pairs), quote_via=quote)


def normalize_url(url: str) -> str:
    """The canonical form of ``url``: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, remaining query parameters sorted, an empty path as ``/``.

    A string that is not an absolute URL (no scheme or host) is returned stripped, unchanged,
    so a caller hashing odd input still gets a stable key instead of an exception.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text  # an unbalanced "[" in the host ("//[", "http://[::1"): not canonicalisable
    if not parts.scheme or not parts.netloc:
        return text
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return text  # a non-numeric port: not a URL we can canonicalise
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = _netloc(scheme, (parts.hostname or "").rstrip("."), port, userinfo)
    # Escape what must be escaped but keep existing escapes: decoding %2F would change the path.
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~") or "/"
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def url_key(url: str) -> str:
    """The store's key for an article URL: sha256 hex of ``normalize_url(url)``."""
    return _sha256(normalize_url(url))


def guid_key(guid: str) -> str:
    """The store's key for a feed item guid. Guids are opaque, so only outer spaces are dropped."""
    return _sha256(guid.strip())
