"""工伤康复档案 — work-injury rehabilitation archive."""

import warnings

__version__ = "0.1.0"

# pyhanko (the PDF signatures) imports cryptography's DSA key types, which cryptography 51
# deprecates with a warning at import; the app never makes or accepts a DSA key. Not a
# message for the person running the app or the command line.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
