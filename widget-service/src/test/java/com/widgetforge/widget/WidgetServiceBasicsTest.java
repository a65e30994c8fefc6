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
class WidgetServiceBasicsTest extends ServiceBasicsTest {}
