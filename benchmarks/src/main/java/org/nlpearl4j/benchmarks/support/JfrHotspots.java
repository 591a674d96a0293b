package org.nlpearl4j.benchmarks.support;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording (e.g. from JMH's {@code -prof jfr}) and prints where the CPU samples fall:
 * the hottest methods by self samples, and for each library the share of samples with one of its
 * frames on the stack (inclusive).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nlpearl4j.benchmarks.support.JfrHotspots profile.jfr [top]
 * </pre>
 */
public final class JfrHotspots {

  private static final String[] LIBRARIES = {
    "org.nlpearl4j.internal.generated", "org.nlpearl4j.internal", "org.nlpearl4j.benchmarks", "org.nlpearl4j",
    "retrofit2", "io.reactivex.rxjava3", "com.squareup.moshi", "okhttp3", "okio", "kotlin",
    "java.util.concurrent", "java.lang.reflect", "jdk.internal.reflect", "java.lang.invoke", "sun.nio", "java.net",
    "java.io", "jdk.internal.misc.Unsafe.park", "org.openjdk.jmh",
  };

  private JfrHotspots() {
  }

  /** Prints the hotspots of the recording given as the first argument. */
  public static void main(String[] args) throws IOException {
    Path file = Paths.get(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
          String method = name(frame);
          for (String library : LIBRARIES) {
            if (method.startsWith(library)) {
              if (seen.add(library)) {
                inclusive.merge(library, 1, Integer::sum);
              }
              break;
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d execution samples%n%nself (top %d):%n", file.getFileName(), samples, top);
    int total = samples;
    self.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    System.out.printf(Locale.ROOT, "%ninclusive, by library (a sample counts once per library on its stack):%n");
    inclusive.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }
}
