package com.widgetforge.widget.saved;

import com.widgetforge.kit.problem.ApiProblem;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A saved widget's allow-list of framing sites, and the {@code frame-ancestors} it becomes. Each
 * entry is an origin ({@code https://example.com}, {@code http://localhost:3000}, or a subdomain
 * wildcard {@code https://*.example.com}) or {@code *}. An empty list lets only WidgetForge's own
 * pages frame the widget.
 */
public final class AllowedSites {

  public static final int MAX_SITES = 20;
  private static final Pattern ORIGIN =
      Pattern.compile(
          "https?://(\\*\\.)?[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9-]{1,63}){0,10}(:\\d{1,5})?");

  private AllowedSites() {}

  /** The normalised list (lower case, no trailing slash, no duplicates), or a 400. */
  public static List<String> parse(List<String> sites) {
    if (sites == null) {
      return List.of();
    }
    if (sites.size() > MAX_SITES) {
      throw ApiProblem.badRequest("at most " + MAX_SITES + " allowed sites");
    }
    Set<String> normalised = new LinkedHashSet<>();
    for (String raw : sites) {
      String site = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
      if (site.endsWith("/")) {
        site = site.substring(0, site.length() - 1);
      }
      if (!site.equals("*") && (site.length() > 200 || !ORIGIN.matcher(site).matches())) {
        throw ApiProblem.badRequest(
            "allowed sites must be origins like https://example.com (scheme, host, optional port,"
                + " no path) or *");
      }
      if (!site.equals("*")) {
        int port = URI.create(site.replace("*.", "x.")).getPort();
        if (port == 0 || port > 65535) {
          throw ApiProblem.badRequest("allowed site " + site + " has a bad port");
        }
      }
      normalised.add(site);
    }
    return List.copyOf(normalised);
  }

  /** The CSP {@code frame-ancestors} source list for {@code sites}. */
  public static String frameAncestors(List<String> sites) {
    if (sites.isEmpty()) {
      return "'self'";
    }
    if (sites.contains("*")) {
      return "*";
    }
    return "'self' " + String.join(" ", sites);
  }
}
