"""What the Slack surfaces do, once: the slash command and the App Home call these.

Each service takes the listeners' ``Deps`` and plain values (never a Slack payload), raises
``CommandError``/``UsageError`` with a sentence for the user, and returns the confirmation
to show (``bot.slack.listeners.texts``).
"""
