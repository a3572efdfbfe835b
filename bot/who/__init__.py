"""``who NAME``: what a person or organisation has said, across stories, newest first.

``names`` matches names (pure), ``index`` keeps the speaker_quotes table in step with article
analyses, ``backfill`` indexes articles stored before it existed, ``service`` answers queries.
"""
