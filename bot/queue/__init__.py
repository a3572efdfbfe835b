"""The task queue (procrastinate on PostgreSQL) as newsbot uses it: names, locks, enqueueing.

The clock side (``bot.queue.dispatch``) only enqueues; ``bot.worker`` runs the tasks. This
package imports neither, so both may import it.
"""
