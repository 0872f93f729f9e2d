"""`python -m forumreach`: the command line.

pandas loads Apache Arrow whenever it is installed (Streamlit brings it), which costs a command
about 50 MB of memory and half a second, for nothing: no command reads or writes Arrow data. So
the command line tells Python that Arrow is absent, before pandas is imported; pandas then keeps
its strings as Python objects, and every table comes out the same (tests/test_cli.py).
"""

import gc
import sys

sys.modules.setdefault("pyarrow", None)  # type: ignore[assignment]

from forumreach.cli import main  # noqa: E402

# What the imports made (pandas' and numpy's many module objects) lives as long as the process:
# frozen, the collector stops walking it at every full collection while a sheet is matched.
gc.freeze()
raise SystemExit(main())
