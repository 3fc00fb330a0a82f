# Two commands for a newcomer: `make run` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The portal's apps, each with its own translation catalogue (the list is moia/portal_apps.py).
APPS := directory programs events surveys grants tools library posters newsletter reports
# The catalogues' languages (named, not --all: locale/glossary/ is the terminology base, not a language).
LOCALES := es ht zh_Hans zh_Hant vi pt_BR kea so ru fr ar
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the portal needs at run time: Pango for WeasyPrint's PDFs, Noto fonts
# for every script we publish in (Arabic, CJK), gettext to compile translations,
# Node.js/npm to fetch USWDS.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk
# Tools are checked by command, not package: Node.js or gettext may come from elsewhere.
SYSTEM_TOOLS := msgfmt:gettext npm:npm node:nodejs

.PHONY: run test sysdeps venv assets messages static migrate demo worker beat lint format e2e makemessages clean check-deploy bench audit

run: sysdeps venv assets messages migrate demo ## install, migrate, load demo data once and serve on http://127.0.0.1:8000
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: sysdeps venv assets messages lint ## the whole suite: lint, unit, integration, browser
	$(PY) -m pytest $(PYTEST_ARGS)

sysdeps: ## check (and, as root, install) the Debian packages listed above
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	for tool in $(SYSTEM_TOOLS); do \
	  command -v $${tool%%:*} >/dev/null || missing="$$missing $${tool##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (set PYTHON=python3.11)")'

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

static/vendor/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/uswds static/vendor/jquery-ui
	cp -r node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
	      node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img static/vendor/uswds/
	cp node_modules/@uswds/uswds/LICENSE.md static/vendor/uswds/LICENSE.md
	cp node_modules/jquery-ui/dist/jquery-ui.min.js static/vendor/jquery-ui/
	cp node_modules/jquery-ui/LICENSE.txt static/vendor/jquery-ui/LICENSE.txt
	touch $@

assets: static/vendor/.built ## fetch USWDS and jQuery UI from npm into static/vendor

# --strict: a package that could not be checked fails the audit. Without it, pip-audit reports
# "Dependency not found on PyPI and could not be audited" for every package when PyPI's JSON
# API is out of reach, and still exits 0.
audit: venv ## check every installed Python package against PyPI's vulnerability data (needs pypi.org)
	$(VENV)/bin/pip-audit --local --strict --progress-spinner off

messages: venv ## compile every translation catalogue (project and apps)
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

makemessages: venv ## extract strings into every catalogue (project, then each app)
	$(MANAGE) makemessages $(foreach l,$(LOCALES),-l $(l)) --no-location --ignore=.venv --ignore=node_modules --ignore=static \
	  $(foreach app,$(APPS),--ignore=$(app)) --ignore=tests --ignore=benchmarks
	for app in $(APPS); do \
	  mkdir -p $(foreach l,$(LOCALES),$$app/locale/$(l)/LC_MESSAGES); \
	  (cd $$app && ../$(PY) ../manage.py makemessages $(foreach l,$(LOCALES),-l $(l)) --no-location); done

static: venv assets
	$(MANAGE) collectstatic --noinput -v 0

migrate: venv
	$(MANAGE) migrate --noinput

demo: venv ## load demo data once (later runs keep what you changed)
	$(MANAGE) seed_demo --if-empty

worker: venv ## a Celery worker (needs REDIS_URL / CELERY_BROKER_URL)
	$(VENV)/bin/celery -A moia worker -l info --concurrency=2

beat: venv ## Celery beat: scheduled report drafts, PII purge, outbox flush
	$(VENV)/bin/celery -A moia beat -l info

TEMPLATE_DIRS = templates $(wildcard moia/*/templates) $(foreach app,$(APPS),$(wildcard $(app)/templates))

lint: venv ## ruff format check and lint, djLint on the templates, mypy on the services, selectors and moia/
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint $(TEMPLATE_DIRS) --lint --quiet
	$(VENV)/bin/mypy $$(git ls-files '*services.py' '*selectors.py' ':!:tests/*' ':!:moia/*') moia

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: venv ## production settings pass Django's deployment checklist with no warning
	DJANGO_ENV=production DJANGO_SECRET_KEY=$$(openssl rand -hex 40) FIELD_ENCRYPTION_KEYS=check \
	  DJANGO_ALLOWED_HOSTS=example.org $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3 .demo-loaded
