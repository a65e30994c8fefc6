package com.widgetforge.widget.saved;

import java.util.List;
import java.util.Map;

/**
 * A builder's save: {@code kind} (ticker, quote, mini-chart, rotating-asset, account,
 * equity-curve), a {@code name}, the widget's {@code options} as its page takes them, and {@code
 * allowedSites}: origins such as {@code https://example.com} that may frame it, or {@code *} for
 * any site.
 */
public record WidgetRequest(
    String kind, String name, Map<String, String> options, List<String> allowedSites) {}
