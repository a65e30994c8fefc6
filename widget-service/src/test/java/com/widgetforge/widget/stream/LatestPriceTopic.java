package com.widgetforge.widget.stream;

import com.widgetforge.devstack.contract.AsyncApiContract;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes {@code price.latest} records (LatestPrice v1) the way price-service does, for tests. */
public final class LatestPriceTopic {

  public static final String TOPIC = "price.latest";

  private static final AsyncApiContract CONTRACT = AsyncApiContract.load();

  private LatestPriceTopic() {}

  /** A well-formed record without a day open, checked against the contract. */
  public static String record(String symbol, double bid, long timeMsc, String market) {
    return record(symbol, bid, timeMsc, market, null);
  }

  /** A well-formed record with the day's open ({@code null}: not known), checked. */
  public static String record(
      String symbol, double bid, long timeMsc, String market, Double dayOpen) {
    String record =
        String.format(
            Locale.ROOT,
            "{\"v\":1,\"symbol\":\"%s\",\"terminalId\":\"sim-1\",\"bid\":%.5f,\"ask\":%.5f,"
                + "\"last\":0,\"timeMsc\":%d,\"digits\":5,\"category\":\"fx\",\"market\":\"%s\"%s}",
            symbol,
            bid,
            bid + 0.0002,
            timeMsc,
            market,
            dayOpen == null ? "" : String.format(Locale.ROOT, ",\"dayOpen\":%.5f", dayOpen));
    CONTRACT.assertConforms(TOPIC, record);
    return record;
  }

  public static void send(KafkaProducer<String, String> producer, String symbol, String value)
      throws Exception {
    producer.send(new ProducerRecord<>(TOPIC, symbol, value)).get(10, TimeUnit.SECONDS);
  }
}
