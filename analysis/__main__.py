import atexit
import os
import sys

from .cli import main

code = main()
# Exit without tearing down the interpreter's heap: after a report it holds
# papermill, nbconvert, jinja and zmq, and freeing it object by object took
# about 0.15 s. Exit handlers still run and the output is flushed; every file
# the commands write is closed by then.
atexit._run_exitfuncs()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # a closed pipe or a full disk: as Python's own exit would report it
    code = code or 120
os._exit(code)
