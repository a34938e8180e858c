"""Act on the data: audit code for model ids, timelines, exports, the published snapshot."""
