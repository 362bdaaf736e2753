# participatie: the wheel on a slim Python, run as a non-root user.
# Build: docker build -t participatie .   Run: see compose.yaml and README "Production".

# -- build: the wheel (catalogs compiled by the build hook) and the wheels it needs ----------
FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml hatch_build.py README.md babel.cfg ./
COPY participatie participatie
COPY analysis analysis
COPY questionnaires questionnaires
COPY templates templates
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# -- run: no compilers; Pango for the PDFs, pg_dump/pg_restore for backups -------------------
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        fonts-noto-core postgresql-client curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 participatie
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels participatie \
    && rm -rf /wheels
USER participatie
ENV PARTICIPATIE_INSTANCE_PATH=/home/participatie/instance \
    PYTHONUNBUFFERED=1
WORKDIR /home/participatie
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["participatie", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
