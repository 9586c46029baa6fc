import atexit
import os
import sys
import threading

from .cli import main

code = main()
# Exit without tearing down the interpreter's heap: after a report it holds
# papermill, nbconvert, jinja and zmq, and freeing it object by object took
# about 0.15 s. What a normal exit does first still happens: other
# non-daemon threads are joined, exit handlers run and the output is
# flushed; every file the commands write is closed by then.
for thread in threading.enumerate():
    if thread is not threading.main_thread() and not thread.daemon:
        thread.join()
atexit._run_exitfuncs()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except OSError:  # a closed pipe or a full disk: as Python's own exit would report it
    code = code or 120
os._exit(code)
