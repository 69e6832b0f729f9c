"""Region formats of the claim data files beyond the national one, one module each.

A module here defines a ``RegionAdapter`` (``documents.data_files``) and registers it;
``data_files.adapter`` finds every module of this package, so adding a region touches
nothing else (``rehab-archive claim export --region <code>``).
"""
