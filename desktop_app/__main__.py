"""``python -m desktop_app`` starts the desktop app."""

import sys

from desktop_app.app import main

sys.exit(main())
