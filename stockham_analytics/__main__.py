"""``python -m stockham_analytics ...``: the same as the ``stockham-analytics`` command."""

from stockham_analytics.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
