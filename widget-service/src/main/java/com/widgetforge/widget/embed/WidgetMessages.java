package com.widgetforge.widget.embed;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every word a widget shows, in English here and in German, Spanish and French in {@code
 * messages/wmsg_<language>.properties}. A widget's {@code locale} chooses both these labels and its
 * number formats; a language without a translation gets English. Templates use {@code
 * {wmsg:delayed}}; Java code asks {@link WidgetLanguage#messages(String)}.
 */
@MessageBundle(value = "wmsg", locale = "en")
public interface WidgetMessages {

  @Message("delayed")
  String delayed();

  @Message("market closed")
  String marketClosed();

  /** Read before the day's change by screen readers (the change is shown without a label). */
  @Message("Today")
  String today();

  @Message("Spread")
  String spread();

  @Message("loading history…")
  String loadingHistory();

  @Message("no history for this range yet")
  String noHistory();

  @Message("history unavailable")
  String historyUnavailable();

  @Message("chart unavailable")
  String chartUnavailable();

  @Message("Source")
  String source();

  @Message("synced")
  String synced();

  @Message("Balance")
  String balance();

  @Message("Equity")
  String equity();

  @Message("Gain")
  String gain();

  @Message("Max drawdown")
  String drawdown();

  @Message("Daily loss")
  String dailyLoss();

  @Message("Profit target")
  String target();

  @Message("Trading days")
  String tradingDays();

  @Message("{used} of {limit}")
  String usedOf(String used, String limit);

  @Message("resets {time} {zone}")
  String resets(String time, String zone);

  @Message("minimum {days}")
  String minimum(int days);

  @Message("waiting for the first sync")
  String waiting();

  @Message("this account was removed")
  String removed();

  @Message("Daily-loss limit")
  String dailyLossLimit();

  @Message("Balance and equity, {range}")
  String curveOver(String range);

  @Message("all")
  String allTime();

  @Message("simulated account")
  String simulatedAccount();
}
