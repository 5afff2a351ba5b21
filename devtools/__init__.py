"""What the tests and the benchmarks share to run the app as a user would: Debian's Chromium, a throwaway
PostgreSQL server and a Streamlit server on a free port. Never imported by the app."""
