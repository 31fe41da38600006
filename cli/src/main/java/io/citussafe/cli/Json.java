package io.citussafe.cli;

/** A small writer of indented JSON, enough for the reports; no dependency for a few objects. */
final class Json {

  private final StringBuilder out = new StringBuilder();
  private int depth;
  /** Whether the current container already holds a member (a comma comes before the next). */
  private boolean[] filled = new boolean[16];
  private boolean afterField;

  Json open(char bracket) {
    before();
    out.append(bracket);
    depth++;
    if (depth >= filled.length) {
      filled = java.util.Arrays.copyOf(filled, depth * 2);
    }
    filled[depth] = false;
    return this;
  }

  Json close(char bracket) {
    boolean any = filled[depth];
    depth--;
    if (any) {
      newline();
    }
    out.append(bracket);
    return this;
  }

  Json field(String name) {
    before();
    string(name);
    out.append(": ");
    afterField = true;
    return this;
  }

  Json value(String text) {
    before();
    if (text == null) {
      out.append("null");
    } else {
      string(text);
    }
    return this;
  }

  Json value(long number) {
    before();
    out.append(number);
    return this;
  }

  Json value(boolean flag) {
    before();
    out.append(flag);
    return this;
  }

  private void before() {
    if (afterField) {
      afterField = false;
      return;
    }
    if (depth > 0) {
      if (filled[depth]) {
        out.append(',');
      }
      filled[depth] = true;
      newline();
    }
  }

  private void newline() {
    out.append('\n').append("  ".repeat(depth));
  }

  private void string(String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
