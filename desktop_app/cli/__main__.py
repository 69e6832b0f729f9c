"""``python -m desktop_app.cli``: the same as ``rehab-archive``."""

from desktop_app.cli.main import main

raise SystemExit(main())
