package com.widgetforge.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.auth.AuthConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Provisioned service keys as configured: their names from the environment, and validation. */
class ServiceKeyConfigTest {

  /** A secret as deploy/run-local and the README's command make one. */
  static final String GOOD = "wf_Zq3-Lm9_Tr7Xc2VbN8kJ4hG6fD1sA0pOiUyE5wQzRtY";

  record Key(String secret, String scope) implements AuthConfig.ServiceKey {}

  private static Map<String, AuthConfig.ServiceKey> fromEnvironment(Map<String, String> env) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new EnvConfigSource(env, 300))
            .withConverter(Duration.class, 100, new DurationConverter())
            .withMapping(AuthConfig.class)
            .build();
    return config.getConfigMapping(AuthConfig.class).serviceKeys();
  }

  @Test
  void aServiceKeyIsNamedByItsEnvironmentVariables() {
    Map<String, AuthConfig.ServiceKey> keys =
        fromEnvironment(
            Map.of(
                "AUTH_SERVICE_KEYS__WIDGET_SERVICE__SECRET",
                GOOD,
                "AUTH_SERVICE_KEYS__WIDGET_SERVICE__SCOPE",
                "accounts:read"));
    assertEquals(1, keys.size(), keys.keySet().toString());
    String entry = keys.keySet().iterator().next();
    assertEquals("widget-service", ServiceKeyProvisioning.canonicalName(entry));
    assertEquals(GOOD, keys.get(entry).secret());
    assertEquals("accounts:read", keys.get(entry).scope());
    assertEquals(List.of(), ServiceKeyProvisioning.problems(keys));
  }

  @Test
  void propertyAndEnvironmentSpellingsNameTheSameKey() {
    assertEquals("widget-service", ServiceKeyProvisioning.canonicalName("widget.service"));
    assertEquals("widget-service", ServiceKeyProvisioning.canonicalName("Widget_Service"));
    List<String> problems =
        ServiceKeyProvisioning.problems(
            Map.of(
                "widget-service", new Key(GOOD, "accounts:read"),
                "widget.service", new Key(GOOD.replace('Z', 'x'), "accounts:read")));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("names the same key"), problems.get(0));
  }

  @Test
  void secretsThatAreNotWidgetForgeKeysAreRefusedWithoutBeingRepeated() {
    for (String bad :
        List.of(
            "changeme",
            "wf_short",
            "sk_Zq3-Lm9_Tr7Xc2VbN8kJ4hG6fD1sA0pOiUyE5wQzRtY",
            "wf_Zq3-Lm9_Tr7Xc2VbN8kJ4hG6fD1sA0pOiUyE5wQz+/=",
            "wf_changemechangemechangemechangeme",
            "wf_" + "a".repeat(98))) {
      List<String> problems =
          ServiceKeyProvisioning.problems(Map.of("widget-service", new Key(bad, "accounts:read")));
      assertEquals(1, problems.size(), bad + ": " + problems);
      assertTrue(
          problems.get(0).startsWith("auth.service-keys.\"widget-service\".secret"),
          problems.get(0));
      assertFalse(problems.get(0).contains(bad), "the secret is never repeated");
    }
  }

  @Test
  void unknownScopesAndNamesAndSharedSecretsAreRefused() {
    assertEquals(
        List.of(
            "auth.service-keys.\"widget-service\".scope must be one of [accounts:read,"
                + " prices:admin]"),
        ServiceKeyProvisioning.problems(Map.of("widget-service", new Key(GOOD, "admin"))));
    assertTrue(
        ServiceKeyProvisioning.problems(Map.of("widget service!", new Key(GOOD, "accounts:read")))
            .get(0)
            .contains("the name must be letters, digits and dashes"));
    List<String> shared =
        ServiceKeyProvisioning.problems(
            Map.of("a", new Key(GOOD, "accounts:read"), "b", new Key(GOOD, "prices:admin")));
    assertEquals(
        Set.of("auth.service-keys.\"b\".secret is the same as auth.service-keys.\"a\".secret"),
        Set.copyOf(shared));
  }
}
