"""Everything that speaks Slack: the Bolt app, its listeners, Web API clients and delivery."""
