package com.widgetforge.account;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.ServiceBasicsTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "account"))
class AccountServiceBasicsTest extends ServiceBasicsTest {
  @Override
  protected java.util.List<String> ownMetrics() {
    return java.util.List.of(
        "widgetforge_account_snapshots_total", "widgetforge_account_provider_errors_total");
  }
}
