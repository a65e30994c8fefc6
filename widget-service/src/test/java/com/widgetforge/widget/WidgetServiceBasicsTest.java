package com.widgetforge.widget;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.ServiceBasicsTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
class WidgetServiceBasicsTest extends ServiceBasicsTest {
  @Override
  protected java.util.List<String> ownMetrics() {
    return java.util.List.of(
        "widgetforge_stream_connections",
        "widgetforge_stream_messages_sent_total",
        "widgetforge_stream_messages_dropped_total");
  }
}
