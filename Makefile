# The verbs a developer types. `make test` is the README's test command.
.PHONY: run test test-postgres e2e fuzz bench format db-reset demo

run:
	swift run liaison serve

test:
	scripts/test

test-postgres:
	swift build --build-tests && scripts/test-postgres

e2e:
	swift build && .venv/bin/python -m pytest e2e -q

fuzz:
	swift build && scripts/fuzz-api

format:
	swift format --in-place --recursive Sources Tests Package.swift

demo:
	swift run liaison demo

db-reset:
	rm -rf data
