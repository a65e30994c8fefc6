/*
 * mt5bridge.h - the C ABI between price-service (through JNA) and a MetaTrader 5 terminal.
 *
 * Two libraries implement it:
 *  - mt5bridge.c, the production library: each session runs a worker process (mt5worker.py,
 *    on MetaQuotes' MetaTrader5 Python package) and talks to it over pipes; a call that
 *    outlives its deadline kills that worker, so a hung terminal never hangs the caller;
 *  - mt5sim.c, a simulated terminal for tests of the JNA path (and its misbehaviour).
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
 *  - every call that reaches the terminal takes a deadline (timeout_ms > 0); a library that
 *    can, answers MT5B_E_TIMEOUT once it has passed and leaves the session disconnected.
 *    Callers still apply their own timeout and never call from an event-loop thread.
 *
 * Times are what the terminal reports: the trade server's wall clock, counted as if it were
 * UTC (seconds or milliseconds since 1970-01-01 on the server's clock), as MT5 keeps them.
 * The caller converts them to UTC; the library does not.
 *
 * ABI history: 1 - first version; 2 - per-call deadlines, connect options, symbol paths and
 * Market Watch selection, terminal information, MT5B_E_TIMEOUT and MT5B_E_AUTH.
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

#define MT5B_ABI_VERSION 2

#define MT5B_OK 0
#define MT5B_E_ARGUMENT -1     /* a null pointer, a bad capacity, option or timeframe */
#define MT5B_E_CONNECT -2      /* the terminal could not be started or reached */
#define MT5B_E_SYMBOL -3       /* the symbol is not known to the terminal */
#define MT5B_E_TERMINAL -4     /* the terminal answered with an error; see mt5b_last_error */
#define MT5B_E_DISCONNECTED -5 /* the session is not connected (any more): connect again */
#define MT5B_E_TIMEOUT -6      /* no answer within the deadline; the session is disconnected */
#define MT5B_E_AUTH -7         /* the trade server refused the login or password */

#define MT5B_NAME_SIZE 32
#define MT5B_TEXT_SIZE 128

/* One symbol as the terminal describes it (MT5 SymbolInfo). */
typedef struct mt5b_symbol {
  char name[MT5B_NAME_SIZE];
  char description[MT5B_TEXT_SIZE];
  char category[MT5B_NAME_SIZE]; /* "fx", "metal", "index", "crypto", ... or "" if unknown */
  char path[MT5B_TEXT_SIZE];     /* the terminal's symbol tree, e.g. "Forex\Majors\EURUSD" */
  int32_t digits;
  double point;
  int32_t visible;    /* 1 when selected in Market Watch (only then does it tick) */
  int32_t trade_mode; /* MT5 SYMBOL_TRADE_MODE_*: 0 disabled ... 4 full */
} mt5b_symbol;

/* The latest tick of a symbol (MT5 MqlTick), in the server's clock. */
typedef struct mt5b_tick {
  int64_t time; /* seconds */
  double bid;
  double ask;
  double last;
  uint64_t volume;
  int64_t time_msc; /* milliseconds */
  uint32_t flags;
  double volume_real;
} mt5b_tick;

/* One bar (MT5 MqlRates), its open time in the server's clock. */
typedef struct mt5b_rate {
  int64_t time; /* seconds */
  double open;
  double high;
  double low;
  double close;
  int64_t tick_volume;
  int32_t spread;
  int64_t real_volume;
} mt5b_rate;

/* The terminal and the account it is logged in to (MT5 TerminalInfo and AccountInfo). */
typedef struct mt5b_terminal {
  char company[MT5B_TEXT_SIZE]; /* the broker */
  char name[MT5B_TEXT_SIZE];    /* the terminal's name */
  char server[MT5B_TEXT_SIZE];  /* the trade server of the account */
  int64_t login;
  int32_t build;
  int32_t connected; /* 1 while the terminal is connected to the trade server */
} mt5b_terminal;

typedef struct mt5b_session mt5b_session;

/* The ABI version the library implements; callers refuse a version they do not know. */
MT5B_API int32_t mt5b_abi_version(void);

/*
 * Starts or attaches to the terminal at terminal_path and logs in (login 0: the account the
 * terminal is logged in to). options holds "key=value" lines the library may understand
 * (unknown keys are ignored); mt5bridge.c reads "python" (the interpreter, default "python"
 * on Windows and "python3" elsewhere) and "worker" (the worker script, default mt5worker.py
 * next to the library). On success *out holds a session to pass to every other call and to
 * release with mt5b_disconnect; on failure mt5b_last_error(NULL, ...) tells why.
 */
MT5B_API int32_t mt5b_connect(const char *terminal_path, int64_t login, const char *password,
                              const char *server, const char *options, int32_t timeout_ms,
                              mt5b_session **out);

/* The terminal's name, broker, account and state. */
MT5B_API int32_t mt5b_terminal_info(mt5b_session *session, mt5b_terminal *out,
                                    int32_t timeout_ms);

/*
 * Fills up to capacity symbols of every symbol the terminal knows, selected in Market Watch or
 * not; *count receives how many it has (may exceed capacity).
 */
MT5B_API int32_t mt5b_symbols(mt5b_session *session, mt5b_symbol *buffer, int32_t capacity,
                              int32_t *count, int32_t timeout_ms);

/* Shows (enable 1) or hides (0) symbol in Market Watch; only a shown symbol ticks. */
MT5B_API int32_t mt5b_select_symbol(mt5b_session *session, const char *symbol, int32_t enable,
                                    int32_t timeout_ms);

/* The latest tick of symbol. */
MT5B_API int32_t mt5b_latest_tick(mt5b_session *session, const char *symbol, mt5b_tick *out,
                                  int32_t timeout_ms);

/*
 * Bars of symbol in timeframe (minutes: 1, 5, 15, 30, 60, 240, 1440) with open times in
 * [from, to] (seconds on the server's clock), oldest first; at most capacity, *count receives
 * how many were written.
 */
MT5B_API int32_t mt5b_rates_range(mt5b_session *session, const char *symbol, int32_t timeframe,
                                  int64_t from, int64_t to, mt5b_rate *buffer, int32_t capacity,
                                  int32_t *count, int32_t timeout_ms);

/* The last failure on session (or of the last mt5b_connect on this thread when it is null). */
MT5B_API int32_t mt5b_last_error(mt5b_session *session, int32_t *code, char *message,
                                 int32_t capacity);

/* Logs out and releases session; a null session is ignored. */
MT5B_API void mt5b_disconnect(mt5b_session *session);

#ifdef __cplusplus
}
#endif

#endif /* MT5BRIDGE_H */
