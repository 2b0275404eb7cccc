# One image for every Vetted process: the API (default CMD), the Celery worker and beat,
# and the one-shot `vetted migrate`. docker-compose.yml runs them against real PostgreSQL
# (pgvector) and Redis; nothing here starts the embedded engines.
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
            --shell /usr/sbin/nologin vetted

WORKDIR /app

# Dependencies first, read from pyproject.toml itself (runtime ones only, never [dev]), so
# this layer is rebuilt only when pyproject.toml changes. The build backend is installed here
# too, so the project install below needs no network.
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(p['build-system']['requires'] + p['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The code: the packages of [tool.setuptools.packages.find], plus the Alembic config.
COPY core/ ./core/
COPY registry/ ./registry/
COPY matching/ ./matching/
COPY disputes/ ./disputes/
COPY labour_attache/ ./labour_attache/
COPY api/ ./api/
COPY migrations/ ./migrations/
COPY alembic.ini ./

# The project itself (for the `vetted` console script); its dependencies are already there.
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
 && pip check \
 && rm -rf build ./*.egg-info \
 && python -m compileall -q core registry matching disputes labour_attache api migrations

USER vetted

EXPOSE 8000

CMD ["uvicorn", "api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
