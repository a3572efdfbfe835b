"""Reading articles: sentences, quotes and their speakers, summaries, key quotes."""
