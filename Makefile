# jikenbo — build, test, fuzz, bench.
#
#   make              build/jikenbo and build/libjikenbo.a
#   make test         unit + end-to-end + accuracy tests (normal build)
#   make test-asan    the same suite built with ASan + UBSan
#   make check        test + test-asan + bounded fuzz (what CI runs)
#   make fuzz         libFuzzer targets (clang), see fuzz/README.md
#   make bench        benchmarks in bench/
#
# Sources are found by wildcard: lib/*.c is the library, src/ and
# src/builtin/ the tool, tests/unit/test_*.c one test binary each.

BUILD   ?= build
CC      ?= cc
PKGS    := libutf8proc libcjson sqlite3 libzstd libcrypto libmicrohttpd libcurl libxml-2.0 poppler-glib zlib tesseract lept
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Wformat=2
OPT     ?= -O2 -g
SAN     ?=
CFLAGS  += -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SAN) $(PKG_CFLAGS) -MMD -MP
LDFLAGS += $(SAN)
LDLIBS  += $(PKG_LIBS) -lmecab -lstdc++ -lpthread -lm

LIB_SRC  := $(wildcard lib/*.c)
TOOL_SRC := $(wildcard src/*.c) $(wildcard src/builtin/*.c) $(wildcard src/serve/*.c)
TEST_SRC := $(wildcard tests/unit/test_*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TOOL_OBJ := $(TOOL_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test test-asan check fuzz fuzz-smoke bench clean web

all: $(BUILD)/jikenbo

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libjikenbo.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/jikenbo: $(TOOL_OBJ) $(BUILD)/libjikenbo.a
	$(CC) $(LDFLAGS) -o $@ $(TOOL_OBJ) $(BUILD)/libjikenbo.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libjikenbo.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib -o $@ $< $(BUILD)/libjikenbo.a $(LDFLAGS) $(LDLIBS)

# Benchmark programs: bench/NAME.c -> $(BUILD)/bench/NAME (see bench/README.md).
$(BUILD)/bench/%: bench/%.c $(BUILD)/libjikenbo.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib -o $@ $< $(BUILD)/libjikenbo.a $(LDFLAGS) $(LDLIBS)

# The whole suite; tests/run prints the closing "N passed, N failed" line.
test: $(BUILD)/jikenbo $(TEST_BIN) $(BUILD)/bench/gen_corpus $(BUILD)/bench/baseline_nfkc \
      $(BUILD)/bench/search_latency $(BUILD)/bench/http_latency
	BUILD=$(BUILD) ./tests/run

test-asan:
	JK_SANITIZED=1 $(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all" test

check:
	./tests/check

fuzz:
	$(MAKE) -C fuzz

fuzz-smoke:
	$(MAKE) -C fuzz smoke

bench: $(BUILD)/jikenbo
	BUILD=$(BUILD) ./bench/run

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(TOOL_OBJ:.o=.d)
