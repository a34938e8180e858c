"""claude-deprecation-tracker: read, track and report Anthropic model deprecations."""

__version__ = "0.1.0"
