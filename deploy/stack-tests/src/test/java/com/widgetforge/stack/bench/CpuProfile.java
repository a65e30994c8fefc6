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
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a stack JVM's CPU goes over a run: a Flight Recorder recording started in it with {@code
 * jcmd} (the JDK's {@code default} settings, made for production: a Java stack sample every 20 ms,
 * native every 20 ms; {@code profile} costs far more at thousands of sockets), then the busy
 * samples' (a thread waiting in epoll, on a lock or in a sleep is left out) hottest methods, by
 * thread and by their own time (top frame) and with what they call (any frame). The recording stays
 * next to the results file for {@code jfr} or JDK Mission Control.
 */
final class CpuProfile {

  private static final String NAME = "bench";

  /** Top frames of a thread that waits (for the network, a lock, a timer): not CPU. */
  private static final Set<String> WAITING =
      Set.of(
          "sun.nio.ch.EPoll.wait",
          "sun.nio.ch.Net.poll",
          "jdk.internal.misc.Unsafe.park",
          "java.lang.Object.wait",
          "java.lang.Thread.sleep");

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
    jcmd(pid, "JFR.start", "name=" + NAME, "settings=default", "filename=" + file);
    return new CpuProfile(pid, file);
  }

  /** Stops the recording and sums its CPU samples. */
  ObjectNode stop() throws IOException, InterruptedException {
    jcmd(pid, "JFR.stop", "name=" + NAME);
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    int waiting = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      String type = event.getEventType().getName();
      if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
        continue;
      }
      if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      String top = method(frames.get(0));
      if (WAITING.contains(top)) {
        waiting++;
        continue;
      }
      samples++;
      self.merge(top, 1, Integer::sum);
      Set<String> once = new HashSet<>();
      frames.forEach(frame -> once.add(method(frame)));
      once.forEach(method -> total.merge(method, 1, Integer::sum));
      RecordedThread thread = event.getThread("sampledThread");
      String name = thread == null ? "?" : String.valueOf(thread.getJavaName());
      threads.merge(name.replaceAll("\\d+", "N"), 1, Integer::sum);
    }
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("recording", file.toString());
    out.put("busy_samples", samples);
    out.put("waiting_samples_left_out", waiting);
    out.set("threads_percent", top(threads, samples));
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
