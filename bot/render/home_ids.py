"""Action, callback and input ids of the App Home and its modals.

The listeners (``bot.slack.listeners.home``) match on these, so views and listeners cannot
drift apart. Button values come back from Slack and are parsed as untrusted input.
"""

from __future__ import annotations

# Home tab buttons
ACTION_PAUSE = "newsbot_home_pause"  # value: subscription id
ACTION_RESUME = "newsbot_home_resume"  # value: subscription id
ACTION_UNSUBSCRIBE = "newsbot_home_unsubscribe"  # value: subscription id
ACTION_OPEN_SUBSCRIBE = "newsbot_home_open_subscribe"
ACTION_OPEN_ADD_SOURCE = "newsbot_home_open_add_source"
ACTION_REMOVE_SOURCE = "newsbot_home_remove_source"  # value: the source's name
ACTION_OPEN_PREVIEW = "newsbot_home_open_preview"

# Modals (callback ids)
VIEW_SUBSCRIBE = "newsbot_subscribe"
VIEW_ADD_SOURCE = "newsbot_add_source"
VIEW_PREVIEW = "newsbot_preview"
VIEW_PREVIEW_DIGEST = "newsbot_preview_digest"

# Inputs: each input block's block_id and its element's action_id are the same word.
INPUT_CHANNEL = "channel"
INPUT_TOPIC = "topic"
INPUT_TIME = "time"
INPUT_TIMEZONE = "timezone"
INPUT_URL = "url"

# A source's name rides in its Remove button's value: longer names get no button.
MAX_VALUE = 2000


def parse_subscription_id(value: object) -> int:
    """The subscription id a Home button carries; ValueError on anything else."""
    if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
        raise ValueError(f"not a subscription id: {value!r:.40}")
    return int(value)
