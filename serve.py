"""Start the dashboard: `python serve.py [streamlit options]` does what `streamlit run dashboard.py` does.

Streamlit treats a folder named pages/ beside the entry script as an old-style multipage app until the
first script run has called st.navigation. On a freshly started server the very first visitor who opens
a shared link (e.g. /et-vaerdigt-liv?bydel=3) would get "Page not found" and the front page. This
dashboard declares its pages with st.navigation only, so it says so before the server starts.
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False  # no old-style pages/ folder: dashboard.py's st.navigation decides
    sys.argv = ["streamlit", "run", "dashboard.py", *sys.argv[1:]]
    sys.exit(cli.main())
