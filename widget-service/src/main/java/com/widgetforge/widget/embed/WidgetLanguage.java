package com.widgetforge.widget.embed;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import java.util.Locale;
import java.util.Set;

/** Which language a widget's {@code locale} option gets its labels in ({@link WidgetMessages}). */
public final class WidgetLanguage {

  /** The languages with labels of their own. */
  public static final Set<String> LANGUAGES = Set.of("en", "de", "es", "fr");

  private WidgetLanguage() {}

  /** The language of {@code locale} that has labels: its own, or English. */
  public static String of(String locale) {
    String language = Locale.forLanguageTag(locale == null ? "en" : locale).getLanguage();
    return LANGUAGES.contains(language) ? language : "en";
  }

  /** The labels for a widget's {@code locale} (a language tag such as de or de-AT). */
  public static WidgetMessages messages(String locale) {
    return MessageBundles.get(WidgetMessages.class, Localized.Literal.of(of(locale)));
  }
}
