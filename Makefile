# Two commands: `make demo` and `make test`. Both set the machine up first
# (scripts/setup.sh: Node 24, npm packages, Debian packages, container engine,
# lab images), which is quick once done.
SHELL := /bin/bash
NODE_BIN := $(CURDIR)/.cache/node/node_modules/node/bin
export PATH := $(NODE_BIN):$(PATH)
export TESTCONTAINERS_RYUK_DISABLED := true
SITE ?= fixtures/sites/small-office.yaml

.PHONY: demo test setup generate lint typecheck unit referee integration features bench clean

demo: setup
	node bin/coreos-infra.js test $(SITE) --reports reports/demo

test: setup
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

generate:
	node bin/coreos-infra.js generate $(SITE) -o out/$(notdir $(basename $(SITE)))

typecheck lint unit referee integration features:
	bash scripts/test.sh $@

bench:
	node bench/generate.ts
	node bench/lab.ts
	node bench/suite.ts

clean:
	rm -rf out reports
