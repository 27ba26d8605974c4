# Coproduce: `make demo` sets up and serves the demo; `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export COPRODUCE_VAR_DIR ?= $(CURDIR)/var
PORT ?= 8000

.PHONY: demo test setup setup-test assets messages serve clean

$(BIN)/coproduce: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/coproduce

setup: $(BIN)/coproduce assets messages

assets:
	bash scripts/build_assets.sh

messages: $(BIN)/coproduce
	cd src/coproduce && ../../$(BIN)/coproduce compilemessages --ignore '.venv' -v0

# The server and the worker (which sends the e-mails) both link to the port that serves.
demo: export SITE_URL = http://127.0.0.1:$(PORT)
demo: export FRIENDLY_ERROR_PAGES = true
demo: setup
	$(BIN)/coproduce migrate --noinput -v0
	$(BIN)/coproduce demo
	@echo "Background work (counting votes, e-mails) runs in a worker beside the server."
	$(BIN)/coproduce db_worker --interval 2 -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	COPRODUCE_DEMO_TOTP_CODE=000000 $(BIN)/coproduce runserver 127.0.0.1:$(PORT)

setup-test: setup
	bash scripts/ensure_chromium.sh

test: setup-test
	bash scripts/test.sh

clean:
	rm -rf $(VENV) node_modules var src/coproduce/web/static/vendor
