package io.citussafe.rewriter;

/**
 * A function's body as the catalog holds it.
 *
 * @param name the function's name as the statement wrote it
 * @param language {@code plpgsql}, {@code sql}, {@code c}…
 * @param source {@code prosrc}: the body of a plpgsql or SQL function
 */
public record FunctionFacts(String name, String language, String source) {
}
