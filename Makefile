# sunroad: the everyday verbs. A plain Makefile: the tree is small, the
# dependencies are Debian packages found by -l flags (pkg-config only for
# the include directories of cairo and pango), and
# `make -j` builds everything in seconds; CMake would add a step and nothing
# else. Release objects go to build/, sanitizer objects to build-asan/.

B        ?= build
CC       ?= cc
OPT      ?= -O2 -g
SAN      ?=
WARN      = -std=c17 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror -Wno-format-truncation -Wno-unknown-warning-option
# cairo and pango (the demo's photos, the case documents with libqrencode's
# QR codes; charts next) put
# their headers in several directories: pkg-config knows which.
DRAW_CFLAGS := $(shell pkg-config --cflags pangocairo 2>/dev/null)
CPPFLAGS  = -D_GNU_SOURCE -Isrc -I/usr/include/postgresql $(DRAW_CFLAGS) -include src/base/banned.h
CFLAGS   += $(WARN) $(OPT) $(SAN) -MMD -MP
LDLIBS    = -lmicrohttpd -lxlsxwriter -lsqlite3 -lpq -lsodium -ljansson -lpangocairo-1.0 -lpango-1.0 -lcairo -lqrencode \
            -lgobject-2.0 -lglib-2.0 -lz -lm -lpthread
LDFLAGS  += $(SAN)

SRC       = $(wildcard src/*/*.c)
SCHEMA    = $(wildcard src/*/schema/*.sql)
OBJ       = $(SRC:%.c=$(B)/%.o) $(B)/gen/embedded.o
UNIT      = $(wildcard tests/unit/*/test_*.c)
UNIT_BIN  = $(UNIT:tests/unit/%.c=$(B)/tests/%)

.PHONY: all web run demo check check-asan check-unit check-cli bench bench-http fuzz deps clean format deb soak
all: $(B)/sunroad

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/gen/embedded.c: scripts/embed.sh $(SCHEMA) $(wildcard rules/*.json) $(wildcard src/*/module.c)
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $@

$(B)/gen/embedded.o: $(B)/gen/embedded.c
	$(CC) $(OPT) $(SAN) -c -o $@ $<

$(B)/libsunroad.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

# base/sanitizer.o by name: nothing calls the LeakSanitizer's suppressions,
# so the archive alone would leave them out.
$(B)/sunroad: $(B)/src/main.o $(B)/src/base/sanitizer.o $(B)/libsunroad.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libsunroad.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libsunroad.a $(LDLIBS) -lcmocka

deps:
	@sh scripts/deps.sh

# The demo: generate the default year, import it, print the annual report.
demo: deps all
	sh scripts/demo.sh $(B)/sunroad

# The browser interface's third-party code (ECharts), from the npm lock file.
web:
	@sh scripts/vendor-web.sh

# The Debian package, $(B)/sunroad_VERSION_ARCH.deb (packaging/, docs/deploy.md).
deb: all web
	sh packaging/build-deb.sh $(B)/sunroad $(B)

# The server on the demo year, with a demo administrator.
run: deps all web
	sh scripts/run.sh $(B)/sunroad

check: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@sh tests/run.sh $(B)

check-asan: deps
	@$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" all \
		$(UNIT:tests/unit/%.c=build-asan/tests/%)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 SUNROAD_TEST_QUICK=1 sh tests/run.sh build-asan

bench: deps all $(B)/csv_split
	sh bench/run.sh $(B)/sunroad

# Ten minutes (SOAK_SECONDS) of mixed load on a fresh database with slow
# clients in the middle, then the database's disk full and read-only
# (bench/soak.sh says what is checked; tests/cli/base/t98-soak.sh is the
# short form).
soak: deps all
	sh bench/soak.sh $(B)/sunroad

# The server against nginx with wrk (issue 4's goals).
bench-http: deps all web
	sh bench/http.sh $(B)/sunroad

$(B)/csv_split: bench/csv_split.c $(B)/libsunroad.a
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libsunroad.a $(LDLIBS) -lcsv

FUZZ_SECONDS ?= 60
# One libFuzzer target per parser that faces the network, tests/fuzz/
# fuzz_NAME.c, each run FUZZ_SECONDS (CI: 30; two at a time on two
# processors) by tests/fuzz/run.sh, which names the reproducer of a crash.
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz: deps
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang OPT="-O1 -g" \
		SAN="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libsunroad.a
	for t in $(FUZZ_TARGETS); do \
		clang $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -o build-fuzz/fuzz_$$t \
			tests/fuzz/fuzz_$$t.c build-fuzz/libsunroad.a $(LDLIBS) || exit 1; \
	done
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

format:
	clang-format -i $(SRC) src/main.c src/*/*.h $(UNIT)

clean:
	rm -rf build build-asan build-fuzz build-tsan

-include $(OBJ:.o=.d) $(B)/src/main.d
