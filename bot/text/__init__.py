"""Pure helpers over words and strings that several layers share. No I/O, no database.

``terms`` (words and index terms), ``topics`` (topic definitions and how they match text),
``keys`` (when two quotes or two sources count as the same), ``similarity`` (word shingles and
Jaccard) and ``urls`` (normal forms and keys of URLs). They sit below ``bot.store``,
``bot.nlp``, ``bot.ingest`` and ``bot.digest`` because more than one of those needs them (see
docs/architecture.md).
"""
