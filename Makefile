# Two commands do everything on a fresh Debian bookworm machine with Swift 6:
#   make run   -> installs missing system packages, builds, estimates the Khan Tuman case
#   make test  -> installs missing system packages, builds, runs the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := run

# BLAS results and timings are reproducible only with a fixed thread count.
export OPENBLAS_NUM_THREADS ?= 1

APT_PACKAGES := libopenblas-dev liblapack-dev pkg-config
CASE ?= Models/khan-tuman-2016/case.yaml
SWIFT_FLAGS ?=

.PHONY: extract-rules spark release setup test-setup build run test lint docs example lexicon bias-priors readme notebooks fuzz clean

## setup: install the Debian packages the build links (OpenBLAS, LAPACK) when missing
setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v swift >/dev/null || { echo "error: swift not found; install Swift 6 from swift.org" >&2; exit 1; }

## test-setup: Python with nbformat and jsonschema (the report tests validate output with them),
## nbclient and ipykernel (they run the notebook as "Run All" does)
test-setup: setup
	@command -v python3 >/dev/null || { sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq python3 python3-pip; }
	@python3 -c "import nbformat, jsonschema, nbclient, ipykernel" 2>/dev/null || \
	  python3 -m pip install --quiet nbformat jsonschema nbclient ipykernel 2>/dev/null || \
	  python3 -m pip install --quiet --break-system-packages nbformat jsonschema nbclient ipykernel 2>/dev/null || \
	  { sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	    $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
	      python3-nbformat python3-jsonschema python3-nbclient python3-ipykernel; }
	@command -v chromium >/dev/null || { sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  echo "installing chromium (the phone-width and PDF tests render the report with it; skipped without it)"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends chromium \
	    || echo "chromium not installed: the phone-width and PDF tests will be skipped"; }
	@command -v pdftoppm >/dev/null || { sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends poppler-utils \
	    || echo "poppler-utils not installed: the PDF test will not look at a page"; }

## build: compile the casualty tool (debug)
build: setup
	swift build $(SWIFT_FLAGS)

## release: the fastest casualty binary (optimised, Swift runtime linked statically, which saves
## about 4 ms of dynamic loading at every start); prints its path
release: setup
	swift build -c release --product casualty --static-swift-stdlib --scratch-path .build-static
	@echo "$$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)/casualty"

## run: validate and estimate the Khan Tuman case
run: build
	"$$(swift build $(SWIFT_FLAGS) --show-bin-path)/casualty" validate $(CASE)
	"$$(swift build $(SWIFT_FLAGS) --show-bin-path)/casualty" estimate $(CASE)

## test: the whole test suite (swift-testing), and the example app built
test: test-setup
	swift build $(SWIFT_FLAGS) --product casualty-example
	swift test $(SWIFT_FLAGS) --disable-xctest

## lint: formatting checked by the toolchain's swift format (.swift-format)
lint:
	swift format lint --strict --recursive --parallel Sources Tests Examples Fuzz Package.swift

## docs: the DocC documentation of the three library products, warnings as errors
docs:
	swift package --allow-writing-to-directory .build/docs generate-documentation \
	  --target CasualtyData --target CasualtyModel --target CasualtyReport \
	  --output-path .build/docs --warnings-as-errors

## example: run the example app (Examples/EstimateCase) on the Khan Tuman case
example: setup
	swift run $(SWIFT_FLAGS) casualty-example $(CASE) killed:iranian

## lexicon: refresh the built-in copy of Models/lexicon.yaml after editing it
lexicon:
	scripts/embed-lexicon.sh

## extract-rules: refresh the built-in copy of Models/extract-rules.yaml after editing it
extract-rules:
	bash scripts/embed-extract-rules.sh

## bias-priors: refresh the built-in copy of Models/bias-priors.yaml after editing it
bias-priors:
	scripts/embed-bias-priors.sh

## readme: refresh the estimates shown in README.md from the tool's output
readme: build
	scripts/update-readme.sh

## notebooks: regenerate Notebooks-export/ (notebook and HTML report) from every case in Models/
notebooks: build
	@for c in Models/*/case.yaml; do \
	  id=$$(basename $$(dirname $$c)); \
	  "$$(swift build $(SWIFT_FLAGS) --show-bin-path)/casualty" report $$c --format ipynb --out Notebooks-export/$$id.ipynb || exit 1; \
	  "$$(swift build $(SWIFT_FLAGS) --show-bin-path)/casualty" report $$c --format html --out Notebooks-export/$$id.html || exit 1; \
	  "$$(swift build $(SWIFT_FLAGS) --show-bin-path)/casualty" timeline $$c --format md > Notebooks-export/$$id-timeline.md || exit 1; \
	done

clean:
	rm -rf .build

## spark: the Spark recipe's test (scripts/spark-batch.py on local[2] against the single-machine
## batch); installs pyspark and a Java runtime when missing
spark: test-setup
	@command -v java >/dev/null || { sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends default-jre-headless; }
	@python3 -c "import pyspark" 2>/dev/null || python3 -m pip install --quiet pyspark || \
	  python3 -m pip install --quiet --break-system-packages pyspark
	CASUALTY_SPARK=1 swift test $(SWIFT_FLAGS) --disable-xctest --filter sparkRecipe

## fuzz: libFuzzer on the claim grammar, the case decoder, the table readers, the extractor and sources.yaml (the package in
## Fuzz/), FUZZ_SECONDS each (default 600); seeds in Fuzz/seeds/, the growing corpus in
## .build/fuzz-corpus/; a crash leaves its input in Fuzz/artifacts/ and stops with a non-zero status
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= ClaimFuzz CaseFuzz TableFuzz ExtractFuzz SourcesFuzz
fuzz: setup
	@for t in $(FUZZ_TARGETS); do \
	  (cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product $$t) || exit 1; \
	done
	@mkdir -p Fuzz/artifacts
	@for t in $(FUZZ_TARGETS); do \
	  name=$$(echo $$t | sed 's/Fuzz$$//' | tr A-Z a-z); corpus=.build/fuzz-corpus/$$name; mkdir -p $$corpus; \
	  echo "== $$t for $(FUZZ_SECONDS) s: seeds Fuzz/seeds/$$name, corpus $$corpus"; \
	  ASAN_OPTIONS=detect_leaks=0 Fuzz/.build/release/$$t $$corpus Fuzz/seeds/$$name -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix=Fuzz/artifacts/$$t- -print_final_stats=1 || exit 1; \
	done
