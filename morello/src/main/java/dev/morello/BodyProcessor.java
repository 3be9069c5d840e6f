package dev.morello;

/**
 * Turns a request body of one media type into parameters (or anything else the application
 * wants), as CherryPy's body processors. Install one per media type:
 *
 * <pre>{@code
 * request.body().processor("application/json", body -> request.attribute("json", mapper.readTree(body.stream())));
 * }</pre>
 */
@FunctionalInterface
public interface BodyProcessor {
    void process(RequestBody body) throws Exception;
}
