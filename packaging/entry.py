"""The bundle's entry point: the ``mailwright`` command (its ``studio`` opens the app).

Started from the desktop menu with no arguments, it opens the studio.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # proof's worker processes in the frozen app
    from studio.cli import main

    sys.exit(main())
