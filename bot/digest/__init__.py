"""From stored articles to a Digest: topics, story clustering, ranking, building."""
