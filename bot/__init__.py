"""newsbot: turns news into short, faithful Slack digests.

The package is a pure core (``model``, ``ingest`` readers, ``nlp``, ``digest``, ``render``)
wrapped by thin I/O layers (``ingest.fetch``, ``store``, ``slack``, ``schedule``, ``cli``).
"""

__version__ = "0.1.0"
