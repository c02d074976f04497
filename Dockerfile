# Production image: gunicorn serves the app (whitenoise for static files); the same image runs
# the Celery worker and beat. Front-end assets are installed from npm in a build stage.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
 && mkdir -p vendor/bootstrap vendor/htmx \
 && cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
       node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map vendor/bootstrap/ \
 && cp node_modules/htmx.org/dist/htmx.min.js vendor/htmx/

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DISCOVERY_ENV=production VAR_DIR=/var/lib/discovery STATIC_ROOT=/app/staticfiles
# WeasyPrint needs Pango and fonts at run time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app discovery
WORKDIR /app
COPY pyproject.toml README.md ./
# Every package pyproject.toml installs ([tool.setuptools.packages.find]); a test checks the list.
COPY config ./config
COPY discovery ./discovery
COPY assessments ./assessments
COPY web ./web
RUN pip install .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY --from=assets /build/vendor ./static/vendor
# collectstatic needs settings to import; the key is a build-time throwaway, never used to serve.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
 && mkdir -p /var/lib/discovery && chown -R discovery /var/lib/discovery
USER discovery
EXPOSE 8000
# No gunicorn access log: the app logs every request itself (structured, with client-link tokens
# redacted), while gunicorn's would print each private link in clear.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
