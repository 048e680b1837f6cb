# Ieum: `make demo` and `make test` set up everything on a fresh Debian/Ubuntu machine.
SWIFT ?= swift
IEUM := .build/release/ieum
SYSTEM_PACKAGES := libicu-dev libopenblas-dev libxml2-dev pkg-config gettext
SAMPLE := corpora/sample/ko-en.tsv

.PHONY: setup build test demo bench vocab corpus evaluate fuzz integration

## setup: install the Debian packages the build needs, if missing (sudo when not root)
setup:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing"; \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing; \
	fi

## build: release build of the library and the ieum tool
build: setup
	$(SWIFT) build -c release

## test: every test (unit tests, reference agreement, command line)
test: build
	$(SWIFT) test

## demo: translate a few lines of the team-written sample (everyday text and its software section) with
## the bundled models, Korean→English and English→Korean
demo: build
	@sed -n '1,3p;531,534p' $(SAMPLE) | cut -f1 > .build/demo.ko
	@$(IEUM) translate < .build/demo.ko | paste .build/demo.ko -
	@echo
	@sed -n '4,6p;535,538p' $(SAMPLE) | cut -f2 > .build/demo.en
	@$(IEUM) translate --to ko < .build/demo.en | paste .build/demo.en -
	@echo
	@$(IEUM) align --source "$$(sed -n 1p .build/demo.ko)" --target "$$($(IEUM) translate < .build/demo.ko | head -1)"

## bench: encode throughput against SentencePiece and Hugging Face tokenizers, decoding speed,
## one-sentence latency and peak memory against CTranslate2 float32 and int8, streaming latency,
## ieum serve under load, training throughput (and, after `make corpus`, pieces per sentence
## against SentencePiece's trainer)
bench: build
	bench/tokenizer.sh
	if [ -f corpora/build/train.tsv ]; then bench/vocabulary.sh; fi
	bench/translate.sh
	bench/.venv/bin/python bench/latency.py
	bench/.venv/bin/python bench/latency.py --shape bundled
	bench/.venv/bin/python bench/memory.py
	python3 bench/streaming.py
	python3 bench/serve.py
	bench/training.sh

## integration: the real LibreTranslate client (libretranslatepy from PyPI, in bench/.venv) against ieum serve
integration: build
	@[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
	@bench/.venv/bin/python -c "import libretranslatepy" 2>/dev/null || bench/.venv/bin/pip install --quiet libretranslatepy
	bench/.venv/bin/python bench/libretranslate.py

## corpus: download the recipe's Debian packages (cached) and build corpora/build/{train,dev,test}.tsv
corpus: build
	corpora/fetch.sh
	$(IEUM) corpus build --cache corpora/cache --general corpora/general --output corpora/build

## vocab: retrain the bundled joint vocabulary on the corpus's train split and the team-written
## sample (everyday and informal Korean that software strings lack), covering 99.995% of characters
VOCAB_CORPUS := $(if $(wildcard corpora/build/train.tsv),--input corpora/build/train.tsv) --input $(SAMPLE)
vocab: build
	$(IEUM) train-vocab $(VOCAB_CORPUS) --size 16000 --character-coverage 0.99995 --output vocab/ko-en.vocab

## evaluate: BLEU and chrF (sacreBLEU's defaults) of a bundled model, beam 4, on the corpus test
## split and general-test (after `make corpus`), FLORES dev (where ../shared/eval is) and the
## team-written sample; TO=ko scores English→Korean (models/en-ko), MODEL=DIR another model,
## COMPUTE_TYPE=float32 or int8 overrides the model's own
TO ?= en
FROM := $(if $(filter ko,$(TO)),en,ko)
FLORES := ../shared/eval/flores/$(FROM)-$(TO)
SOURCE_COLUMN := $(if $(filter ko,$(TO)),2,1)
REFERENCE_COLUMN := $(if $(filter ko,$(TO)),1,2)
evaluate: build
	@for set in corpora/build/test.tsv corpora/build/general-test.tsv $(FLORES) $(SAMPLE); do \
		if [ -d $$set ]; then \
			cp $$set/flores-dev.$(FROM) .build/evaluate.src; cp $$set/flores-dev.$(TO) .build/evaluate.ref; \
		elif [ -f $$set ]; then \
			cut -f$(SOURCE_COLUMN) $$set > .build/evaluate.src; cut -f$(REFERENCE_COLUMN) $$set > .build/evaluate.ref; \
		else continue; fi; \
		$(IEUM) translate --to $(TO) $(if $(MODEL),--model $(MODEL)) $(if $(COMPUTE_TYPE),--compute-type $(COMPUTE_TYPE)) < .build/evaluate.src > .build/evaluate.hyp; \
		echo "$$set ($$(wc -l < .build/evaluate.src) lines):"; \
		$(IEUM) score --ref .build/evaluate.ref < .build/evaluate.hyp; \
	done

## fuzz: build the libFuzzer targets of Fuzz/ and run each for FUZZ_SECONDS seconds from seeds made of the
## test fixtures; crash files land in Fuzz/crashes, the executions per target in .build/fuzz.log
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FuzzSafeTensors FuzzModelConfig FuzzVocabulary FuzzGettextCatalog FuzzQtCatalog FuzzSentencePieceModel FuzzTokenizer
fuzz: setup
	swift build --package-path Fuzz -c release --sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -enable-testing
	Fuzz/seed.sh
	@mkdir -p Fuzz/crashes .build; : > .build/fuzz.log
	@for target in $(FUZZ_TARGETS); do \
		SWIFT_BACKTRACE=enable=no Fuzz/.build/release/$$target -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			-rss_limit_mb=4096 -malloc_limit_mb=2048 -artifact_prefix=Fuzz/crashes/$$target- Fuzz/.corpus/$$target \
			2> .build/fuzz-$$target.log || echo "$$target: FAILED, see .build/fuzz-$$target.log and Fuzz/crashes"; \
		echo "$$target $$(grep -o 'Done [0-9]* runs' .build/fuzz-$$target.log | grep -o '[0-9]*')" | tee -a .build/fuzz.log; \
	done
