# Mailwright — two commands: `make run` and `make test`.
# Both create (and then reuse) a local virtual environment in .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-packages
PKGSTAMP := $(VENV)/.package-installed

# Debian packages the real checks and the preview engine need. Installed only
# where we may (root with apt-get); otherwise the tests that need them skip
# with a message naming the package.
SYSTEM_PACKAGES := spamassassin libnss3 libxkbcommon0 libxkbcommon-x11-0 libegl1 libgl1 \
  libfontconfig1 libdbus-1-3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 \
  libasound2 libxshmfence1 libgbm1 fonts-dejavu-core openssl chromium chromium-driver \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 desktop-file-utils git

export QT_QPA_PLATFORM ?= offscreen
export QTWEBENGINE_CHROMIUM_FLAGS ?= --no-sandbox

.PHONY: run test fidelity lint bench setup system clean wheel wheel-test package package-test

setup: $(STAMP) $(SYSSTAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,studio]'
	touch $(STAMP)

$(SYSSTAMP): Makefile
	@mkdir -p $(VENV)
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing system packages: $(SYSTEM_PACKAGES)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null) \
	    || echo "warning: could not install system packages; tests that need them will skip"; \
	else \
	  echo "note: not root or no apt-get: skipping system packages ($(SYSTEM_PACKAGES))"; \
	fi
	@touch $(SYSSTAMP)

run: setup
	$(VENV)/bin/mailwright run resources/demo

test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n 2 -q

# Every corpus email rendered before and after the transformers (make test runs a sample).
fidelity: setup
	MAILWRIGHT_FIDELITY=full $(PY) -m pytest -n 2 -q -m fidelity

# The command line without Qt: the wheel `pipx install` takes (docs/packaging.md).
wheel: setup
	rm -rf dist/wheel
	$(PY) -m pip wheel --quiet --no-deps -w dist/wheel .
	@ls dist/wheel/*.whl

# Installs the built wheel in a new virtualenv without Qt and runs build/check there.
wheel-test: setup
	$(PY) -m pytest -q -m wheel tests/packaging

# The one-folder desktop bundle (dist/mailwright/) and the Linux tarball beside it.
$(PKGSTAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,studio,package]'
	touch $(PKGSTAMP)

package: setup $(PKGSTAMP)
	rm -rf dist/mailwright dist/mailwright-*-linux-*.tar.gz
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/mailwright.spec
	$(PY) packaging/tarball.py dist/mailwright
	@du -sh dist/mailwright dist/mailwright-*-linux-*.tar.gz

# Runs the bundle from a copy in an empty folder; records the verified packaging inputs.
package-test: package
	$(PY) -m pytest -q -m bundle tests/packaging
	$(PY) packaging/ci_changed.py --record

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
