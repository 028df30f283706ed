"""``python -m delink``."""

from delink.cli import main

raise SystemExit(main())
