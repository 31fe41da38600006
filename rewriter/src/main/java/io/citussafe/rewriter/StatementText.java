package io.citussafe.rewriter;

/**
 * One statement of a query string: its exact text (without the separating {@code ;}) and its
 * first keyword, by which rules are offered statements.
 */
final class StatementText {

  /**
   * Texts longer than this are analysed on every call instead of being cached (generated
   * multi-row INSERTs are rarely repeated and would push useful entries out), and never parsed.
   */
  static final int MAX_CACHED_LENGTH = 16 * 1024;

  final String text;
  /** The first word, lower case; empty when the statement starts with anything else. */
  final String firstWord;

  StatementText(String text) {
    this.text = text;
    Scanner s = new Scanner(text);
    s.next();
    this.firstWord = s.type() == Scanner.Type.WORD ? Names.lower(text, s.start(), s.end()) : "";
  }

  /** A scanner standing on the statement's first token. */
  Scanner scanner() {
    Scanner s = new Scanner(text);
    s.next();
    return s;
  }

  @Override
  public String toString() {
    return text;
  }
}
