package io.citussafe.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a generated section of {@code benchmarks/RESULTS.md} between its two markers, keeping
 * the text around it (what the figures mean, why a target is missed), which people write.
 */
final class ResultsFile {

  private ResultsFile() {
  }

  /**
   * Replaces what is between {@code begin} and {@code end} in {@code out} with {@code body}; appends
   * the markers and {@code body} if {@code out} has no such section.
   *
   * @param absent the text of {@code out} when there is no such file
   * @throws IOException if {@code out} cannot be read or written
   */
  static void writeSection(Path out, String begin, String end, String body, String absent) throws IOException {
    String generated = begin + "\n" + body + end;
    String old = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : absent;
    int from = old.indexOf(begin);
    int to = old.indexOf(end);
    String text = from >= 0 && to > from
        ? old.substring(0, from) + generated + old.substring(to + end.length())
        : old.stripTrailing() + "\n\n" + generated + "\n";
    Files.writeString(out, text, StandardCharsets.UTF_8);
  }
}
