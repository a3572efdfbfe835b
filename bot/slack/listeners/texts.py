"""Every short reply the Slack listeners write, in one place (digests come from templates)."""

from __future__ import annotations

INTERNAL_ERROR = "Sorry, something went wrong on my side. Please try again in a minute."
STORE_ERROR = "Sorry, I could not reach my database. Please try again in a minute."
NOT_IN_CHANNEL = (
    "I cannot post in this channel. Invite me first (/invite @newsbot), then try again."
)
CHANNEL_NOT_FOUND = "I cannot see this channel; is it a private channel I have not joined?"
DIGEST_GONE = (
    "That digest is no longer stored, so I cannot show it. Ask for a fresh one with /news."
)
STORY_GONE = "That story is not in the stored digest any more."
SHARED = "Shared in the channel."
ALREADY_SHARED = "This digest is already shared in the channel."
FULL_QUOTES_IN_THREAD = "The full quotes are in this message's thread."
OPEN_THREAD = "open the thread"
SOURCES_ADMINS_ONLY = "Only workspace admins and owners may change the news sources here."
SUBSCRIPTION_GONE = "That subscription does not exist any more."
PAUSED_BY_HAND = "paused from the App Home"


def subscribed(topic: str, hour: int, minute: int, timezone: str) -> str:
    when = f"{hour:02d}:{minute:02d} ({timezone})"
    return f"This channel will get the {topic} digest every day at {when}."


def unsubscribed(topic: str) -> str:
    return f"This channel will no longer get the daily {topic} digest."


def not_subscribed(topic: str) -> str:
    return f"This channel is not subscribed to {topic}."


def source_added(url: str, articles: int) -> str:
    return f"Added {url} to the sources ({articles} article(s) read in a test fetch)."


def source_removed(name: str) -> str:
    return f"Removed {name} from the sources."


def source_unknown(name: str) -> str:
    return f"No source called {name} is configured."


def source_unreadable(url: str, reason: str) -> str:
    return f"I could not use {url}: {reason}"


def paused(topic: str) -> str:
    return f"Paused the daily {topic} digest; resume it any time."


def resumed(topic: str) -> str:
    return f"The daily {topic} digest is back on."
