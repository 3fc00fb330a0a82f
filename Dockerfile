# Production image: gunicorn serving Django; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-noto-core fonts-noto-cjk gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY moia ./moia
COPY directory ./directory
COPY programs ./programs
COPY grants ./grants
COPY surveys ./surveys
COPY reports ./reports
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /src/node_modules/@uswds/uswds/dist /app/static/vendor/uswds
COPY --from=assets /src/node_modules/jquery-ui/dist/jquery-ui.min.js /app/static/vendor/jquery-ui/jquery-ui.min.js
# Build-time values only: the real secrets come from the environment at run time.
RUN DJANGO_SECRET_KEY=build FIELD_ENCRYPTION_KEYS=build python manage.py compilemessages -v 0 \
 && DJANGO_SECRET_KEY=build FIELD_ENCRYPTION_KEYS=build python manage.py collectstatic --noinput -v 0
RUN useradd --system --uid 1000 portal && mkdir -p /app/private_media && chown portal /app/private_media
USER portal
EXPOSE 8000
# No access log (IPs, user agents, query strings): see gunicorn.conf.py.
CMD ["gunicorn", "moia.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
