package com.widgetforge.price;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.ServiceBasicsTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class PriceServiceBasicsTest extends ServiceBasicsTest {
  @Override
  protected java.util.List<String> ownMetrics() {
    return java.util.List.of(
        "widgetforge_ticks_published_total",
        "widgetforge_terminal_connected",
        "widgetforge_terminal_poll_to_publish_seconds");
  }
}
