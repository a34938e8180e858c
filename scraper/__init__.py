"""claude-deprecation-tracker: read, track and report Anthropic model deprecations."""

__version__ = "0.1.0"

# The real site; `--base-url` points elsewhere (a mirror, a local server).
DEFAULT_BASE_URL = "https://platform.claude.com"

# Where the tool itself is documented (User-Agent, the JSON Feed extension's `about`).
PROJECT_URL = "https://github.com/claude-deprecation-tracker/claude-deprecation-tracker"
