"""``rehab-archive``: the command line of the archive (parser and dispatch in ``main``)."""

from desktop_app.cli.main import main

__all__ = ["main"]
