package com.widgetforge.stack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a stack JVM's CPU goes over a run: a Flight Recorder recording started in it with {@code
 * jcmd} (the JDK's {@code profile} settings: a Java stack sample every 10 ms, native every 20 ms),
 * then the samples' hottest methods, by their own time (top frame) and with what they call (any
 * frame). The recording stays next to the results file for {@code jfr} or JDK Mission Control.
 */
final class CpuProfile {

  private static final String NAME = "bench";
  private static final int TOP = 25;

  private final long pid;
  private final Path file;

  private CpuProfile(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  /** Starts recording in process {@code pid} into target/benchmarks/{name}.jfr. */
  static CpuProfile start(long pid, String name) throws IOException, InterruptedException {
    Path file = Path.of("target", "benchmarks", name + ".jfr").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + file);
    return new CpuProfile(pid, file);
  }

  /** Stops the recording and sums its CPU samples. */
  ObjectNode stop() throws IOException, InterruptedException {
    jcmd(pid, "JFR.stop", "name=" + NAME);
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      String type = event.getEventType().getName();
      if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
        continue;
      }
      if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      self.merge(method(frames.get(0)), 1, Integer::sum);
      Set<String> once = new HashSet<>();
      frames.forEach(frame -> once.add(method(frame)));
      once.forEach(method -> total.merge(method, 1, Integer::sum));
    }
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("recording", file.toString());
    out.put("samples", samples);
    out.set("self_percent", top(self, samples));
    out.set("total_percent", top(total, samples));
    return out;
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static ObjectNode top(Map<String, Integer> counts, int samples) {
    ObjectNode out = new ObjectMapper().createObjectNode();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(TOP)
        .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 1000.0 / samples) / 10.0));
    return out;
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", line) + " failed: " + output);
    }
  }
}
