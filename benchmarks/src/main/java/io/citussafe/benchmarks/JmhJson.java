package io.citussafe.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON that JMH writes for {@code -rf json}: objects as maps, arrays as lists, numbers
 * as doubles. Enough JSON for that file and no more, so the benchmarks need no JSON library.
 * JMH writes each double with {@code String.valueOf}, so parsing gives back the same double.
 */
final class JmhJson {

  private final String text;
  private int at;

  private JmhJson(String text) {
    this.text = text;
  }

  /**
   * The value {@code text} holds.
   *
   * @throws IllegalArgumentException if {@code text} is not JSON, with the offset where it stops
   *     being JSON
   */
  static Object parse(String text) {
    JmhJson json = new JmhJson(text);
    Object value = json.value();
    json.skipSpace();
    if (json.at != text.length()) {
      throw json.error("end of input");
    }
    return value;
  }

  /** A number JMH wrote, also one of the strings it writes for a number that is not finite. */
  static double number(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    switch (String.valueOf(value)) {
      case "NaN":
        return Double.NaN;
      case "+INF":
        return Double.POSITIVE_INFINITY;
      case "-INF":
        return Double.NEGATIVE_INFINITY;
      default:
        throw new IllegalArgumentException("not a number: " + value);
    }
  }

  private Object value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("a value");
    }
    char c = text.charAt(at);
    if (c == '{') {
      return object();
    } else if (c == '[') {
      return array();
    } else if (c == '"') {
      return string();
    }
    int start = at;
    while (at < text.length() && "{}[],: \t\r\n".indexOf(text.charAt(at)) < 0) {
      at++;
    }
    String literal = text.substring(start, at);
    switch (literal) {
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      case "null":
        return null;
      default:
        try {
          return Double.parseDouble(literal);
        } catch (NumberFormatException e) {
          at = start;
          throw error("a value");
        }
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> object = new LinkedHashMap<>();
    at++;
    if (next() == '}') {
      at++;
      return object;
    }
    while (true) {
      if (next() != '"') {
        throw error("a name");
      }
      String name = string();
      expect(':');
      object.put(name, value());
      if (next() == '}') {
        at++;
        return object;
      }
      expect(',');
    }
  }

  private List<Object> array() {
    List<Object> array = new ArrayList<>();
    at++;
    if (next() == ']') {
      at++;
      return array;
    }
    while (true) {
      array.add(value());
      if (next() == ']') {
        at++;
        return array;
      }
      expect(',');
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++;
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        break;
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("four hex digits");
          }
          out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> out.append(escaped);
      }
    }
    throw error("the end of a string");
  }

  private char next() {
    skipSpace();
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("'" + c + "'");
    }
    at++;
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException("JMH results: expected " + expected + " at offset " + at);
  }
}
