from __future__ import annotations

import pytest

from bot.nlp.furniture import furniture_rule

FURNITURE = [
    ("By Omar Lindqvist, Transport Correspondent", "byline"),
    ("By .", "byline"),
    ("PUBLISHED: .", "link label"),
    ("14:52 EST, 9 March 2023 .", "time stamp"),
    ("Pictured: The lifeboat crew returns to the harbour at dawn", "caption label"),
    ("ABOVE - A map of the closed roads", "caption label"),
    ("Scroll down for video", "media pointer"),
    ("WATCH THE VIDEO BELOW", "media pointer"),
    ("Video: the moment the bridge gave way", "media pointer"),
    ("The full video is at the top of this article.", "media pointer"),
    ("Councillor Ida Moss (pictured) opened the new ward.", "caption pointer"),
    ("The square was packed by noon (Photo: Lena Ortiz/AFP)", "photo credit"),
    ("Credit: Harbour Press Agency", "caption label"),
    ("READ: How the port was rebuilt", "link label"),
    ("Nadia Farr in Lisbon contributed to this report.", "credit line"),
]
STORY = [
    "By Tuesday, the storm had moved east towards the coast.",
    "More than 300 people were moved to shelters overnight.",
    "Watchdogs said the company broke the rules twice.",
    "Photos show the wall collapsing into the river.",
    "By the end of the year the line will carry 40,000 riders a day.",
    "Right now the ferry runs only twice a week.",
    "The mayor, who was re-elected in May, said the plan would go ahead.",
]


@pytest.mark.parametrize(("sentence", "rule"), FURNITURE)
def test_furniture_is_named_by_its_rule(sentence: str, rule: str) -> None:
    assert furniture_rule(sentence) == rule


@pytest.mark.parametrize("sentence", STORY)
def test_story_sentences_are_not_furniture(sentence: str) -> None:
    assert furniture_rule(sentence) is None
