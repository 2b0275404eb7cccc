# One image for every Vetted process: the API (default CMD), the Celery worker and beat,
# and the one-shot `vetted migrate`. docker-compose.yml runs them against real PostgreSQL
# (pgvector) and Redis; nothing here starts the embedded engines.

# Stage 1: only the dependency list (runtime ones, never [dev], plus the build backend), read
# from pyproject.toml itself. Copying its output, not pyproject.toml, into the image below keys
# the dependency layer on the list alone: editing tool settings in pyproject.toml, or the code,
# does not reinstall the dependencies.
FROM python:3.11-slim AS requirements
COPY pyproject.toml /tmp/pyproject.toml
RUN python -c "import tomllib; p = tomllib.load(open('/tmp/pyproject.toml', 'rb')); print('\n'.join(p['build-system']['requires'] + p['project']['dependencies']))" > /tmp/requirements.txt

FROM python:3.11-slim

# PYTHONPATH: every entry point imports the project from /app, next to alembic.ini and
# migrations/ as in the repository (core/migrate.py finds both relative to the core package).
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

RUN groupadd --system --gid 10001 vetted \
 && useradd --system --uid 10001 --gid vetted --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin vetted \
 && install -d -o vetted -g vetted -m 0700 /var/lib/vetted

# The papers' PDFs are set in DejaVu Sans, which holds the Kyrgyz and Tajik letters.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first (the build backend among them, so the project install below needs no
# network); this layer is cached until the dependency list changes.
COPY --from=requirements /tmp/requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The code: the packages of [tool.setuptools.packages.find], plus the Alembic config.
COPY pyproject.toml alembic.ini ./
COPY core/ ./core/
COPY registry/ ./registry/
COPY matching/ ./matching/
COPY disputes/ ./disputes/
COPY labour_attache/ ./labour_attache/
COPY ratings/ ./ratings/
COPY api/ ./api/
COPY migrations/ ./migrations/

# The project itself (for the `vetted` console script); its dependencies are already there.
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
 && pip check \
 && rm -rf build ./*.egg-info \
 && python -m compileall -q core registry matching disputes labour_attache ratings api migrations

USER vetted

EXPOSE 8000

CMD ["uvicorn", "api.app:create_app", "--factory", "--no-proxy-headers", "--host", "0.0.0.0", "--port", "8000"]
