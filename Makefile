# reportmine: two commands on a fresh machine with Python 3.11 and make.
#   make demo   creates .venv, installs the tested versions, extracts a sample report
#   make test   the same set-up, then the whole test suite
PY     ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIPQ   := --quiet --disable-pip-version-check --no-input
export PYTHONWARNINGS := ignore::DeprecationWarning

.PHONY: install demo test models bench lock score clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIPQ) -r requirements.lock
	$(BIN)/python -m pip install $(PIPQ) --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	@echo "== reportmine extract corpora/demo/sample_report.txt --format json"
	@$(BIN)/reportmine extract corpora/demo/sample_report.txt --format json
	@echo "== the same as a table (--format table)"
	@$(BIN)/reportmine extract corpora/demo/sample_report.txt --format table

test: install
	$(BIN)/python -m pytest tests

# rebuild the classifiers in models/ from corpora/train/
models: install
	$(BIN)/reportmine train --corpora corpora --models models

# the dev-corpus score (needs ../shared)
score: install
	python3 ../shared/eval/score.py ../shared/corpus/dev --cmd '$(BIN)/reportmine extract {file} --format json' --show-misses 20

bench: install
	$(BIN)/python benchmarks/make_corpus.py && $(BIN)/python benchmarks/make_short.py && bash benchmarks/setup_peer.sh && $(BIN)/python benchmarks/run.py

# refresh the lock from the current environment (after a deliberate upgrade)
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^reportmine' > requirements.lock

clean:
	rm -rf $(VENV) build dist .pytest_cache
