from __future__ import annotations

import bot.render


def test_all_lists_exactly_the_public_names() -> None:
    public = {name for name in vars(bot.render) if not name.startswith("_")}
    modules = {
        "actions",
        "deep_links",
        "env",
        "home",
        "home_ids",
        "limits",
        "messages",
        "mrkdwn",
        "split",
        "story_view",
        "utterances",
        "view_limits",
        "views",
        "who",
    }
    assert set(bot.render.__all__) == public - modules - {"annotations", "terminal"}
