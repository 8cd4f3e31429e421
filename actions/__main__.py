"""The action server: `python -m actions --actions actions -p 5055`.

The same server as `rasa run actions` (rasa_sdk's), started without importing Rasa. spaCy's
thinc imports TensorFlow whenever it is installed (Rasa installs it for the Rasa server), although
nothing in this process uses it; that import alone costs the action server about 300 MB of memory
and several seconds at start. Marking the module absent makes thinc skip it. numpy's BLAS runs on
one thread: the sentence encoder's small products are slower on two threads that contend with
the Rasa server for the machine's cores.
"""

import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.modules.setdefault("tensorflow", None)  # type: ignore[assignment]

from rasa_sdk.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
