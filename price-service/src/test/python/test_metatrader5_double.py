"""Tests of the MetaTrader5 test double (MetaTrader5/__init__.py): every documented behaviour
it promises, its server clock across the 2026 DST switches, and each fault of its control file.

Run: cd price-service/src/test/python && python3 -m unittest -v test_metatrader5_double
"""

import calendar
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import MetaTrader5 as mt5  # noqa: E402  (the double, from this directory)

A = "C:/MT5Terminals/Account1/terminal64.exe"
B = "C:/MT5Terminals/Account2/terminal64.exe"
CONFIG = {"terminals": {
    A: {"login": 50012345, "password": "secret-1", "server": "FivePercentOnline-Real",
        "company": "Five Percent Online Ltd.", "zone": "EET", "balance": 2500.0,
        "symbols": [
            {"name": "EURUSD.raw", "path": "Forex\\Majors\\EURUSD.raw", "base": "EURUSD",
             "visible": False},
            {"name": "GBPUSD", "visible": True}, {"name": "USDJPY", "visible": True},
            {"name": "XAUUSD", "visible": True}, {"name": "XAGUSD", "visible": False},
            {"name": "#US30", "base": "US30", "visible": True},
            {"name": "BTCUSD", "visible": True}, {"name": "ETHUSD", "visible": True}]},
    B: {"login": 50054321, "password": "secret-2", "server": "FivePercentOnline-Demo",
        "company": "Five Percent Online Ltd.", "zone": "UTC",
        "symbols": [{"name": "EURUSD", "visible": True}]}}}

EET = ZoneInfo("EET")
NO_IPC = (mt5.RES_E_INTERNAL_FAIL_CONNECT, "No IPC connection")
AUTH = (mt5.RES_E_AUTH_FAILED, "Terminal: Authorization failed")
NOT_FOUND = (mt5.RES_E_NOT_FOUND, "Terminal: Not found")
INVALID = (mt5.RES_E_INVALID_PARAMS, "Terminal: Invalid params")
CALL_FAILED = (mt5.RES_E_FAIL, "Terminal: Call failed")
SUCCESS = (mt5.RES_S_OK, "Success")


def utc(*fields):
    return calendar.timegm(fields + (0,) * (6 - len(fields)))


def server(u, zone=EET):
    """UTC seconds -> the server's wall clock as seconds since 1970, computed independently."""
    return u + int(zone.utcoffset(datetime.fromtimestamp(u, timezone.utc).replace(tzinfo=None))
                   .total_seconds())


def wall(t):
    return datetime.fromtimestamp(int(t), timezone.utc).replace(tzinfo=None)


WEDNESDAY = utc(2026, 11, 18, 12, 34, 56)         # winter (EET, UTC+2), inside its bars
SUMMER_WEDNESDAY = utc(2026, 7, 15, 12, 34, 56)  # summer (EEST, UTC+3)
SATURDAY = utc(2026, 6, 13, 12)          # FX weekend, summer
LAST_FRIDAY_TICK = utc(2026, 6, 12, 21, 59, 59)


class DoubleTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mt5double-")
        self.config = os.path.join(self.dir, "config.json")
        self.control_file = os.path.join(self.dir, "control.json")
        with open(self.config, "w") as f:
            json.dump(CONFIG, f)
        self.saved = {k: os.environ.get(k) for k in ("MT5_DOUBLE_CONFIG", "MT5_DOUBLE_CONTROL")}
        os.environ["MT5_DOUBLE_CONFIG"] = self.config
        os.environ["MT5_DOUBLE_CONTROL"] = self.control_file
        mt5._reset()

    def tearDown(self):
        self.control()
        mt5.shutdown()
        mt5._reset()
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.dir, ignore_errors=True)

    def control(self, **faults):
        """Replace the control file atomically (a new inode, so the double sees the change)."""
        temporary = self.control_file + ".tmp"
        with open(temporary, "w") as f:
            json.dump(faults, f)
        os.replace(temporary, self.control_file)

    def at(self, instant, **faults):
        """Make the double's clock read the UTC second instant (plus the time since)."""
        self.control(clock_offset_s=instant - time.time(), **faults)

    def init(self, path=A):
        account = CONFIG["terminals"][path]
        self.assertTrue(mt5.initialize(path, login=account["login"],
                                       password=account["password"], server=account["server"]),
                        mt5.last_error())

    def steady_tick(self, symbol, read):
        """A tick and read()'s result taken within the same tick (retried across a change)."""
        for _ in range(10):
            before = mt5.symbol_info_tick(symbol)
            value = read()
            if mt5.symbol_info_tick(symbol) == before:
                return before, value
        self.fail("the tick never held still")


class ApiTest(DoubleTestCase):
    """1. Names and signatures; 2. result codes; 3. nothing before initialize / after shutdown."""

    def test_1_functions_have_the_documented_names_and_signatures(self):
        expected = {
            "initialize": "(path=None, *, login=None, password=None, server=None, timeout=60000, "
                          "portable=False)",
            "login": "(login, password=None, server=None, timeout=60000)",
            "shutdown": "()", "version": "()", "last_error": "()", "terminal_info": "()",
            "account_info": "()", "symbols_total": "()", "symbols_get": "(group=None)",
            "symbol_info": "(symbol)", "symbol_info_tick": "(symbol)",
            "symbol_select": "(symbol, enable=True)",
            "copy_rates_from": "(symbol, timeframe, date_from, count)",
            "copy_rates_from_pos": "(symbol, timeframe, start_pos, count)",
            "copy_rates_range": "(symbol, timeframe, date_from, date_to)"}
        for name, signature in expected.items():
            self.assertEqual(str(inspect.signature(getattr(mt5, name))), signature, name)
        self.assertTrue(mt5.initialize(A))  # path positionally, the saved account
        self.assertEqual(mt5.last_error(), SUCCESS)
        self.assertEqual(mt5.version(), (500, 5120, "24 Jan 2025"))

    def test_1_dates_are_datetimes_naive_or_aware_or_seconds(self):
        self.init()
        self.at(WEDNESDAY)
        start, end = utc(2026, 11, 2, 10), utc(2026, 11, 2, 16)
        by_seconds = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1, start, end)
        self.assertEqual(len(by_seconds), 7)
        naive = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1, wall(start), wall(end))
        aware = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1,
                                     wall(start).replace(tzinfo=timezone.utc),
                                     wall(end).replace(tzinfo=timezone.utc))
        plus_two = timezone(timedelta(hours=2))  # an aware datetime counts by its instant
        shifted = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1,
                                       datetime(2026, 11, 2, 12, tzinfo=plus_two),
                                       datetime(2026, 11, 2, 18, tzinfo=plus_two))
        for other in (naive, aware, shifted):
            self.assertTrue(np.array_equal(other, by_seconds))
        self.assertEqual(len(mt5.copy_rates_from("GBPUSD", mt5.TIMEFRAME_H1, wall(end), 3)), 3)
        self.assertIsNone(mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1, "2026-11-02", end))
        self.assertEqual(mt5.last_error(), INVALID)

    def test_2_result_codes_are_the_packages(self):
        codes = dict(RES_S_OK=1, RES_E_FAIL=-1, RES_E_INVALID_PARAMS=-2, RES_E_NO_MEMORY=-3,
                     RES_E_NOT_FOUND=-4, RES_E_INVALID_VERSION=-5, RES_E_AUTH_FAILED=-6,
                     RES_E_UNSUPPORTED=-7, RES_E_AUTO_TRADING_DISABLED=-8,
                     RES_E_INTERNAL_FAIL=-10000, RES_E_INTERNAL_FAIL_SEND=-10001,
                     RES_E_INTERNAL_FAIL_RECEIVE=-10002, RES_E_INTERNAL_FAIL_INIT=-10003,
                     RES_E_INTERNAL_FAIL_CONNECT=-10004, RES_E_INTERNAL_FAIL_TIMEOUT=-10005)
        for name, value in codes.items():
            self.assertEqual(getattr(mt5, name), value, name)
        self.init()
        self.assertIsNone(mt5.symbol_info("NOPE"))
        self.assertEqual(mt5.last_error(), NOT_FOUND)
        self.assertIsNotNone(mt5.symbol_info("GBPUSD"))  # success overwrites the error
        self.assertEqual(mt5.last_error(), SUCCESS)

    def calls(self):
        return [("login", (50012345, "secret-1")), ("version", ()),
                ("terminal_info", ()), ("account_info", ()), ("symbols_total", ()),
                ("symbols_get", ()), ("symbol_info", ("GBPUSD",)),
                ("symbol_info_tick", ("GBPUSD",)), ("symbol_select", ("GBPUSD", True)),
                ("copy_rates_from", ("GBPUSD", mt5.TIMEFRAME_H1, WEDNESDAY, 10)),
                ("copy_rates_from_pos", ("GBPUSD", mt5.TIMEFRAME_H1, 0, 10)),
                ("copy_rates_range", ("GBPUSD", mt5.TIMEFRAME_H1, WEDNESDAY - 86400,
                                      WEDNESDAY))]

    def assert_nothing_works(self):
        for name, arguments in self.calls():
            failure = False if name in ("login", "symbol_select") else None
            self.assertIs(getattr(mt5, name)(*arguments), failure, name)
            self.assertEqual(mt5.last_error(), NO_IPC, name)

    def test_3_nothing_works_before_initialize_or_after_shutdown(self):
        self.assert_nothing_works()
        self.init()
        for name, arguments in self.calls():
            result = getattr(mt5, name)(*arguments)
            self.assertTrue(result is not None and result is not False, name)
        self.assertIsNone(mt5.shutdown())
        self.assert_nothing_works()


class SymbolsTest(DoubleTestCase):
    """4. Market Watch and unknown symbols; 6. the returned structures; symbols_get groups."""

    def test_4_a_hidden_symbol_has_no_tick_until_selected(self):
        self.init()
        info = mt5.symbol_info("EURUSD.raw")
        self.assertEqual((info.select, info.visible, info.bid, info.time), (False, False, 0.0, 0))
        self.assertIsNone(mt5.symbol_info_tick("EURUSD.raw"))
        self.assertEqual(mt5.last_error(), CALL_FAILED)
        self.assertTrue(mt5.symbol_select("EURUSD.raw", True))
        self.assertEqual(mt5.last_error(), SUCCESS)
        tick = mt5.symbol_info_tick("EURUSD.raw")
        self.assertIsInstance(tick, mt5.Tick)
        info = mt5.symbol_info("EURUSD.raw")
        self.assertEqual((info.select, info.visible), (True, True))
        self.assertTrue(mt5.symbol_select("EURUSD.raw", False))
        self.assertIsNone(mt5.symbol_info_tick("EURUSD.raw"))
        self.assertFalse(mt5.symbol_info("EURUSD.raw").select)

    def test_4_market_watch_outlives_a_reconnection_in_the_same_process(self):
        self.init()
        self.assertTrue(mt5.symbol_select("XAGUSD", True))
        mt5.shutdown()
        self.init()
        self.assertIsNotNone(mt5.symbol_info_tick("XAGUSD"))

    def test_4_an_unknown_symbol_is_not_found(self):
        self.init()
        self.assertIsNone(mt5.symbol_info("EURUSD"))  # only EURUSD.raw exists here
        self.assertEqual(mt5.last_error(), NOT_FOUND)
        self.assertIsNone(mt5.symbol_info_tick("NOPE"))
        self.assertEqual(mt5.last_error(), NOT_FOUND)
        self.assertFalse(mt5.symbol_select("NOPE", True))
        self.assertEqual(mt5.last_error(), CALL_FAILED)  # what the real package answers
        self.assertIsNone(mt5.copy_rates_range("NOPE", mt5.TIMEFRAME_H1, 0, WEDNESDAY))
        self.assertEqual(mt5.last_error(), NOT_FOUND)

    def test_6_symbol_info_has_the_documented_fields_in_order(self):
        self.init()
        info = mt5.symbol_info("EURUSD.raw")
        self.assertEqual(type(info).__name__, "SymbolInfo")
        fields = info._fields
        self.assertEqual(len(fields), 96)  # "[96 rows x 2 columns]" in mt5symbolselect_py
        self.assertEqual(fields[:4], ("custom", "chart_mode", "select", "visible"))
        self.assertEqual(fields[-3:], ("name", "page", "path"))
        main = ["custom", "chart_mode", "select", "visible", "time", "digits", "spread",
                "trade_mode", "bid", "ask", "last", "point", "trade_contract_size", "volume_min",
                "currency_base", "currency_profit", "currency_margin", "description", "name",
                "path"]
        self.assertEqual([f for f in fields if f in main], main)
        self.assertEqual((info.name, info.path, info.digits, info.point, info.spread),
                         ("EURUSD.raw", "Forex\\Majors\\EURUSD.raw", 5, 1e-05, 12))
        self.assertEqual((info.currency_base, info.currency_profit, info.currency_margin),
                         ("EUR", "USD", "EUR"))
        self.assertEqual((info.trade_mode, info.trade_contract_size, info.volume_min),
                         (mt5.SYMBOL_TRADE_MODE_FULL, 100000.0, 0.01))
        tick, us30 = self.steady_tick("#US30", lambda: mt5.symbol_info("#US30"))
        self.assertEqual((us30.path, us30.digits, us30.description),
                         ("Indices\\#US30", 1, "Dow Jones Industrial Average"))
        self.assertEqual((us30.bid, us30.ask, us30.time), (tick.bid, tick.ask, tick.time))
        self.assertTrue(us30.bidlow <= us30.bid <= us30.bidhigh)

    def test_6_tick_terminal_and_account_structures(self):
        self.init()
        tick = mt5.symbol_info_tick("GBPUSD")
        self.assertEqual(type(tick).__name__, "Tick")
        self.assertEqual(tick._fields, ("time", "bid", "ask", "last", "volume", "time_msc",
                                        "flags", "volume_real"))
        terminal = mt5.terminal_info()
        self.assertEqual(type(terminal).__name__, "TerminalInfo")
        self.assertEqual((terminal.connected, terminal.trade_allowed, terminal.build,
                          terminal.name, terminal.path, terminal.company),
                         (True, True, 5120, "MetaTrader 5", "C:/MT5Terminals/Account1",
                          "Five Percent Online Ltd."))
        self.assertTrue(terminal.data_path.startswith("C:\\Users\\"))
        account = mt5.account_info()
        self.assertEqual(type(account).__name__, "AccountInfo")
        self.assertEqual((account.login, account.server, account.currency, account.balance,
                          account.equity, account.company, account.trade_mode),
                         (50012345, "FivePercentOnline-Real", "USD", 2500.0, 2500.0,
                          "Five Percent Online Ltd.", mt5.ACCOUNT_TRADE_MODE_REAL))
        self.assertIsInstance(account.name, str)

    def test_1_symbols_get_filters_groups_in_order(self):
        self.init()
        names = lambda group=None: [s.name for s in (mt5.symbols_get(group) if group is not None
                                                      else mt5.symbols_get())]
        everything = ["EURUSD.raw", "GBPUSD", "USDJPY", "XAUUSD", "XAGUSD", "#US30", "BTCUSD",
                      "ETHUSD"]
        self.assertEqual(names(), everything)
        self.assertEqual(mt5.symbols_total(), 8)
        self.assertEqual(names("*"), everything)
        self.assertEqual(names("X*"), ["XAUUSD", "XAGUSD"])
        self.assertEqual(names("*USD*"), [n for n in everything if n != "#US30"])
        self.assertEqual(names("*,!*USD*"), ["#US30"])
        self.assertEqual(names("*USD*,!EUR*,!*JPY*"),
                         ["GBPUSD", "XAUUSD", "XAGUSD", "BTCUSD", "ETHUSD"])
        self.assertEqual(names(group="!*USD*"), [])  # exclusions only remove what was chosen
        self.assertEqual(names("*raw"), ["EURUSD.raw"])
        self.assertIsInstance(mt5.symbols_get("X*")[0], mt5.SymbolInfo)


class RatesTest(DoubleTestCase):
    """5. copy_rates_*: dtype, order, bounds, failures; prices consistent with ticks."""

    DTYPE = [("time", "<i8"), ("open", "<f8"), ("high", "<f8"), ("low", "<f8"),
             ("close", "<f8"), ("tick_volume", "<u8"), ("spread", "<i4"), ("real_volume", "<u8")]

    def setUp(self):
        super().setUp()
        self.init()
        self.at(WEDNESDAY)

    def assert_bars(self, rates):
        self.assertIsInstance(rates, np.ndarray)
        self.assertEqual(rates.dtype, np.dtype(self.DTYPE))
        self.assertTrue(np.all(np.diff(rates["time"]) > 0), "oldest first, one bar per time")
        self.assertTrue(np.all(rates["high"] >= np.maximum(rates["open"], rates["close"])))
        self.assertTrue(np.all(rates["low"] <= np.minimum(rates["open"], rates["close"])))
        self.assertTrue(np.all(rates["tick_volume"] > 0))

    def test_5_rates_are_a_structured_array_oldest_first(self):
        for call in (lambda: mt5.copy_rates_range("XAUUSD", mt5.TIMEFRAME_M15, WEDNESDAY - 86400,
                                                  WEDNESDAY),
                     lambda: mt5.copy_rates_from("XAUUSD", mt5.TIMEFRAME_M15, WEDNESDAY, 50),
                     lambda: mt5.copy_rates_from_pos("XAUUSD", mt5.TIMEFRAME_M15, 0, 50)):
            rates = call()
            self.assert_bars(rates)
            self.assertGreater(len(rates), 40)
            self.assertTrue(np.all(rates["time"] % 900 == 0))
            self.assertTrue(np.all(rates["spread"] == 25))
            self.assertTrue(np.all(rates["real_volume"] == 0))

    def test_5_a_range_holds_the_bars_opened_within_it(self):
        now = server(WEDNESDAY)
        some = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1, now - 20 * 3600, now)
        first, last = int(some["time"][3]), int(some["time"][9])
        rates = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1, first, last)
        self.assertEqual(list(rates["time"]), list(range(first, last + 1, 3600)))
        inside = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1, first + 1, last - 1)
        self.assertEqual(list(inside["time"]), list(range(first + 3600, last, 3600)))
        empty = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H1, last, first)
        self.assertEqual((len(empty), empty.dtype), (0, np.dtype(self.DTYPE)))

    def test_5_copy_rates_from_and_from_pos(self):
        now = server(WEDNESDAY)
        date_from = now - 5 * 3600 - 123
        rates = mt5.copy_rates_from("USDJPY", mt5.TIMEFRAME_H1, date_from, 10)
        self.assert_bars(rates)
        self.assertEqual(len(rates), 10)
        self.assertEqual(int(rates["time"][-1]), date_from - date_from % 3600)
        recent = mt5.copy_rates_from_pos("USDJPY", mt5.TIMEFRAME_H1, 0, 10)
        self.assertEqual(int(recent["time"][-1]), now - now % 3600)  # bar 0 is the current one
        older = mt5.copy_rates_from_pos("USDJPY", mt5.TIMEFRAME_H1, 1, 10)
        self.assertEqual(len(older), 10)
        self.assertTrue(np.array_equal(older[1:], recent[:-1]))  # one bar further back

    def test_5_failures(self):
        self.assertIsNone(mt5.copy_rates_from_pos("GBPUSD", 7, 0, 10))  # no such timeframe
        self.assertEqual(mt5.last_error(), INVALID)
        self.assertIsNone(mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_H1, 0, 0))
        self.assertEqual(mt5.last_error(), INVALID)
        self.assertIsNone(mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_M1, 0, 100000))
        self.assertEqual(mt5.last_error(), INVALID)  # not below the terminal's max bars
        self.assertIsNone(mt5.copy_rates_from("NOPE", mt5.TIMEFRAME_H1, WEDNESDAY, 10))
        self.assertEqual(mt5.last_error(), NOT_FOUND)

    def test_5_rates_need_no_market_watch_selection(self):
        rates = mt5.copy_rates_from_pos("EURUSD.raw", mt5.TIMEFRAME_H1, 0, 24)
        self.assert_bars(rates)
        self.assertEqual(len(rates), 24)
        self.assertFalse(mt5.symbol_info("EURUSD.raw").select)  # and they select nothing

    def test_5_bars_and_ticks_tell_the_same_prices(self):
        tick, current = self.steady_tick(
            "GBPUSD", lambda: mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_M1, 0, 2))
        self.assertEqual(float(current["close"][-1]), tick.bid)
        self.assertEqual(int(current["time"][-1]), tick.time - tick.time % 60)
        tick, (h4, m1) = self.steady_tick("GBPUSD", lambda: (
            mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_H4, 0, 1),
            mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_M1, 0, 240)))
        m1 = m1[m1["time"] >= h4["time"][0]]  # the M1 bars of the current H4 bar
        self.assertEqual(float(h4["open"][0]), float(m1["open"][0]))
        self.assertEqual(float(h4["close"][0]), float(m1["close"][-1]))
        self.assertEqual(float(h4["close"][0]), tick.bid)

    def test_5_1500_h4_bars_take_well_under_100_ms(self):
        now = server(WEDNESDAY)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            rates = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H4, now - 360 * 86400, now)
            best = min(best, time.perf_counter() - started)
        self.assertGreater(len(rates), 1500)
        self.assertLess(best, 0.1)
        started = time.perf_counter()
        self.assertEqual(len(mt5.copy_rates_from_pos("BTCUSD", mt5.TIMEFRAME_H4, 0, 1500)), 1500)
        self.assertLess(time.perf_counter() - started, 0.1)


class PricesTest(DoubleTestCase):
    """Realistic levels, digits and spreads; ticks move and time_msc only grows."""

    LEVELS = {"EURUSD.raw": (0.95, 1.25, 5), "GBPUSD": (1.1, 1.45, 5), "USDJPY": (125, 180, 3),
              "XAUUSD": (2000, 2600, 2), "XAGUSD": (22, 33, 3), "#US30": (34000, 44000, 1),
              "BTCUSD": (45000, 75000, 2), "ETHUSD": (2000, 4000, 2)}

    def test_ticks_have_realistic_levels_digits_and_spreads(self):
        self.init()
        self.at(WEDNESDAY)
        for name, (low, high, digits) in self.LEVELS.items():
            mt5.symbol_select(name, True)
            info, tick = mt5.symbol_info(name), mt5.symbol_info_tick(name)
            self.assertEqual(info.digits, digits, name)
            self.assertTrue(low < tick.bid < high, (name, tick.bid))
            self.assertLess(tick.bid, tick.ask, name)
            self.assertEqual(round(tick.bid, digits), tick.bid, name)
            self.assertAlmostEqual(tick.ask - tick.bid, info.spread * info.point, places=digits)
            self.assertEqual((tick.last, tick.volume, tick.volume_real), (0.0, 0, 0.0))
            self.assertEqual(tick.flags, mt5.TICK_FLAG_BID | mt5.TICK_FLAG_ASK)
            self.assertEqual(tick.time_msc // 1000, tick.time)
        end = server(WEDNESDAY) - 6 * 3600
        for name in self.LEVELS:  # the same seconds give the same prices, whichever call
            by_range = mt5.copy_rates_range(name, mt5.TIMEFRAME_H1, end - 2 * 86400, end)
            by_date = mt5.copy_rates_from(name, mt5.TIMEFRAME_H1, end, len(by_range))
            self.assertEqual(by_range.tobytes(), by_date.tobytes(), name)

    def test_time_msc_grows_whenever_the_price_changes(self):
        self.init()
        ticks = []
        for step in range(8):
            self.at(WEDNESDAY + step)
            ticks.append(mt5.symbol_info_tick("GBPUSD"))
        self.assertGreater(len({t.bid for t in ticks}), 3)
        for before, after in zip(ticks, ticks[1:]):
            self.assertGreaterEqual(after.time_msc, before.time_msc)
            if after.bid != before.bid:
                self.assertGreater(after.time_msc, before.time_msc)


class ConnectionTest(DoubleTestCase):
    """8. One terminal per process; logins and refused credentials."""

    def test_8_one_terminal_per_process(self):
        self.init(A)
        self.assertFalse(mt5.initialize(B))
        self.assertEqual(mt5.last_error()[0], mt5.RES_E_INTERNAL_FAIL_INIT)
        self.assertIsNotNone(mt5.terminal_info())  # still attached to A
        self.assertTrue(mt5.initialize(A))
        self.assertTrue(mt5.initialize())  # no path: the attached terminal
        self.assertEqual(mt5.account_info().login, 50012345)
        mt5.shutdown()
        self.init(B)
        self.assertEqual(mt5.account_info().login, 50054321)
        self.assertEqual([s.name for s in mt5.symbols_get()], ["EURUSD"])

    def test_8_no_path_means_the_first_terminal_and_unknown_paths_fail(self):
        self.assertTrue(mt5.initialize())
        self.assertEqual(mt5.terminal_info().path, "C:/MT5Terminals/Account1")
        mt5.shutdown()
        self.assertFalse(mt5.initialize("C:/Elsewhere/terminal64.exe"))
        self.assertEqual(mt5.last_error()[0], mt5.RES_E_INTERNAL_FAIL_INIT)
        self.assertTrue(mt5.initialize("c:\\mt5terminals\\account2\\TERMINAL64.EXE"))
        self.assertEqual(mt5.account_info().login, 50054321)

    def test_default_config_without_env(self):
        os.environ.pop("MT5_DOUBLE_CONFIG")
        self.assertTrue(mt5.initialize())
        self.assertEqual(mt5.terminal_info().path, "C:\\Program Files\\MetaTrader 5")
        self.assertIsNotNone(mt5.symbol_info_tick("EURUSD"))
        self.assertEqual(mt5.symbols_total(), 8)

    def test_refused_credentials(self):
        for wrong in (dict(password="nope"), dict(server="FivePercentOnline-Demo"),
                      dict(login=50099999)):
            arguments = dict(login=50012345, password="secret-1", server="FivePercentOnline-Real")
            arguments.update(wrong)
            self.assertFalse(mt5.initialize(A, **arguments), wrong)
            self.assertEqual(mt5.last_error(), AUTH)
            self.assertIsNone(mt5.account_info())
            self.assertEqual(mt5.last_error(), NO_IPC)
        self.assertTrue(mt5.initialize(A, login=50012345))  # the saved password
        self.assertTrue(mt5.login(50012345, password="secret-1", server="FivePercentOnline-Real"))
        self.assertTrue(mt5.login(50012345))
        self.assertFalse(mt5.login(50012345, password="nope"))
        self.assertEqual(mt5.last_error(), AUTH)
        self.assertFalse(mt5.login(123))
        self.assertEqual(mt5.last_error(), AUTH)


class TimeframeAndClockTest(DoubleTestCase):
    """7. TIMEFRAME values; 9. the trade server's clock, across the 2026 DST switches."""

    def test_7_timeframe_values(self):
        minutes = {"M1": 1, "M2": 2, "M3": 3, "M4": 4, "M5": 5, "M6": 6, "M10": 10, "M12": 12,
                   "M15": 15, "M20": 20, "M30": 30}
        others = {"H1": 0x4001, "H2": 0x4002, "H3": 0x4003, "H4": 0x4004, "H6": 0x4006,
                  "H8": 0x4008, "H12": 0x400C, "D1": 0x4018, "W1": 0x8001, "MN1": 0xC001}
        for name, value in {**minutes, **others}.items():
            self.assertEqual(getattr(mt5, "TIMEFRAME_" + name), value, name)
        self.assertEqual((mt5.TIMEFRAME_H1, mt5.TIMEFRAME_D1, mt5.TIMEFRAME_W1,
                          mt5.TIMEFRAME_MN1), (16385, 16408, 32769, 49153))

    def test_9_times_are_the_servers_wall_clock(self):
        self.init()
        for instant, offset in ((WEDNESDAY, 7200), (SUMMER_WEDNESDAY, 10800)):
            self.at(instant)
            tick = mt5.symbol_info_tick("BTCUSD")
            self.assertLessEqual(abs(tick.time - (instant + offset)), 2)
            self.assertEqual(mt5.symbol_info("BTCUSD").time, tick.time)
            d1 = mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_D1, 0, 20)
            h4 = mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_H4, 0, 60)
            self.assertTrue(np.all(d1["time"] % 86400 == 0))  # 00:00 server time
            self.assertTrue(np.all(h4["time"] % 14400 == 0))  # 00, 04, 08 ... server time
            self.assertEqual(int(d1["time"][-1]), (instant + offset) // 86400 * 86400)
            w1 = mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_W1, 0, 4)
            self.assertEqual({wall(t).weekday() for t in w1["time"]}, {6})  # weeks open Sunday
            mn1 = mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_MN1, 0, 3)
            self.assertEqual({wall(t).day for t in mn1["time"]}, {1})
        mt5.shutdown()
        self.init(B)  # zone "UTC": server time is UTC
        self.at(WEDNESDAY)
        self.assertLessEqual(abs(mt5.symbol_info_tick("EURUSD").time - WEDNESDAY), 2)

    def test_9_dst_last_sunday_of_march_2026(self):
        self.init()
        self.at(WEDNESDAY)
        # Crypto trades on: D1 bars open at server midnight, 22:00 UTC before the switch
        # (Sunday 29 March, 01:00 UTC) and 21:00 UTC after it; the day of the switch is 23 h.
        d1 = mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_D1, utc(2026, 3, 27), utc(2026, 3, 31))
        self.assertEqual([wall(t).day for t in d1["time"]], [27, 28, 29, 30, 31])
        self.assertTrue(np.all(d1["time"] % 86400 == 0))
        march_30 = mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_M1, utc(2026, 3, 30),
                                        utc(2026, 3, 30))
        self.assertEqual(float(d1["open"][3]), float(march_30["open"][0]))
        switch_day = mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_M1, utc(2026, 3, 29),
                                          utc(2026, 3, 29, 23, 59))
        self.assertEqual(len(switch_day), 23 * 60)  # 22:00 UTC on the 28th to 21:00 on the 29th
        h1 = mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_H1, utc(2026, 3, 29),
                                  utc(2026, 3, 29, 6))
        self.assertEqual([wall(t).hour for t in h1["time"]], [0, 1, 2, 4, 5, 6])  # no 03:00
        self.at(utc(2026, 3, 28, 21, 30))
        self.assertLessEqual(abs(mt5.symbol_info_tick("BTCUSD").time - utc(2026, 3, 28, 23, 30)),
                             2)
        self.at(utc(2026, 3, 29, 21, 30))
        self.assertLessEqual(abs(mt5.symbol_info_tick("BTCUSD").time - utc(2026, 3, 30, 0, 30)),
                             2)
        # FX: Friday's last H4 bar is 20:00 server (18:00 UTC); the week opens Sunday 22:00 UTC,
        # which after the switch is 01:00 server, inside Monday's 00:00 H4 bar (21:00 UTC).
        self.at(WEDNESDAY)
        h4 = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H4, utc(2026, 3, 27),
                                  utc(2026, 3, 30, 8))
        self.assertEqual([wall(t).strftime("%a %H") for t in h4["time"]],
                         ["Fri 00", "Fri 04", "Fri 08", "Fri 12", "Fri 16", "Fri 20",
                          "Mon 00", "Mon 04", "Mon 08"])
        m1 = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_M1, utc(2026, 3, 27, 20),
                                  utc(2026, 3, 30, 4))
        gap = int(np.argmax(np.diff(m1["time"])))
        self.assertEqual(wall(m1["time"][gap]), datetime(2026, 3, 27, 23, 59))  # 21:59 UTC
        self.assertEqual(wall(m1["time"][gap + 1]), datetime(2026, 3, 30, 1, 0))  # 22:00 UTC
        monday = h4[h4["time"] == utc(2026, 3, 30)]
        self.assertEqual(float(monday["open"][0]), float(m1["open"][gap + 1]))

    def test_9_dst_last_sunday_of_october_2026(self):
        self.init()
        self.at(WEDNESDAY)
        # Sunday 25 October, 01:00 UTC: 04:00 EEST becomes 03:00 EET; that day is 25 h long
        # and its 03:00 hour happens twice, in one H1 bar.
        d1 = mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_D1, utc(2026, 10, 23), utc(2026, 10, 27))
        self.assertEqual([wall(t).day for t in d1["time"]], [23, 24, 25, 26, 27])
        self.assertTrue(np.all(d1["time"] % 86400 == 0))
        h1 = mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_H1, utc(2026, 10, 25),
                                  utc(2026, 10, 25, 23))
        self.assertEqual([wall(t).hour for t in h1["time"]], list(range(24)))
        m1 = mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_M1, utc(2026, 10, 25, 3),
                                  utc(2026, 10, 25, 3, 59))
        self.assertEqual(len(m1), 60)
        three = h1[h1["time"] == utc(2026, 10, 25, 3)]
        self.assertEqual(float(three["open"][0]), float(m1["open"][0]))
        self.at(utc(2026, 10, 25, 0, 30))  # 03:30 EEST
        first = mt5.symbol_info_tick("BTCUSD")
        self.at(utc(2026, 10, 25, 1, 30))  # 03:30 EET, an hour later
        second = mt5.symbol_info_tick("BTCUSD")
        self.assertLessEqual(abs(first.time - utc(2026, 10, 25, 3, 30)), 2)
        self.assertLessEqual(abs(second.time - utc(2026, 10, 25, 3, 30)), 2)
        self.assertNotEqual(first.bid, second.bid)  # two hours of trading, one server hour
        # FX: Friday 23 October (summer) trades until 21:59 UTC = 00:59 server on Saturday;
        # Monday 26 (winter) opens at 22:00 UTC Sunday = 00:00 server.
        self.at(WEDNESDAY)
        m1 = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_M1, utc(2026, 10, 23, 20),
                                  utc(2026, 10, 26, 4))
        gap = int(np.argmax(np.diff(m1["time"])))
        self.assertEqual(wall(m1["time"][gap]), datetime(2026, 10, 24, 0, 59))
        self.assertEqual(wall(m1["time"][gap + 1]), datetime(2026, 10, 26, 0, 0))
        h4 = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_H4, utc(2026, 10, 26),
                                  utc(2026, 10, 26, 8))
        self.assertEqual([wall(t).hour for t in h4["time"]], [0, 4, 8])
        self.assertEqual(float(h4["open"][0]), float(m1["open"][gap + 1]))


class MarketHoursTest(DoubleTestCase):
    """10. FX, metals (and indices) pause from Friday 22:00 to Sunday 22:00 UTC; crypto never."""

    def test_10_weekend_ticks_freeze_at_fridays_last_price(self):
        self.init()
        self.at(SATURDAY)
        tick = mt5.symbol_info_tick("GBPUSD")
        self.assertEqual(tick.time, server(LAST_FRIDAY_TICK))  # Friday 21:59:59 UTC
        self.at(SATURDAY + 30 * 3600)
        self.assertEqual(mt5.symbol_info_tick("GBPUSD"), tick)
        self.assertEqual(mt5.symbol_info_tick("XAUUSD").time, server(LAST_FRIDAY_TICK))
        last = mt5.copy_rates_from_pos("GBPUSD", mt5.TIMEFRAME_M1, 0, 1)
        self.assertEqual(int(last["time"][0]), server(utc(2026, 6, 12, 21, 59)))
        self.assertEqual(float(last["close"][0]), tick.bid)
        crypto = mt5.symbol_info_tick("BTCUSD")
        self.assertLessEqual(abs(crypto.time - server(SATURDAY + 30 * 3600)), 2)

    def test_10_no_bars_while_the_market_is_closed(self):
        self.init()
        self.at(WEDNESDAY)
        weekend = (server(utc(2026, 6, 12, 22)), server(utc(2026, 6, 14, 21, 59)))
        for name in ("GBPUSD", "XAUUSD", "#US30"):
            rates = mt5.copy_rates_range(name, mt5.TIMEFRAME_M1, *weekend)
            self.assertEqual(len(rates), 0, name)
            self.assertEqual(mt5.last_error(), SUCCESS)
        self.assertEqual(len(mt5.copy_rates_range("BTCUSD", mt5.TIMEFRAME_H1, *weekend)), 48)
        week = mt5.copy_rates_range("GBPUSD", mt5.TIMEFRAME_M1, server(utc(2026, 6, 8)),
                                    server(utc(2026, 6, 15)) - 1)
        utc_times = week["time"] - 10800
        self.assertEqual(int(utc_times[-1]), utc(2026, 6, 14, 23, 59))
        closed = (utc_times >= utc(2026, 6, 12, 22)) & (utc_times < utc(2026, 6, 14, 22))
        self.assertFalse(closed.any())
        # Monday 00:00 to Friday 21:59 UTC, then Sunday 22:00 to 23:59 UTC.
        self.assertEqual(len(week), (4 * 24 + 22) * 60 + 2 * 60)


class FaultTest(DoubleTestCase):
    """The control file: hang, crash, logout, delay_ms, feed_stopped, clock_offset_s."""

    def test_hang_blocks_calls_until_removed(self):
        self.init()
        self.control(hang=True)
        result = {}
        caller = threading.Thread(target=lambda: result.update(
            tick=mt5.symbol_info_tick("GBPUSD"), error=mt5.last_error()))
        caller.start()
        caller.join(0.4)
        self.assertTrue(caller.is_alive())
        self.control()
        caller.join(2)
        self.assertFalse(caller.is_alive())
        self.assertIsInstance(result["tick"], mt5.Tick)
        self.assertEqual(result["error"], SUCCESS)

    def test_crash_ends_the_process_at_once(self):
        script = textwrap.dedent("""
            import json, os
            import MetaTrader5 as mt5
            assert mt5.initialize()
            print("initialized", flush=True)
            with open(os.environ["MT5_DOUBLE_CONTROL"], "w") as f:
                json.dump({"crash": True}, f)
            mt5.symbol_info_tick("GBPUSD")
            print("survived", flush=True)
        """)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=60, env=dict(os.environ, PYTHONPATH=HERE))
        self.assertEqual(done.returncode, 3, done.stderr)
        self.assertIn("initialized", done.stdout)
        self.assertNotIn("survived", done.stdout)

    def test_logout_fails_calls_until_removed_and_initialized_again(self):
        self.init()
        self.control(logout=True)
        self.assertIsNone(mt5.symbol_info_tick("GBPUSD"))
        self.assertEqual(mt5.last_error(), NO_IPC)
        self.assertIsNone(mt5.terminal_info())
        self.assertFalse(mt5.initialize(A))
        self.assertEqual(mt5.last_error(), (mt5.RES_E_INTERNAL_FAIL_TIMEOUT, "IPC timeout"))
        self.control()
        self.assertIsNone(mt5.symbol_info_tick("GBPUSD"))
        self.assertEqual(mt5.last_error(), NO_IPC)
        self.assertFalse(mt5.initialize(B))  # still this process's terminal
        self.init(A)
        self.assertIsInstance(mt5.symbol_info_tick("GBPUSD"), mt5.Tick)

    def test_delay_ms_slows_every_call(self):
        self.init()
        self.control(delay_ms=250)
        started = time.monotonic()
        self.assertIsNotNone(mt5.terminal_info())
        self.assertGreaterEqual(time.monotonic() - started, 0.25)
        self.control()
        started = time.monotonic()
        mt5.terminal_info()
        self.assertLess(time.monotonic() - started, 0.25)

    def test_feed_stopped_freezes_prices_while_calls_succeed(self):
        self.init()
        self.at(WEDNESDAY, feed_stopped=True)
        frozen = mt5.symbol_info_tick("BTCUSD")
        self.at(WEDNESDAY + 600, feed_stopped=True)
        self.assertEqual(mt5.symbol_info_tick("BTCUSD"), frozen)
        self.assertEqual(mt5.last_error(), SUCCESS)
        bars = mt5.copy_rates_from_pos("BTCUSD", mt5.TIMEFRAME_M1, 0, 5)
        self.assertLessEqual(int(bars["time"][-1]), frozen.time)
        self.assertEqual(float(bars["close"][-1]), frozen.bid)
        self.at(WEDNESDAY + 600)
        moving = mt5.symbol_info_tick("BTCUSD")
        self.assertGreaterEqual(moving.time, frozen.time + 590)

    def test_clock_offset_moves_the_doubles_now(self):
        self.init()
        self.control(clock_offset_s=30 * 86400)
        expected = time.time() + 30 * 86400
        tick = mt5.symbol_info_tick("BTCUSD")
        self.assertLessEqual(abs(tick.time - server(int(expected))), 2)


if __name__ == "__main__":
    unittest.main()
