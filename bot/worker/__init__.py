"""``newsbot worker``: run the queued polls and deliveries (queue mode, docs/queue.md)."""
