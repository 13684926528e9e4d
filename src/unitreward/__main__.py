"""``python -m unitreward``: the same program as the ``unitreward`` command."""

from __future__ import annotations

import sys

from unitreward.cli import main

if __name__ == "__main__":
    sys.exit(main())
