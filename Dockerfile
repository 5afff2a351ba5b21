# The dashboard as one Streamlit process on port 8501 (README, "Deployment").
#
# Configuration comes only from outside, never from the image:
#   DATABASE_URL    the SQLAlchemy URL of the PostgreSQL database (data_access/db.py), e.g.
#                   postgresql+psycopg://socialstrategi:PASSWORD@db:5432/socialstrategi. Without it the app
#                   builds and serves the embedded sample database: a demo, never production.
#   BYDELE_GEOJSON  optional: a newer district layer (data_access/boundaries.py); by default the copy in geo/,
#                   or one fetched by `python -m data_access boundaries` into /app/.data/geo/.
#   /app/.streamlit/secrets.toml  login and admins (README, "Login"), mounted as a secret file at run time;
#                   .dockerignore keeps a local one out of the image. .streamlit/config.toml is the app's own
#                   and is part of the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so that a change in the code does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

# The user the app runs as; compose.yaml and deploy/k8s/ use the same uid (10001).
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin app

COPY . .
# The only place the app writes: the downloaded district layer (.data/geo/) and, without DATABASE_URL, the
# embedded sample database.
RUN mkdir -p /app/.data/geo && chown -R 10001:10001 /app/.data

USER 10001:10001

EXPOSE 8501

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"]

# serve.py is `streamlit run dashboard.py` that tells Streamlit the pages/ folder is not an old-style multipage
# app, so that a shared deep link works for the first visitor after a start too (see serve.py).
CMD ["python", "serve.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
