# Production image of the WebSIG Tata Ruang Kabupaten Tangerang: gunicorn (web)
# and Celery (worker) share it; docker-compose.yml runs both.
#
# GDAL, GEOS and PROJ come from Debian 12 as on the development machines
# (scripts/ensure-debian-packages.sh), so GeoDjango sees the same library
# versions in both places. Python 3.11 is Debian 12's python3.
FROM debian:12-slim

ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=webgis.settings

# gettext provides msgfmt for compilemessages; postgresql-client gives
# pg_isready and psql for `manage.py dbshell` and health checks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      python3 python3-venv \
      gdal-bin libgdal32 libgeos-c1v5 libproj25 proj-data \
      gettext postgresql-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# The application never runs as root. Fixed ids keep file ownership stable
# across rebuilds on the named volumes (media, static).
RUN groupadd --system --gid 10001 websig \
 && useradd --system --uid 10001 --gid websig --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin websig

WORKDIR /app

# Dependencies first, so editing the code does not reinstall them.
COPY requirements.txt .
RUN /usr/bin/python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install -r requirements.txt

COPY . .

# Neither command touches the database; settings import without DATABASE_URL
# or SECRET_KEY as long as PRODUCTION is unset (it is set only at run time).
# staticfiles/ and media/ belong to the app user: they are the mount points
# of the compose volumes, which Docker fills from the image with this owner.
RUN python manage.py compilemessages --ignore=/opt/venv -v 0 \
 && python manage.py collectstatic --noinput -v 0 \
 && mkdir -p /app/media /app/var/uploads /app/var/exports \
 && chown -R websig:websig /app/staticfiles /app/media /app/var

USER websig

EXPOSE 8000

CMD ["gunicorn", "webgis.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
