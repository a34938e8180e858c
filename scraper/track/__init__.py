"""Track over time: compare readings, guard them, find translation lags, store and commit."""
