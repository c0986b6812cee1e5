"""`python -m generator` runs the `plenary` command line."""

import sys

from generator.cli import main

sys.exit(main())
