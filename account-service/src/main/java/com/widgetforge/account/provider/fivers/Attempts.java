package com.widgetforge.account.provider.fivers;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Numbers the attempts of one call for one account, for the audit trail. */
final class Attempts {

  private static final Map<String, Integer> CURRENT = new ConcurrentHashMap<>();

  private Attempts() {}

  static int next(UUID account, String call) {
    return CURRENT.merge(account + "/" + call, 1, Integer::sum);
  }

  static void reset(UUID account, String call) {
    CURRENT.remove(account + "/" + call);
  }
}
