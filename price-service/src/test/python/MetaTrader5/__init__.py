"""A test double of MetaQuotes' ``MetaTrader5`` Python package (Windows only), for Linux tests.

It mimics, from the package's public documentation, the calls the price-service bridge makes:
https://www.mql5.com/en/docs/python_metatrader5 and its pages mt5initialize_py, mt5login_py,
mt5shutdown_py, mt5version_py, mt5lasterror_py, mt5terminalinfo_py, mt5accountinfo_py,
mt5symbolstotal_py, mt5symbolsget_py, mt5symbolinfo_py, mt5symbolinfotick_py,
mt5symbolselect_py, mt5copyratesfrom_py, mt5copyratesfrompos_py and mt5copyratesrange_py;
error texts are the ones users report from the real package. README.md (next to this
package) lists what comes from where, the config and control files, and what is left out.

- Config: the JSON file named by MT5_DOUBLE_CONFIG, read by every initialize().
- Faults: the JSON file named by MT5_DOUBLE_CONTROL, read before every call (except
  last_error) whenever it changed: hang, crash, logout, delay_ms, feed_stopped, clock_offset_s.
- Prices are a deterministic function of (symbol, UTC second); times are the trade server's
  wall clock as seconds since 1970 (server zone from the config, "EET" by default).
"""

import calendar
import datetime as _dt
import functools
import json
import os
import re
import threading
import time
import zlib
from collections import namedtuple
from zoneinfo import ZoneInfo

import numpy as np

__author__ = "WidgetForge test double of MetaQuotes Ltd.'s MetaTrader5 package"
__version__ = "5.0.45"

# last_error() codes (mt5lasterror_py). The page prints -10003 for RES_E_INTERNAL_FAIL_CONNECT
# too; the package's own constant, and what users see for a lost terminal, is -10004.
RES_S_OK = 1
RES_E_FAIL = -1
RES_E_INVALID_PARAMS = -2
RES_E_NO_MEMORY = -3
RES_E_NOT_FOUND = -4
RES_E_INVALID_VERSION = -5
RES_E_AUTH_FAILED = -6
RES_E_UNSUPPORTED = -7
RES_E_AUTO_TRADING_DISABLED = -8
RES_E_INTERNAL_FAIL = -10000
RES_E_INTERNAL_FAIL_SEND = -10001
RES_E_INTERNAL_FAIL_RECEIVE = -10002
RES_E_INTERNAL_FAIL_INIT = -10003
RES_E_INTERNAL_FAIL_CONNECT = -10004
RES_E_INTERNAL_FAIL_TIMEOUT = -10005

# TIMEFRAME enumeration (mt5copyratesfrom_py): minutes, hours | 0x4000, W1, MN1.
TIMEFRAME_M1, TIMEFRAME_M2, TIMEFRAME_M3, TIMEFRAME_M4, TIMEFRAME_M5 = 1, 2, 3, 4, 5
TIMEFRAME_M6, TIMEFRAME_M10, TIMEFRAME_M12, TIMEFRAME_M15, TIMEFRAME_M20 = 6, 10, 12, 15, 20
TIMEFRAME_M30 = 30
TIMEFRAME_H1, TIMEFRAME_H2, TIMEFRAME_H3, TIMEFRAME_H4 = 0x4001, 0x4002, 0x4003, 0x4004
TIMEFRAME_H6, TIMEFRAME_H8, TIMEFRAME_H12, TIMEFRAME_D1 = 0x4006, 0x4008, 0x400C, 0x4018
TIMEFRAME_W1, TIMEFRAME_MN1 = 0x8001, 0xC001

TICK_FLAG_BID, TICK_FLAG_ASK, TICK_FLAG_LAST, TICK_FLAG_VOLUME = 2, 4, 8, 16
TICK_FLAG_BUY, TICK_FLAG_SELL = 32, 64
ACCOUNT_TRADE_MODE_DEMO, ACCOUNT_TRADE_MODE_CONTEST, ACCOUNT_TRADE_MODE_REAL = 0, 1, 2
SYMBOL_CALC_MODE_FOREX, SYMBOL_CALC_MODE_CFD, SYMBOL_CALC_MODE_CFDINDEX = 0, 2, 3
SYMBOL_CHART_MODE_BID, SYMBOL_CHART_MODE_LAST = 0, 1
SYMBOL_TRADE_MODE_DISABLED, SYMBOL_TRADE_MODE_FULL = 0, 4

# Returned structures, with the field names and order the documentation's examples print.
Tick = namedtuple("Tick", "time bid ask last volume time_msc flags volume_real")
_SYMBOL_FIELDS = (
    "custom chart_mode select visible session_deals session_buy_orders session_sell_orders "
    "volume volumehigh volumelow time digits spread spread_float ticks_bookdepth trade_calc_mode "
    "trade_mode start_time expiration_time trade_stops_level trade_freeze_level trade_exemode "
    "swap_mode swap_rollover3days margin_hedged_use_leg expiration_mode filling_mode order_mode "
    "order_gtc_mode option_mode option_right bid bidhigh bidlow ask askhigh asklow last lasthigh "
    "lastlow volume_real volumehigh_real volumelow_real option_strike point trade_tick_value "
    "trade_tick_value_profit trade_tick_value_loss trade_tick_size trade_contract_size "
    "trade_accrued_interest trade_face_value trade_liquidity_rate volume_min volume_max "
    "volume_step volume_limit swap_long swap_short margin_initial margin_maintenance "
    "session_volume session_turnover session_interest session_buy_orders_volume "
    "session_sell_orders_volume session_open session_close session_aw session_price_settlement "
    "session_price_limit_min session_price_limit_max margin_hedged price_change price_volatility "
    "price_theoretical price_greeks_delta price_greeks_theta price_greeks_gamma price_greeks_vega "
    "price_greeks_rho price_greeks_omega price_sensitivity basis category currency_base "
    "currency_profit currency_margin bank description exchange formula isin name page path"
).split()
SymbolInfo = namedtuple("SymbolInfo", _SYMBOL_FIELDS)
TerminalInfo = namedtuple("TerminalInfo", (
    "community_account community_connection connected dlls_allowed trade_allowed "
    "tradeapi_disabled email_enabled ftp_enabled notifications_enabled mqid build maxbars "
    "codepage ping_last community_balance retransmission company name language path data_path "
    "commondata_path"))
AccountInfo = namedtuple("AccountInfo", (
    "login trade_mode leverage limit_orders margin_so_mode trade_allowed trade_expert margin_mode "
    "currency_digits fifo_close balance credit profit equity margin margin_free margin_level "
    "margin_so_call margin_so_so margin_initial margin_maintenance assets liabilities "
    "commission_blocked name server currency company"))

# The numpy record the copy_rates_* functions return.
RATES_DTYPE = np.dtype([("time", "<i8"), ("open", "<f8"), ("high", "<f8"), ("low", "<f8"),
                        ("close", "<f8"), ("tick_volume", "<u8"), ("spread", "<i4"),
                        ("real_volume", "<u8")])

# --- instruments ---------------------------------------------------------------------------

_Spec = namedtuple("_Spec", "name kind level digits spread contract base profit folder vol "
                            "description point seed phases")

# Built-in price specs, picked by a config symbol's "base": kind (trading hours), price level,
# digits, spread in points, contract size, base and profit currencies, folder, volatility.
_TABLE = """
EURUSD fx     1.08     5 12   100000 EUR USD Forex   1.0 Euro vs US Dollar
GBPUSD fx     1.27     5 15   100000 GBP USD Forex   1.1 Great Britain Pound vs US Dollar
USDJPY fx     151.5    3 14   100000 USD JPY Forex   1.0 US Dollar vs Japanese Yen
XAUUSD metal  2300.0   2 25   100    XAU USD Metals  1.6 Gold vs US Dollar
XAGUSD metal  27.5     3 30   5000   XAG USD Metals  2.2 Silver vs US Dollar
US30   index  39000.0  1 20   1      USD USD Indices 1.3 Dow Jones Industrial Average
BTCUSD crypto 60000.0  2 1500 1      BTC USD Crypto  4.0 Bitcoin vs US Dollar
ETHUSD crypto 3000.0   2 150  1      ETH USD Crypto  5.0 Ethereum vs US Dollar
"""


def _spec(line):
    name, kind, level, digits, spread, contract, base, profit, folder, vol, text = \
        line.split(None, 10)
    seed = (zlib.crc32(name.encode()) << 32) | zlib.crc32(name[::-1].encode())
    return _Spec(name, kind, float(level), int(digits), int(spread), float(contract), base,
                 profit, folder, float(vol), text, round(10.0 ** -int(digits), int(digits)),
                 seed, tuple((seed >> (7 * i)) % 6283 / 1000.0 for i in range(5)))


_SPECS = {s.name: s for s in map(_spec, _TABLE.strip().splitlines())}

# Relative amplitude of sines of these periods (seconds); scaled by each spec's vol.
_WAVES = ((86400.0, 0.0020), (7 * 86400.0, 0.0050), (29.5 * 86400.0, 0.0120),
          (3 * 3600.0, 0.0008), (660.0, 0.0002))
_JITTER = 0.00006


def _unit(u, seed):
    """Deterministic uniform [0, 1) per integer u (a splitmix64 hash), vectorised."""
    x = np.atleast_1d(np.asarray(u, dtype=np.int64)).astype(np.uint64) ^ np.uint64(seed)
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _price(spec, u):
    """The bid of spec at UTC second(s) u, rounded to its digits."""
    x = np.atleast_1d(np.asarray(u, dtype=np.float64))
    rel = _JITTER * spec.vol * (2.0 * _unit(u, spec.seed) - 1.0)
    for (period, amplitude), phase in zip(_WAVES, spec.phases):
        rel = rel + amplitude * spec.vol * np.sin(x * (2.0 * np.pi / period) + phase)
    return np.round(spec.level * (1.0 + rel), spec.digits)


def _ms_in_second(spec, s):
    return (_unit(s, spec.seed ^ 0xA5A5A5A5) * 1000).astype(np.int64)


# FX, metals and indices are closed from Friday 22:00 to Sunday 22:00 UTC; crypto never.
_WEEK, _FRIDAY_22, _WEEKEND = 7 * 86400, 86400 + 22 * 3600, 2 * 86400


def _trading_span(kind, a, b):
    """First trading second >= a and last trading second <= b (arrays of UTC seconds)."""
    if kind == "crypto":
        return a, b
    ra, rb = (a - _FRIDAY_22) % _WEEK, (b - _FRIDAY_22) % _WEEK
    return (np.where(ra < _WEEKEND, a - ra + _WEEKEND, a),
            np.where(rb < _WEEKEND, b - rb - 1, b))


# --- the trade server's clock --------------------------------------------------------------

class _Zone:
    """UTC <-> server wall clock for an IANA zone, from its offset transitions (cached)."""

    def __init__(self, name):
        self.tz = ZoneInfo(name)
        self.years = {}

    def _offset(self, t):
        return int(_dt.datetime.fromtimestamp(t, self.tz).utcoffset().total_seconds())

    def _transitions(self, year):
        if year not in self.years:
            t = start = calendar.timegm((year, 1, 1, 0, 0, 0))
            end = calendar.timegm((year + 1, 1, 1, 0, 0, 0))
            found, previous = [], self._offset(t)
            while t < end:
                offset = self._offset(t + 86400)
                if offset != previous:  # bisect the day for the exact second
                    a, b = t, t + 86400
                    while b - a > 1:
                        m = (a + b) // 2
                        a, b = (m, b) if self._offset(m) == previous else (a, m)
                    found.append((b, offset))
                    previous = offset
                t += 86400
            self.years[year] = (self._offset(start), found)
        return self.years[year]

    def table(self, lo, hi):
        """Segment starts (UTC) and offsets covering [lo, hi], the first reaching back forever."""
        y0, y1 = (_dt.datetime.fromtimestamp(min(max(int(t), 0), 4102444800), _dt.timezone.utc)
                  .year for t in (lo - 86400, hi + 86400))
        starts, offsets = [-(1 << 62)], [self._transitions(y0)[0]]
        for year in range(y0, y1 + 1):
            for t, offset in self._transitions(year)[1]:
                starts.append(t)
                offsets.append(offset)
        return np.array(starts, dtype=np.int64), np.array(offsets, dtype=np.int64)

    def to_server(self, u):
        u = np.atleast_1d(np.asarray(u, dtype=np.int64))
        starts, offsets = self.table(u.min(), u.max())
        return u + offsets[np.searchsorted(starts, u, side="right") - 1]

    def first_utc(self, w):
        """Earliest UTC second whose server wall time is >= w (handles DST gaps and folds)."""
        w = np.atleast_1d(np.asarray(w, dtype=np.int64))
        starts, offsets = self.table(w.min() - 2 * 86400, w.max() + 2 * 86400)
        ends = np.append(starts[1:], 1 << 62)
        result = np.full(w.shape, 1 << 62, dtype=np.int64)
        for i in range(len(starts) - 1, -1, -1):  # the earliest segment that has one wins
            candidate = np.maximum(starts[i], w - offsets[i])
            result = np.where(candidate < ends[i], candidate, result)
        return result


# --- configuration and state ---------------------------------------------------------------

_DEFAULT_TERMINAL_PATH = "C:\\Program Files\\MetaTrader 5\\terminal64.exe"
_DEFAULT_VISIBLE = ("EURUSD", "GBPUSD", "USDJPY", "XAUUSD", "BTCUSD")
_HISTORY_START = calendar.timegm((2015, 1, 1, 0, 0, 0))
_BUILD, _BUILD_DATE = 5120, "24 Jan 2025"


class _Fail(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def _invalid():
    return _Fail(RES_E_INVALID_PARAMS, "Terminal: Invalid params")


def _normal(path):
    return str(path).replace("\\", "/").lower()


def _load_terminals():
    source = os.environ.get("MT5_DOUBLE_CONFIG")
    try:
        if source:
            with open(source, encoding="utf-8") as f:
                terminals = json.load(f)["terminals"]
        else:
            terminals = {_DEFAULT_TERMINAL_PATH: {}}
        if not isinstance(terminals, dict) or not terminals:
            raise ValueError("no terminals")
        return source or "", {key: _terminal(key, value) for key, value in terminals.items()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _Fail(RES_E_INTERNAL_FAIL_INIT, "IPC initialize failed, double config: %s" % error)


def _terminal(key, t):
    symbols = t.get("symbols") or [{"name": n, "visible": n in _DEFAULT_VISIBLE} for n in _SPECS]
    table = {}
    for s in symbols:
        name = s["name"]
        base = s.get("base") or max((k for k in _SPECS if k in name.upper()), key=len,
                                    default=None)  # "EURUSD.raw" -> EURUSD
        if base not in _SPECS:
            raise ValueError("symbol %r: unknown base %r" % (name, base))
        spec = _SPECS[base]
        table[name] = dict(spec=spec, path=s.get("path", spec.folder + "\\" + name),
                           description=s.get("description", spec.description),
                           visible=bool(s.get("visible", True)))
    install = re.sub(r"[\\/][^\\/]*\.exe$", "", key, flags=re.I)
    return dict(key=key, install=install, login=int(t.get("login", 50012345)),
                password=str(t.get("password", "double-password")),
                server=str(t.get("server", "MetaQuotes-Demo")),
                company=str(t.get("company", "MetaQuotes Ltd.")),
                name=str(t.get("name", "MetaTrader 5")), zone=_Zone(str(t.get("zone", "EET"))),
                account_name=str(t.get("account_name", "WidgetForge Test")),
                currency=str(t.get("currency", "USD")), balance=float(t.get("balance", 10000.0)),
                leverage=int(t.get("leverage", 100)), maxbars=int(t.get("maxbars", 100000)),
                trade_allowed=bool(t.get("trade_allowed", True)), symbols=table,
                control=t.get("control"), journal=t.get("journal"))


class _State:
    def __init__(self):
        self.error = (RES_S_OK, "Success")
        self.attached = None       # (config file, normalised path): this process's terminal
        self.terminal = None       # its config
        self.connected = False
        self.portable = False
        self.logout = False
        self.clock_offset = 0.0
        self.frozen_at = None      # feed_stopped: the instant prices froze
        self.market_watch = {}     # (config file, terminal) -> {symbol: selected}
        self.control = (None, {})  # (file identity, parsed control)


_S = _State()
_LOCK = threading.RLock()


def _reset():
    """Forget everything (tests only): like a fresh process."""
    global _S
    with _LOCK:
        _S = _State()


def _control_path(initialize_path=None):
    """The control file in force: the attached terminal's own ("control" in its config, so that
    tests can fault one terminal of several), else MT5_DOUBLE_CONTROL. A not yet attached process
    about to initialize uses the file of the terminal it asks for."""
    terminal = _S.terminal
    if terminal is None and initialize_path is not None:
        try:
            _, terminals = _load_terminals()
            terminal = next((t for k, t in terminals.items()
                             if _normal(k) == _normal(initialize_path)), None)
        except _Fail:
            terminal = None
    if terminal is not None and terminal.get("control"):
        return terminal["control"]
    return os.environ.get("MT5_DOUBLE_CONTROL")


def _journal(terminal, line):
    """Appends what happened to the terminal's journal file, if its config names one (tests
    count login attempts with it)."""
    if terminal.get("journal"):
        with open(terminal["journal"], "a", encoding="utf-8") as f:
            f.write(line + "\n")


def _control(initialize_path=None):
    path = _control_path(initialize_path)
    if not path:
        return {}
    try:
        st = os.stat(path)
    except OSError:
        _S.control = (None, {})
        return {}
    identity = (path, st.st_mtime_ns, st.st_size, st.st_ino)
    if identity != _S.control[0]:
        try:
            with open(path, encoding="utf-8") as f:
                parsed = json.load(f)
            _S.control = (identity, parsed if isinstance(parsed, dict) else {})
        except (OSError, ValueError):
            pass  # half-written: keep the previous faults and read it again next call
    return _S.control[1]


def _before_call(initialize_path=None):
    while True:
        control = _control(initialize_path)
        if control.get("crash"):
            os._exit(3)
        if not control.get("hang"):
            break
        time.sleep(0.05)
    if control.get("delay_ms"):
        time.sleep(float(control["delay_ms"]) / 1000.0)
    with _LOCK:
        _S.clock_offset = float(control.get("clock_offset_s") or 0.0)
        if not control.get("feed_stopped"):
            _S.frozen_at = None
        elif _S.frozen_at is None:
            _S.frozen_at = time.time() + _S.clock_offset
        _S.logout = bool(control.get("logout"))
        if _S.logout:
            _S.connected = False


def _api(failure, needs_connection=True):
    def decorate(function):
        @functools.wraps(function)
        def call(*args, **kwargs):
            if function.__name__ == "initialize":
                _before_call(kwargs.get("path", args[0] if args else None) or "")
            else:
                _before_call()
            with _LOCK:
                try:
                    if needs_connection and not _S.connected:
                        raise _Fail(RES_E_INTERNAL_FAIL_CONNECT, "No IPC connection")
                    result = function(*args, **kwargs)
                except _Fail as fail:
                    _S.error = (fail.code, fail.message)
                    return failure
                _S.error = (RES_S_OK, "Success")
                return result
        return call
    return decorate


# --- market data -----------------------------------------------------------------------------

def _entry(symbol):
    if not isinstance(symbol, str):
        raise _invalid()
    entry = _S.terminal["symbols"].get(symbol)
    if entry is None:
        raise _Fail(RES_E_NOT_FOUND, "Terminal: Not found")
    return entry


def _selected(symbol):
    return _S.market_watch[_S.attached][symbol]


def _tick_second(spec):
    """The UTC second of the symbol's latest tick: now, the Friday close, or the freeze."""
    now = time.time() + _S.clock_offset
    if _S.frozen_at is not None:
        now = min(now, _S.frozen_at)
    ms = int(now * 1000)
    s = ms // 1000
    if ms % 1000 < int(_ms_in_second(spec, s)[0]):
        s -= 1  # this second's tick has not arrived yet
    return int(_trading_span(spec.kind, s, np.int64(s))[1])


def _tick(spec, s=None):
    s = _tick_second(spec) if s is None else s
    bid = float(_price(spec, s)[0])
    server = int(_S.terminal["zone"].to_server(s)[0])
    return Tick(server, bid, round(bid + spec.spread * spec.point, spec.digits), 0.0, 0,
                server * 1000 + int(_ms_in_second(spec, s)[0]), TICK_FLAG_BID | TICK_FLAG_ASK, 0.0)


# Bar length in seconds per timeframe (MN1's is only used to bound a request's size).
_SECONDS = {**{m: 60 * m for m in (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30)},
            **{0x4000 | h: 3600 * h for h in (1, 2, 3, 4, 6, 8, 12, 24)},
            TIMEFRAME_W1: 7 * 86400, TIMEFRAME_MN1: 31 * 86400}


def _opens(timeframe, lo, hi):
    """Bar open times in [lo, hi] and the next bar's open, on the server's wall clock."""
    if timeframe == TIMEFRAME_MN1:
        day = _dt.datetime.fromtimestamp(max(lo, 0), _dt.timezone.utc)
        y, m, opens = day.year, day.month, []
        while calendar.timegm((y, m, 1, 0, 0, 0)) <= hi:
            opens.append(calendar.timegm((y, m, 1, 0, 0, 0)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        opens.append(calendar.timegm((y, m, 1, 0, 0, 0)))
        t = np.array(opens, dtype=np.int64)
        keep = t[:-1] >= lo
        return t[:-1][keep], t[1:][keep]
    period = _SECONDS[timeframe]
    anchor = 3 * 86400 if timeframe == TIMEFRAME_W1 else 0  # weeks open on Sunday
    first = -(-(lo - anchor) // period) * period + anchor
    t = np.arange(first, hi + 1, period, dtype=np.int64)
    return t, t + period


def _bars(entry, timeframe, lo, hi, now):
    """Bars with server open time in [lo, hi] that had trading up to UTC second now."""
    spec, zone = entry["spec"], _S.terminal["zone"]
    lo = max(int(lo), _HISTORY_START)
    hi = min(int(hi), int(zone.to_server(now)[0]))
    if hi < lo:
        return np.empty(0, RATES_DTYPE)
    if (hi - lo) // _SECONDS[timeframe] > 4 * _S.terminal["maxbars"]:
        raise _invalid()
    opens, following = _opens(timeframe, lo, hi)
    if opens.size == 0:
        return np.empty(0, RATES_DTYPE)
    start, end = zone.first_utc(opens), zone.first_utc(following)
    first, last = _trading_span(spec.kind, start, np.minimum(end - 1, now))
    ok = first <= last
    first, last = first[ok], last[ok]
    fractions = np.arange(1, 9) / 9.0
    inner = first[:, None] + ((last - first)[:, None] * fractions).astype(np.int64)
    if spec.kind != "crypto":  # samples in a weekend inside the bar (W1, MN1) count as the open
        inner = np.where((inner - _FRIDAY_22) % _WEEK < _WEEKEND, first[:, None], inner)
    o, c = _price(spec, first), _price(spec, last)
    samples = _price(spec, inner.ravel()).reshape(inner.shape)
    rates = np.empty(first.size, RATES_DTYPE)
    rates["time"] = opens[ok]
    rates["open"], rates["close"] = o, c
    rates["high"] = np.maximum(np.maximum(o, c), samples.max(axis=1))
    rates["low"] = np.minimum(np.minimum(o, c), samples.min(axis=1))
    rates["tick_volume"] = ((last - first + 1) / 4.0 * (0.5 + _unit(first, spec.seed ^ 0x5A5A))
                            ).astype(np.uint64) + 1
    rates["spread"] = spec.spread
    rates["real_volume"] = 0
    return rates


def _bars_back(entry, timeframe, end, count, skip=0):
    """The count bars before (and including) server time end, skipping the skip newest."""
    now = _tick_second(entry["spec"])
    need = count + skip
    span = need * _SECONDS[timeframe] * 1.5 + 8 * 86400
    while True:
        rates = _bars(entry, timeframe, end - span, end, now)
        if len(rates) >= need or end - span <= _HISTORY_START:
            break
        span *= 2
    rates = rates[:max(len(rates) - skip, 0)]
    return np.ascontiguousarray(rates[-count:])


def _seconds(value):
    """A date argument as seconds on the server's scale (datetime naive or aware, or int)."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            return calendar.timegm(value.timetuple())
        return int(value.timestamp())
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return int(value)
    raise _invalid()


def _check(timeframe, count=None):
    if timeframe not in _SECONDS:
        raise _invalid()
    if count is not None and (not isinstance(count, (int, np.integer)) or count <= 0
                              or count >= _S.terminal["maxbars"]):
        raise _invalid()


def _symbol_info(name, entry):
    spec, selected = entry["spec"], _selected(name)
    values = {f: 0 for f in _SYMBOL_FIELDS}
    values.update({f: 0.0 for f in _SYMBOL_FIELDS[_SYMBOL_FIELDS.index("bid"):
                                                  _SYMBOL_FIELDS.index("basis")]})
    values.update({f: "" for f in _SYMBOL_FIELDS[_SYMBOL_FIELDS.index("basis"):]})
    values.update(custom=False, select=selected, visible=selected, spread_float=True,
                  margin_hedged_use_leg=False, digits=spec.digits, spread=spec.spread,
                  ticks_bookdepth=10, trade_mode=SYMBOL_TRADE_MODE_FULL, trade_exemode=2,
                  trade_calc_mode={"fx": SYMBOL_CALC_MODE_FOREX, "index": SYMBOL_CALC_MODE_CFDINDEX
                                   }.get(spec.kind, SYMBOL_CALC_MODE_CFD),
                  swap_mode=1, swap_rollover3days=3, expiration_mode=15, filling_mode=2,
                  order_mode=127, point=spec.point, trade_tick_size=spec.point,
                  trade_contract_size=spec.contract, volume_min=0.01, volume_max=100.0,
                  volume_step=0.01, margin_hedged=spec.contract, currency_base=spec.base,
                  currency_profit=spec.profit,
                  currency_margin=spec.base if spec.kind != "index" else spec.profit,
                  description=entry["description"], name=name, path=entry["path"])
    if selected:  # only Market Watch symbols get quotes
        now = _tick_second(spec)
        tick = _tick(spec, now)
        day = _bars(entry, TIMEFRAME_D1, tick.time - tick.time % 86400, tick.time, now)
        high, low = ((float(day["high"][-1]), float(day["low"][-1])) if len(day)
                     else (tick.bid, tick.bid))
        value = spec.contract * spec.point / (1.0 if spec.profit == "USD" else tick.bid)
        values.update(time=tick.time, bid=tick.bid, ask=tick.ask, bidhigh=high, bidlow=low,
                      askhigh=round(high + spec.spread * spec.point, spec.digits),
                      asklow=round(low + spec.spread * spec.point, spec.digits),
                      trade_tick_value=value, trade_tick_value_profit=value,
                      trade_tick_value_loss=value)
    return SymbolInfo(**values)


def _group_filter(group):
    """symbols_get(group): comma-separated '*' masks applied in order, '!' excludes."""
    names = list(_S.terminal["symbols"])
    chosen = []
    for condition in (c.strip() for c in group.split(",")):
        if not condition:
            continue
        exclude = condition.startswith("!")
        mask = re.compile(re.escape(condition.lstrip("!")).replace(r"\*", ".*") + r"\Z", re.I)
        if exclude:
            chosen = [n for n in chosen if not mask.match(n)]
        else:
            chosen += [n for n in names if mask.match(n) and n not in chosen]
    return [n for n in names if n in chosen]


# --- the API ---------------------------------------------------------------------------------

@_api(False, needs_connection=False)
def initialize(path=None, *, login=None, password=None, server=None, timeout=60000,
               portable=False):
    """Attach to a terminal (the config's first when path is None) and, optionally, log in."""
    if _S.logout:
        raise _Fail(RES_E_INTERNAL_FAIL_TIMEOUT, "IPC timeout")
    source, terminals = _load_terminals()
    if path is None:
        path = _S.terminal["key"] if _S.attached else next(iter(terminals))
    found = [t for key, t in terminals.items() if _normal(key) == _normal(path)]
    if not found:
        raise _Fail(RES_E_INTERNAL_FAIL_INIT, "IPC initialize failed, Process create failed")
    terminal = found[0]
    attached = (source, _normal(terminal["key"]))
    if _S.attached and _S.attached != attached:
        raise _Fail(RES_E_INTERNAL_FAIL_INIT,
                    "IPC initialize failed, already connected to another terminal")
    if ((login is not None and int(login) != terminal["login"])
            or (password is not None and password != terminal["password"])
            or (server is not None and server != terminal["server"])):
        _journal(terminal, "initialize %s refused %d" % (login, time.time() * 1000))
        raise _Fail(RES_E_AUTH_FAILED, "Terminal: Authorization failed")
    _journal(terminal, "initialize %s ok %d" % (login, time.time() * 1000))
    watch = _S.market_watch.setdefault(attached, {})
    for name, entry in terminal["symbols"].items():
        watch.setdefault(name, entry["visible"])
    _S.attached, _S.terminal, _S.connected, _S.portable = attached, terminal, True, bool(portable)
    return True


@_api(False)
def login(login, password=None, server=None, timeout=60000):
    """Log in to an account; the double knows one account per terminal."""
    t = _S.terminal
    if (int(login) != t["login"] or (password is not None and password != t["password"])
            or (server is not None and server != t["server"])):
        raise _Fail(RES_E_AUTH_FAILED, "Terminal: Authorization failed")
    return True


@_api(None, needs_connection=False)
def shutdown():
    """Detach from the terminal; another may be initialized afterwards."""
    _S.attached, _S.terminal, _S.connected = None, None, False


def last_error():
    """(code, description) of the last call, (1, 'Success') after a successful one."""
    return _S.error


@_api(None)
def version():
    return (500, _BUILD, _BUILD_DATE)


@_api(None)
def terminal_info():
    t = _S.terminal
    data = t["install"] if _S.portable else (
        "C:\\Users\\trader\\AppData\\Roaming\\MetaQuotes\\Terminal\\%032X"
        % (zlib.crc32(_normal(t["key"]).encode()) * 0x9E3779B97F4A7C15 % (1 << 128)))
    return TerminalInfo(False, False, True, False, t["trade_allowed"], False, False, False, False,
                        False, _BUILD, t["maxbars"], 1252, 35000, 0.0, 0.0, t["company"],
                        t["name"], "English", t["install"], data,
                        "C:\\Users\\trader\\AppData\\Roaming\\MetaQuotes\\Terminal\\Common")


@_api(None)
def account_info():
    t = _S.terminal
    mode = ACCOUNT_TRADE_MODE_DEMO if "demo" in t["server"].lower() else ACCOUNT_TRADE_MODE_REAL
    return AccountInfo(t["login"], mode, t["leverage"], 200, 0, True, True, 2, 2, False,
                       t["balance"], 0.0, 0.0, t["balance"], 0.0, t["balance"], 0.0, 50.0, 30.0,
                       0.0, 0.0, 0.0, 0.0, 0.0, t["account_name"], t["server"], t["currency"],
                       t["company"])


@_api(None)
def symbols_total():
    return len(_S.terminal["symbols"])


@_api(None)
def symbols_get(group=None):
    symbols = _S.terminal["symbols"]
    names = list(symbols) if group is None else _group_filter(str(group))
    return tuple(_symbol_info(n, symbols[n]) for n in names)


@_api(None)
def symbol_info(symbol):
    return _symbol_info(symbol, _entry(symbol))


@_api(None)
def symbol_info_tick(symbol):
    entry = _entry(symbol)
    if not _selected(symbol):  # no quotes for a symbol outside Market Watch
        raise _Fail(RES_E_FAIL, "Terminal: Call failed")
    return _tick(entry["spec"])


@_api(False)
def symbol_select(symbol, enable=True):
    if not isinstance(symbol, str) or symbol not in _S.terminal["symbols"]:
        raise _Fail(RES_E_FAIL, "Terminal: Call failed")  # what users see, not "Not found"
    _S.market_watch[_S.attached][symbol] = bool(enable)
    return True


@_api(None)
def copy_rates_from(symbol, timeframe, date_from, count):
    """count bars opened at or before date_from, oldest first."""
    entry = _entry(symbol)
    _check(timeframe, count)
    return _bars_back(entry, timeframe, _seconds(date_from), int(count))


@_api(None)
def copy_rates_from_pos(symbol, timeframe, start_pos, count):
    """count bars ending start_pos bars back from the current one (0), oldest first."""
    entry = _entry(symbol)
    _check(timeframe, count)
    if not isinstance(start_pos, (int, np.integer)) or start_pos < 0:
        raise _invalid()
    now = _tick_second(entry["spec"])
    end = int(_S.terminal["zone"].to_server(now)[0])
    return _bars_back(entry, timeframe, end, int(count), int(start_pos))


@_api(None)
def copy_rates_range(symbol, timeframe, date_from, date_to):
    """Bars whose open time is within [date_from, date_to], oldest first."""
    entry = _entry(symbol)
    _check(timeframe)
    rates = _bars(entry, timeframe, _seconds(date_from), _seconds(date_to),
                  _tick_second(entry["spec"]))
    if len(rates) >= _S.terminal["maxbars"]:
        raise _invalid()
    return rates
