package com.widgetforge.auth;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.ServiceBasicsTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class AuthServiceBasicsTest extends ServiceBasicsTest {
  @Override
  protected java.util.List<String> ownMetrics() {
    return java.util.List.of("widgetforge_login_failures_total");
  }
}
