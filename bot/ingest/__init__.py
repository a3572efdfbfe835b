"""Ingestion: fetch bytes from the web (``fetch``) and read them into ``Article`` values.

The readers (``readers``, ``feeds``, ``html``, ``text_dump``) are pure: bytes in, Articles
out, no network and no database. ``read_document`` is the one entry point most callers need.
"""
