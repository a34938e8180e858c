"""Read a page: Markdown or HTML text into one document, then into typed records."""
