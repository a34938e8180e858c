"""`python -m scraper` is the `deprecation-tracker` command."""

from scraper.cli import main

raise SystemExit(main())
