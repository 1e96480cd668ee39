# WebSIG Tata Ruang Kabupaten Tangerang
#   make run    install what is missing, start PostGIS (+ Redis), migrate, load data, serve
#   make test   the same set-up, then lint and the whole test suite
#   make stop   stop what make run started
#   make backup / make restore FILE=backups/<timestamp>.tar   (README "Backup")
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
PGPORT ?= 5499
PYTHON ?= python3

# A project-local PostGIS cluster unless DATABASE_URL points at another server.
ifeq ($(origin DATABASE_URL), undefined)
LOCAL_PG := 1
export DATABASE_URL := postgis://postgres@127.0.0.1:$(PGPORT)/webgis
endif
export REDIS_URL ?= redis://127.0.0.1:6379/0
export PGPORT

.PHONY: backup restore run test stop setup deps test-deps db redis migrate data static lint format worker bench-import bench-compliance bench-serve bench-tiles bench-zonal clean

run: setup worker ## serve http://$(HOST):$(PORT) with gunicorn (and a Celery worker)
	@mkdir -p .run
	@echo "WebSIG: http://$(HOST):$(PORT)/"
	$(VENV)/bin/gunicorn webgis.wsgi:application --bind $(HOST):$(PORT) --workers 3 \
	  --pid .run/gunicorn.pid --access-logfile - --timeout 120

# The tests flush their Redis database (cache.clear): they get one of their own,
# db 15 of the same server, so a running `make run` keeps its cache and queue.
TEST_REDIS_URL ?= $(shell echo '$(REDIS_URL)' | sed -E 's#/[0-9]*$$##')/15

test: test-deps setup lint ## lint, then every test against real PostGIS and Chromium
	REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest

setup: deps $(VENV)/.installed db redis migrate data static

deps:
	@scripts/ensure-debian-packages.sh

test-deps:
	@scripts/ensure-debian-packages.sh --test

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

db:
ifdef LOCAL_PG
	@scripts/pg-local.sh start
endif

redis:
	@scripts/redis-local.sh start

migrate: $(VENV)/.installed db
	@$(PY) manage.py compilemessages -v 0 --ignore=.venv
	@$(PY) manage.py migrate --noinput -v 0

data: migrate
	@$(PY) manage.py load_wilayah
	@$(PY) manage.py load_opd
	@$(PY) manage.py load_peta_jalan
	@$(PY) manage.py setup_roles
	@$(PY) manage.py load_tataruang_reference
	@$(PY) manage.py load_wilayah_perencanaan
	@$(PY) manage.py create_demo_users
	@$(PY) manage.py load_sample_layers
	@$(PY) manage.py generate_demo_tataruang
	@$(PY) manage.py generate_demo_pos
	@$(PY) manage.py generate_demo_flood
	@$(PY) manage.py generate_demo_peta_jalan

worker: setup ## a Celery worker in the background (imports, overlays)
	@mkdir -p .run
	@if [ -f .run/celery.pid ] && kill -0 "$$(cat .run/celery.pid)" 2>/dev/null; then \
	  echo "Celery worker already running"; \
	else \
	  $(VENV)/bin/celery -A webgis worker --loglevel INFO --concurrency 2 \
	    --pidfile .run/celery.pid --logfile .run/celery.log --detach && echo "Celery worker started (.run/celery.log)"; \
	fi

backup: $(VENV)/.installed db ## backups/<UTC timestamp>.tar: pg_dump -Fc, uploads, exports, manifest
	$(PY) manage.py backup_site

restore: $(VENV)/.installed db ## restore FILE=backups/<timestamp>.tar into an empty (or new) database
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<timestamp>.tar"; exit 2; }
	$(PY) manage.py restore_site "$(FILE)"
	$(PY) manage.py migrate --noinput -v 0

static: $(VENV)/.installed
	@$(PY) manage.py collectstatic --noinput -v 0

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

stop:
	@if [ -f .run/celery.pid ]; then kill "$$(cat .run/celery.pid)" 2>/dev/null || true; rm -f .run/celery.pid; echo "Celery worker stopped"; fi
	@if [ -f .run/gunicorn.pid ]; then kill "$$(cat .run/gunicorn.pid)" 2>/dev/null || true; rm -f .run/gunicorn.pid; echo "gunicorn stopped"; fi
	@scripts/redis-local.sh stop
ifdef LOCAL_PG
	@scripts/pg-local.sh stop
endif

bench-import: setup ## time the upload pipeline against ogr2ogr on 100,000 polygons
	$(PY) manage.py bench_import --features 100000 --runs 5

bench-compliance: setup ## compliance overlay vs one hand-written query and geopandas (200,000 parcels)
	$(PY) manage.py bench_compliance --parcels 200000 --runs 3

bench-serve: setup ## tiles, GeoJSON pages and 20 clients against gunicorn, beside raw SQL (1,000,000 polygons)
	$(PY) manage.py bench_serve --features 1000000 --runs 3 --duration 60 --clients 20
bench-tiles: setup ## vector tiles (OGC API - Tiles) cold and warm vs the raw ST_AsMVT query (needs `make data`)
	$(PY) manage.py bench_tiles --collection desa --collection rtrw --zooms 8,10,12,14 --tiles 60 --rounds 3
bench-zonal: setup ## per-desa flood class areas of a 10 m raster, cold and warm, vs exactextract and rasterstats
	nice $(PY) manage.py bench_zonal --resolution 10 --runs 5

clean: stop
	rm -rf .run staticfiles .pytest_cache
