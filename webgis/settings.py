"""Settings for the WebSIG Tata Ruang Kabupaten Tangerang.

Everything that differs between machines comes from the environment (see README,
"Configuration"). Defaults are safe for a local machine; production refuses to
start without a real SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and env.bool("PRODUCTION", default=False):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when PRODUCTION=1")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "core",
    "webgis",
    "wilayah",
    "layers",
    "akun",
    "tataruang",
    "ogc",
    "flood",
    "roadmap",
    "satudata",
    "dasbor",
    # Profiles and reports of the kabupaten, kecamatan and desa (issue 17); imports the apps above
    "profil",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "webgis.middleware.ApiGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Bahasa Indonesia unless the user chose English (not the browser's Accept-Language).
    "webgis.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "webgis.middleware.ContentSecurityPolicyMiddleware",
    # Turns a locked-out login into the lockout answer (akun.lockout).
    "axes.middleware.AxesMiddleware",
    # Innermost: its 400s carry the headers above; the ones above read no database.
    "webgis.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "webgis.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "webgis.views.site_context",
            ],
        },
    },
]

WSGI_APPLICATION = "webgis.wsgi.application"

# The Makefile starts a project-local PostGIS cluster on port 5499 unless
# DATABASE_URL points elsewhere.
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default="postgis://postgres@127.0.0.1:5499/webgis",
        engine="django.contrib.gis.db.backends.postgis",
    )
}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
# PostgreSQL's JIT compiles every query above a cost threshold; for this app's
# PostGIS work it costs up to a second per query and gains nothing (the
# compliance run is 16% faster without it, a features page 20 ms): off for the
# app's connections.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The client address: the request.META key of the header a trusted proxy sets
# (HTTP_X_REAL_IP behind the docker-compose nginx), REMOTE_ADDR without one.
# Used for login lockouts and every per-address rate (akun.throttling.client_ip).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="REMOTE_ADDR")
# Login lockout (django-axes, one counter per username AND address, so a
# colleague's address is never locked out): LOGIN_FAILURE_LIMIT failures lock
# that pair for LOGIN_LOCKOUT_MINUTES after the last one. Bad API tokens count
# the same way per address (akun.lockout).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "akun.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "akun.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "akun.lockout.axes_username"
# Password-reset mails asked for, per address and per e-mail address.
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="5/hour")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bahasa Indonesia first, English selectable.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "peta"
LOGOUT_REDIRECT_URL = "peta"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "webgis.storage.StaticStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Spatial reference systems: storage and API in WGS 84 lon/lat, every area and
# length measured in UTM zone 48S.
STORAGE_SRID = 4326
API_SRID = 4326
METRIC_SRID = 32748
KABUPATEN_KODE = "36.03"
KABUPATEN_NAMA = "Kabupaten Tangerang"
# The DTRB contact on /tentang/. Only what is known by default: the office and
# the seat of the regency government at Tigaraksa; a phone number, e-mail or web
# address is shown once the site operator sets it (empty: not shown).
DTRB_CONTACT_NAME = env("DTRB_CONTACT_NAME", default="Dinas Tata Ruang dan Bangunan (DTRB) Kabupaten Tangerang")
DTRB_CONTACT_ADDRESS = env("DTRB_CONTACT_ADDRESS", default="Pusat Pemerintahan Kabupaten Tangerang, Tigaraksa, Banten")
DTRB_CONTACT_PHONE = env("DTRB_CONTACT_PHONE", default="")
DTRB_CONTACT_EMAIL = env("DTRB_CONTACT_EMAIL", default="")
DTRB_CONTACT_URL = env("DTRB_CONTACT_URL", default="")
WILAYAH_DATA_DIR = BASE_DIR / "data" / "wilayah"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Strict bodies: size cap, an object at the top, finite numbers, no control characters.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser", "core.parsers.FormParser", "core.parsers.MultiPartParser"],
    # Token first: DRF takes the WWW-Authenticate header (and so 401, not 403)
    # from the first class. The session class translates DRF's CSRF message.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "akun.authentication.ApiTokenAuthentication",
        "webgis.csrf.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["akun.throttling.WriteRateThrottle"],
    # Per address for anonymous callers of the heavy endpoints (akun.throttling).
    "DEFAULT_THROTTLE_RATES": {
        "write": env.str("API_WRITE_RATE", default="600/minute"),
        "kkpr": env.str("ANON_KKPR_RATE", default="30/minute"),
        "kkpr_pdf": env.str("ANON_KKPR_PDF_RATE", default="10/minute"),
        "download": env.str("ANON_DOWNLOAD_RATE", default="20/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "WebSIG Tata Ruang Kabupaten Tangerang API",
    "DESCRIPTION": "GeoJSON API (RFC 7946, lon/lat WGS 84) of the WebSIG Tata Ruang "
    "Kabupaten Tangerang: administrative areas, sectoral layers and spatial-planning indicators.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.openapi.describe_path_parameters",
        "ogc.openapi.ogc_parameter_names",
    ],
    # Two models call their choices "Status": name each set in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LayerVersionStatusEnum": "layers.models.LayerVersion.Status",
        "SourceStatusEnum": "tataruang.models.Plan.Status",
        "PosStatusEnum": "flood.managers.STATUSES",
        "HazardRasterKindEnum": "flood.models.RasterKind",
    },
}

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Shared by gunicorn workers and Celery (import progress lives here).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "websig",
    }
}

# Uploads are kept outside the web root, each in a directory named by a random UUID.
UPLOAD_ROOT = env.path("UPLOAD_ROOT", default=BASE_DIR / "var" / "uploads")
# Download files of layer versions, kept until the version changes (layers.exports).
# Photos and documents of peta jalan locations: outside the web root, served by a view that checks access.
ROADMAP_DOCUMENT_ROOT = env.path("ROADMAP_DOCUMENT_ROOT", default=BASE_DIR / "var" / "peta-jalan")
ROADMAP_DOCUMENT_MAX_BYTES = env.int("ROADMAP_DOCUMENT_MAX_MB", default=10) * 1024 * 1024
EXPORT_ROOT = env.path("EXPORT_ROOT", default=BASE_DIR / "var" / "exports")
# Pixel coverage of each desa per hazard-raster grid, reused by every raster version on that grid (flood.zonal.cache).
FLOOD_ZONAL_CACHE_ROOT = env.path("FLOOD_ZONAL_CACHE_ROOT", default=BASE_DIR / "var" / "flood-zonal")
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=200) * 1024 * 1024
UPLOAD_MAX_UNCOMPRESSED_BYTES = env.int("UPLOAD_MAX_UNCOMPRESSED_MB", default=2048) * 1024 * 1024
UPLOAD_MAX_COMPRESSION_RATIO = env.int("UPLOAD_MAX_COMPRESSION_RATIO", default=200)
# Hazard rasters (flood): the file size and the pixel count an upload may have.
FLOOD_RASTER_MAX_BYTES = env.int("FLOOD_RASTER_MAX_MB", default=500) * 1024 * 1024
FLOOD_RASTER_MAX_PIXELS = env.int("FLOOD_RASTER_MAX_MPIXELS", default=200) * 1_000_000
# Caps of a geometry sent to the API (core.geometry.check_size): the anonymous
# KKPR check of a parcel, and a feature written in the editor or the API.
KKPR_MAX_VERTICES = env.int("KKPR_MAX_VERTICES", default=10_000)
KKPR_MAX_PARTS = env.int("KKPR_MAX_PARTS", default=100)
# 10,000 positions at full double precision are about 450 KB of JSON.
KKPR_MAX_BODY_BYTES = env.int("KKPR_MAX_BODY_KB", default=1024) * 1024
EDIT_MAX_VERTICES = env.int("EDIT_MAX_VERTICES", default=100_000)
EDIT_MAX_PARTS = env.int("EDIT_MAX_PARTS", default=1_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="websig")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Faults (README "Faults"): a dead worker's job is sent again or failed
# (core.reaper), Redis down is a cache miss or a 503, PostgreSQL restarts are
# survived. A worker stamps its job every JOB_HEARTBEAT_S; a running job
# silent for JOB_STALE_AFTER_S lost its worker; every worker reaps every
# JOB_REAP_INTERVAL_S, so a job is taken up again at most 60 + 30 s after a
# worker is back. Overridable so the fault tests run in seconds.
JOB_HEARTBEAT_S = env.float("JOB_HEARTBEAT_S", default=15)
JOB_STALE_AFTER_S = env.float("JOB_STALE_AFTER_S", default=60)
JOB_REAP_INTERVAL_S = env.float("JOB_REAP_INTERVAL_S", default=30)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=2)
JOB_PENDING_RESEND_S = env.float("JOB_PENDING_RESEND_S", default=300)
# Task results are never read (the job rows hold the outcome).
CELERY_TASK_IGNORE_RESULT = True
# Without Redis a request must fail fast (503), not hang on the broker.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2)
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis errors are cache misses, after at most REDIS_CACHE_TIMEOUT_S (core.cache).
CACHES["default"]["BACKEND"] = "core.cache.FailSoftRedisCache"
CACHES["default"]["OPTIONS"] = {
    "socket_connect_timeout": env.float("REDIS_CACHE_TIMEOUT_S", default=0.5),
    "socket_timeout": env.float("REDIS_CACHE_TIMEOUT_S", default=0.5),
}
# Vector tiles a web worker keeps in its own memory besides Redis (ogc.tiles), in MB; 0: none.
OGC_TILE_MEMORY_MB = env.int("OGC_TILE_MEMORY_MB", default=64)
# Persistent connections, checked before each request's first query, so a
# restarted PostgreSQL costs no failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# make backup / backup_site (core.backup).
BACKUP_ROOT = env.path("BACKUP_ROOT", default=BASE_DIR / "backups")

# TLS-only hardening, switched on when the site is served over HTTPS.
if env.bool("USE_TLS", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
CSP_TILE_SOURCES = env.list("CSP_TILE_SOURCES", default=["https://tile.openstreetmap.org"])

# The imagery basemap of every map (besides OpenStreetMap and "no basemap"): an XYZ tile template
# ({z}/{x}/{y}, or {y} before {x}) and the credit line its provider's terms ask for (HTML allowed).
# The default is Esri World Imagery, usable with this attribution under Esri's terms of use;
# check them for your deployment, or set BASEMAP_IMAGERY_URL="" to offer no imagery. Its host
# is added to the images the Content-Security-Policy allows.
BASEMAP_IMAGERY_URL = env.str(
    "BASEMAP_IMAGERY_URL",
    default="https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
)
BASEMAP_IMAGERY_ATTRIBUTION = env.str(
    "BASEMAP_IMAGERY_ATTRIBUTION",
    default="Citra © Esri, Maxar, Earthstar Geographics, and the GIS User Community",
)
BASEMAP_IMAGERY_MAX_ZOOM = env.int("BASEMAP_IMAGERY_MAX_ZOOM", default=19)
if BASEMAP_IMAGERY_URL.startswith("https://"):
    CSP_TILE_SOURCES.append("https://" + BASEMAP_IMAGERY_URL[len("https://") :].split("/", 1)[0])

# Password reset mails: printed to the console unless SMTP is configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="websig@localhost")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "webgis.csrf.csrf_failure"

# Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial
# reference strings. Django's GDAL bindings never parse user-supplied SRS text
# here (uploads are read by pyogrio's bundled GDAL), so the warning is silenced.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # pyogrio logs every file it writes at INFO; axes every login at INFO (the
    # lockouts themselves are logged by "akun.lockout").
    "loggers": {"pyogrio": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
