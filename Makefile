.PHONY: test build run bench bench-go bench-scale fuzz

# The whole suite, on SQLite and on PostgreSQL (see scripts/test.sh).
test:
	./scripts/test.sh

build:
	go build -o bin/tillit ./cmd/tillit

run:
	go run ./cmd/tillit serve --demo

# Load tests and benchmarks; not part of `make test`. The scale bench
# loads the synthetic data sets once into data/bench/ (kept between runs;
# delete a file to load it again) and measures the key pages against a
# real server; see BENCHMARKS.md. BENCH_SCALE=eu for the full data set;
# BENCH_DB=postgres://… (an empty database) for PostgreSQL, and
# BENCH_COMPARE_DB likewise.
BENCH_SCALE ?= medium
BENCH_COMPARE ?= small
BENCH_DB ?= data/bench/$(BENCH_SCALE).db
BENCH_COMPARE_DB ?= data/bench/$(BENCH_COMPARE).db
BENCH_FLAGS ?= --clients 1,8,32 --requests 2000 --duration 10s --profile data/bench/profiles

bench: bench-go bench-scale

bench-go:
	go test -run '^$$' -bench . -benchtime 2s ./...

bench-scale:
	go build -o bin/tillit ./cmd/tillit
	./bin/tillit demo --keep --scale $(BENCH_SCALE) --db $(BENCH_DB) --log-level warn
	./bin/tillit demo --keep --scale $(BENCH_COMPARE) --db $(BENCH_COMPARE_DB) --log-level warn
	./bin/tillit bench --db $(BENCH_DB) --compare-db $(BENCH_COMPARE_DB) $(BENCH_FLAGS)

# A short fuzzing round over every fuzz target.
fuzz:
	./scripts/fuzz.sh
