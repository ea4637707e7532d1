"""`python -m bot`: see `bot.cli` for the subcommands."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
