/*
 * mt5bridge.h - the C ABI between price-service (through JNA) and a MetaTrader 5 terminal.
 *
 * A production library implements it on Windows around a terminal (for instance with the
 * MetaTrader5 terminal API); price-service's tests compile mt5sim.c, a simulated terminal of
 * the same ABI, and drive the real JNA path against it.
 *
 * Rules that make the ABI safe to call from a managed runtime:
 *  - plain C types only; strings are NUL-terminated UTF-8;
 *  - every buffer is owned by the caller, with its capacity passed in; the library never
 *    writes past it, never keeps a pointer to it after returning, and always NUL-terminates
 *    fixed-size text fields (truncating if needed);
 *  - every function returns MT5B_OK (0) or a negative MT5B_E_* code; details of the last
 *    failure on a session come from mt5b_last_error;
 *  - a session is used by one thread at a time (price-service calls each terminal from a
 *    thread of its own); distinct sessions may be used concurrently;
 *  - calls may block (the terminal's own IPC); the caller applies its own timeout and never
 *    calls from an event-loop thread.
 */
#ifndef MT5BRIDGE_H
#define MT5BRIDGE_H

#include <stdint.h>

#ifdef _WIN32
#define MT5B_API __declspec(dllexport)
#else
#define MT5B_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define MT5B_ABI_VERSION 1

#define MT5B_OK 0
#define MT5B_E_ARGUMENT -1    /* a null pointer, a bad capacity or an unknown timeframe */
#define MT5B_E_CONNECT -2     /* the terminal could not be started or logged in */
#define MT5B_E_SYMBOL -3      /* the symbol is not known to the terminal */
#define MT5B_E_TERMINAL -4    /* the terminal answered with an error; see mt5b_last_error */
#define MT5B_E_DISCONNECTED -5 /* the session is not connected */

#define MT5B_NAME_SIZE 32
#define MT5B_TEXT_SIZE 128

/* One symbol as the terminal describes it (MT5 SymbolInfo). */
typedef struct mt5b_symbol {
  char name[MT5B_NAME_SIZE];
  char description[MT5B_TEXT_SIZE];
  char category[MT5B_NAME_SIZE]; /* e.g. "fx", "metal", "index", "crypto" */
  int32_t digits;
  double point;
} mt5b_symbol;

/* The latest tick of a symbol (MT5 MqlTick). */
typedef struct mt5b_tick {
  int64_t time;     /* seconds since the epoch */
  double bid;
  double ask;
  double last;
  uint64_t volume;
  int64_t time_msc; /* milliseconds since the epoch */
  uint32_t flags;
  double volume_real;
} mt5b_tick;

/* One bar (MT5 MqlRates). */
typedef struct mt5b_rate {
  int64_t time; /* open time, seconds since the epoch */
  double open;
  double high;
  double low;
  double close;
  int64_t tick_volume;
  int32_t spread;
  int64_t real_volume;
} mt5b_rate;

typedef struct mt5b_session mt5b_session;

/* The ABI version the library implements; callers refuse a version they do not know. */
MT5B_API int32_t mt5b_abi_version(void);

/*
 * Starts or attaches to the terminal at terminal_path and logs in. On success *out holds a
 * session to pass to every other call and to release with mt5b_disconnect.
 */
MT5B_API int32_t mt5b_connect(const char *terminal_path, int64_t login, const char *password,
                              const char *server, int32_t timeout_ms, mt5b_session **out);

/* Fills up to capacity symbols; *count receives how many the terminal has (may exceed it). */
MT5B_API int32_t mt5b_symbols(mt5b_session *session, mt5b_symbol *buffer, int32_t capacity,
                              int32_t *count);

/* The latest tick of symbol. */
MT5B_API int32_t mt5b_latest_tick(mt5b_session *session, const char *symbol, mt5b_tick *out);

/*
 * Bars of symbol in timeframe (minutes: 1, 5, 15, 30, 60, 240, 1440) with open times in
 * [from, to] (epoch seconds), oldest first; at most capacity, *count receives how many were
 * written.
 */
MT5B_API int32_t mt5b_rates_range(mt5b_session *session, const char *symbol, int32_t timeframe,
                                  int64_t from, int64_t to, mt5b_rate *buffer, int32_t capacity,
                                  int32_t *count);

/* The last failure on session (or of the last mt5b_connect when session is null). */
MT5B_API int32_t mt5b_last_error(mt5b_session *session, int32_t *code, char *message,
                                 int32_t capacity);

/* Logs out and releases session; a null session is ignored. */
MT5B_API void mt5b_disconnect(mt5b_session *session);

#ifdef __cplusplus
}
#endif

#endif /* MT5BRIDGE_H */
