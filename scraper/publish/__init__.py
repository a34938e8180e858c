"""Publish: reports, feeds, the retirement calendar, models.json and the web page."""
