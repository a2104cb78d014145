.PHONY: test build run bench fuzz

# The whole suite, on SQLite and on PostgreSQL (see scripts/test.sh).
test:
	./scripts/test.sh

build:
	go build -o bin/tillit ./cmd/tillit

run:
	go run ./cmd/tillit serve --demo

# Load tests and benchmarks; not part of `make test`.
bench:
	go test -run '^$$' -bench . -benchtime 2s ./...

# A short fuzzing round over every fuzz target.
fuzz:
	./scripts/fuzz.sh
