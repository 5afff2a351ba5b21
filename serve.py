"""Start the dashboard: `python serve.py [streamlit options]` does what `streamlit run dashboard.py` does.

Streamlit treats a folder named pages/ beside the entry script as an old-style multipage app until the
first script run has called st.navigation. On a freshly started server the very first visitor who opens
a shared link (e.g. /et-vaerdigt-liv?bydel=3) would get "Page not found" and the front page. This
dashboard declares its pages with st.navigation only, so it says so before the server starts. It also
warms the default views' caches (warmup.py) as soon as the server answers.
"""

import sys
import threading

from streamlit import config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli


def _port(argv: list[str]) -> int:
    """The port given as --server.port N or --server.port=N, else the configured one."""
    for i, arg in enumerate(argv):
        if arg.startswith("--server.port="):
            return int(arg.split("=", 1)[1])
        if arg == "--server.port" and i + 1 < len(argv):
            return int(argv[i + 1])
    return int(config.get_option("server.port"))


if __name__ == "__main__":
    PagesManager.uses_pages_directory = False  # no old-style pages/ folder: dashboard.py's st.navigation decides
    args = sys.argv[1:]
    from warmup import warm  # the first visitor after a start finds the default views' caches warm

    threading.Thread(target=warm, args=(_port(args),), daemon=True, name="warm-up").start()
    sys.argv = ["streamlit", "run", "dashboard.py", *args]
    sys.exit(cli.main())
