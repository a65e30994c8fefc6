/*
 * mt5sim.c - a simulated MetaTrader 5 terminal implementing mt5bridge.h, for tests.
 *
 * Quotes a few symbols with a deterministic random walk (seeded from the login). Its
 * misbehaviour is switched per process with mt5sim_set_mode, the way a real terminal
 * misbehaves: MT5SIM_HANG blocks every call until the mode changes, MT5SIM_FAIL fails every
 * call with a terminal error, MT5SIM_GARBAGE answers with nonsense (NaN and negative prices,
 * unterminated names) that the caller must reject. It has no deadlines: a hung call stays hung
 * (timeout_ms is ignored), as with a library that cannot interrupt its terminal.
 */
#include "mt5bridge.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MT5SIM_NORMAL 0
#define MT5SIM_HANG 1
#define MT5SIM_FAIL 2
#define MT5SIM_GARBAGE 3

MT5B_API void mt5sim_set_mode(int32_t mode);

typedef struct sim_symbol {
  const char *name;
  const char *description;
  const char *category;
  const char *path;
  int32_t digits;
  double start;
  double spread_points;
  double move_points;
} sim_symbol;

static const sim_symbol SYMBOLS[] = {
    {"EURUSD", "Euro vs US Dollar", "fx", "Forex\\EURUSD", 5, 1.08500, 12, 2},
    {"GBPUSD", "Great Britain Pound vs US Dollar", "fx", "Forex\\GBPUSD", 5, 1.27000, 15, 3},
    {"XAUUSD", "Gold vs US Dollar", "metal", "Metals\\XAUUSD", 2, 2650.00, 25, 15},
    {"US30", "Dow Jones Industrial Average", "index", "Indices\\US30", 1, 43000.0, 20, 15},
};
#define SYMBOL_COUNT ((int32_t)(sizeof(SYMBOLS) / sizeof(SYMBOLS[0])))

struct mt5b_session {
  int64_t login;
  uint64_t rng;
  double mid[SYMBOL_COUNT];
  int64_t last_msc[SYMBOL_COUNT];
  int32_t error_code;
  char error[MT5B_TEXT_SIZE];
};

static pthread_mutex_t mode_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mode_changed = PTHREAD_COND_INITIALIZER;
static int32_t mode = MT5SIM_NORMAL;
static _Thread_local char connect_error[MT5B_TEXT_SIZE];
static _Thread_local int32_t connect_error_code;

void mt5sim_set_mode(int32_t new_mode) {
  pthread_mutex_lock(&mode_lock);
  mode = new_mode;
  pthread_cond_broadcast(&mode_changed);
  pthread_mutex_unlock(&mode_lock);
}

/* Blocks while hung; answers the mode in force. */
static int32_t current_mode(void) {
  pthread_mutex_lock(&mode_lock);
  while (mode == MT5SIM_HANG) {
    pthread_cond_wait(&mode_changed, &mode_lock);
  }
  int32_t m = mode;
  pthread_mutex_unlock(&mode_lock);
  return m;
}

static void copy_text(char *to, size_t size, const char *from) {
  snprintf(to, size, "%s", from);
}

static int32_t fail(mt5b_session *s, int32_t code, const char *message) {
  if (s != NULL) {
    s->error_code = code;
    copy_text(s->error, sizeof s->error, message);
  }
  return code;
}

static double next_gaussian(uint64_t *state) {
  /* xorshift64* then Box-Muller: deterministic, no global state. */
  double u[2];
  for (int i = 0; i < 2; i++) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    u[i] = ((*state * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
  }
  return sqrt(-2.0 * log(u[0] + 1e-300)) * cos(2 * M_PI * u[1]);
}

static int32_t find(const char *symbol) {
  for (int32_t i = 0; i < SYMBOL_COUNT; i++) {
    if (strcmp(SYMBOLS[i].name, symbol) == 0) {
      return i;
    }
  }
  return -1;
}

static double round_to(double price, int32_t digits) {
  double scale = pow(10, digits);
  return round(price * scale) / scale;
}

static int64_t now_msc(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int32_t mt5b_abi_version(void) { return MT5B_ABI_VERSION; }

static int32_t connect_failed(int32_t code, const char *message) {
  copy_text(connect_error, sizeof connect_error, message);
  connect_error_code = code;
  return code;
}

int32_t mt5b_connect(const char *terminal_path, int64_t login, const char *password,
                     const char *server, const char *options, int32_t timeout_ms,
                     mt5b_session **out) {
  (void)options;
  (void)timeout_ms;
  if (out == NULL || terminal_path == NULL || password == NULL || server == NULL) {
    return connect_failed(MT5B_E_ARGUMENT, "null argument");
  }
  *out = NULL;
  if (current_mode() == MT5SIM_FAIL) {
    return connect_failed(MT5B_E_CONNECT, "IPC initialize failed (-10003)");
  }
  if (strcmp(password, "wrong") == 0) {
    return connect_failed(MT5B_E_AUTH, "Terminal: Authorization failed (-6)");
  }
  mt5b_session *s = calloc(1, sizeof *s);
  if (s == NULL) {
    return MT5B_E_CONNECT;
  }
  s->login = login;
  s->rng = (uint64_t)login * 0x9E3779B97F4A7C15ULL + 1;
  for (int32_t i = 0; i < SYMBOL_COUNT; i++) {
    s->mid[i] = SYMBOLS[i].start;
  }
  *out = s;
  return MT5B_OK;
}

int32_t mt5b_terminal_info(mt5b_session *s, mt5b_terminal *out, int32_t timeout_ms) {
  (void)timeout_ms;
  if (s == NULL || out == NULL) {
    return fail(s, MT5B_E_ARGUMENT, "bad argument");
  }
  if (current_mode() == MT5SIM_FAIL) {
    return fail(s, MT5B_E_TERMINAL, "terminal: no connection to the trade server");
  }
  memset(out, 0, sizeof *out);
  copy_text(out->company, sizeof out->company, "WidgetForge Simulated Markets");
  copy_text(out->name, sizeof out->name, "mt5sim");
  copy_text(out->server, sizeof out->server, "Sim-Server");
  out->login = s->login;
  out->build = 4755;
  out->connected = 1;
  return MT5B_OK;
}

int32_t mt5b_select_symbol(mt5b_session *s, const char *symbol, int32_t enable,
                           int32_t timeout_ms) {
  (void)enable;
  (void)timeout_ms;
  if (s == NULL || symbol == NULL) {
    return fail(s, MT5B_E_ARGUMENT, "bad argument");
  }
  if (current_mode() == MT5SIM_FAIL) {
    return fail(s, MT5B_E_TERMINAL, "terminal: no connection to the trade server");
  }
  return find(symbol) < 0 ? fail(s, MT5B_E_SYMBOL, "unknown symbol") : MT5B_OK;
}

int32_t mt5b_symbols(mt5b_session *s, mt5b_symbol *buffer, int32_t capacity, int32_t *count,
                     int32_t timeout_ms) {
  (void)timeout_ms;
  if (s == NULL || count == NULL || capacity < 0 || (buffer == NULL && capacity > 0)) {
    return fail(s, MT5B_E_ARGUMENT, "bad argument");
  }
  int32_t m = current_mode();
  if (m == MT5SIM_FAIL) {
    return fail(s, MT5B_E_TERMINAL, "terminal: no connection to the trade server");
  }
  for (int32_t i = 0; i < SYMBOL_COUNT && i < capacity; i++) {
    memset(&buffer[i], 0, sizeof buffer[i]);
    copy_text(buffer[i].name, sizeof buffer[i].name, SYMBOLS[i].name);
    copy_text(buffer[i].description, sizeof buffer[i].description, SYMBOLS[i].description);
    copy_text(buffer[i].category, sizeof buffer[i].category, SYMBOLS[i].category);
    copy_text(buffer[i].path, sizeof buffer[i].path, SYMBOLS[i].path);
    buffer[i].visible = 1;
    buffer[i].trade_mode = 4;
    buffer[i].digits = SYMBOLS[i].digits;
    buffer[i].point = pow(10, -SYMBOLS[i].digits);
    if (m == MT5SIM_GARBAGE) {
      memset(buffer[i].name, 'X', sizeof buffer[i].name); /* unterminated */
      buffer[i].digits = -7;
    }
  }
  *count = SYMBOL_COUNT;
  return MT5B_OK;
}

int32_t mt5b_latest_tick(mt5b_session *s, const char *symbol, mt5b_tick *out,
                         int32_t timeout_ms) {
  (void)timeout_ms;
  if (s == NULL || symbol == NULL || out == NULL) {
    return fail(s, MT5B_E_ARGUMENT, "bad argument");
  }
  int32_t m = current_mode();
  if (m == MT5SIM_FAIL) {
    return fail(s, MT5B_E_TERMINAL, "terminal: no connection to the trade server");
  }
  int32_t i = find(symbol);
  if (i < 0) {
    return fail(s, MT5B_E_SYMBOL, "unknown symbol");
  }
  const sim_symbol *spec = &SYMBOLS[i];
  double point = pow(10, -spec->digits);
  s->mid[i] *= exp(spec->move_points * point / spec->start * next_gaussian(&s->rng));
  double bid = round_to(s->mid[i] - spec->spread_points * point / 2, spec->digits);
  int64_t msc = now_msc();
  if (msc <= s->last_msc[i]) {
    msc = s->last_msc[i] + 1;
  }
  s->last_msc[i] = msc;
  memset(out, 0, sizeof *out);
  out->time = msc / 1000;
  out->time_msc = msc;
  out->bid = bid;
  out->ask = round_to(bid + spec->spread_points * point, spec->digits);
  out->flags = 6; /* TICK_FLAG_BID | TICK_FLAG_ASK */
  if (m == MT5SIM_GARBAGE) {
    out->bid = NAN;
    out->ask = -1;
  }
  return MT5B_OK;
}

int32_t mt5b_rates_range(mt5b_session *s, const char *symbol, int32_t timeframe, int64_t from,
                         int64_t to, mt5b_rate *buffer, int32_t capacity, int32_t *count,
                         int32_t timeout_ms) {
  (void)timeout_ms;
  if (s == NULL || symbol == NULL || count == NULL || capacity < 0 ||
      (buffer == NULL && capacity > 0) || from > to) {
    return fail(s, MT5B_E_ARGUMENT, "bad argument");
  }
  if (timeframe != 1 && timeframe != 5 && timeframe != 15 && timeframe != 30 && timeframe != 60 &&
      timeframe != 240 && timeframe != 1440) {
    return fail(s, MT5B_E_ARGUMENT, "unknown timeframe");
  }
  if (current_mode() == MT5SIM_FAIL) {
    return fail(s, MT5B_E_TERMINAL, "terminal: history not synchronized");
  }
  int32_t i = find(symbol);
  if (i < 0) {
    return fail(s, MT5B_E_SYMBOL, "unknown symbol");
  }
  const sim_symbol *spec = &SYMBOLS[i];
  int64_t step = (int64_t)timeframe * 60;
  if (from < 0 || to > INT64_MAX - step) {
    return fail(s, MT5B_E_ARGUMENT, "time out of range");
  }
  int64_t first = (from + step - 1) / step * step;
  uint64_t rng = s->rng ^ (uint64_t)first;
  double price = spec->start;
  double point = pow(10, -spec->digits);
  int32_t written = 0;
  for (int64_t t = first; t <= to && written < capacity; t += step) {
    double open = price;
    double close = open * exp(spec->move_points * point / spec->start * next_gaussian(&rng) * 4);
    mt5b_rate *r = &buffer[written++];
    r->time = t;
    r->open = round_to(open, spec->digits);
    r->close = round_to(close, spec->digits);
    r->high = round_to(fmax(open, close) + spec->move_points * point, spec->digits);
    r->low = round_to(fmin(open, close) - spec->move_points * point, spec->digits);
    r->tick_volume = 20 + (int64_t)(rng % 200);
    r->spread = (int32_t)spec->spread_points;
    r->real_volume = 0;
    price = close;
  }
  *count = written;
  return MT5B_OK;
}

int32_t mt5b_last_error(mt5b_session *s, int32_t *code, char *message, int32_t capacity) {
  if (message == NULL || capacity <= 0) {
    return MT5B_E_ARGUMENT;
  }
  if (s == NULL) {
    if (code != NULL) {
      *code = connect_error_code;
    }
    snprintf(message, (size_t)capacity, "%s", connect_error);
    return MT5B_OK;
  }
  if (code != NULL) {
    *code = s->error_code;
  }
  snprintf(message, (size_t)capacity, "%s", s->error);
  return MT5B_OK;
}

void mt5b_disconnect(mt5b_session *s) { free(s); }
