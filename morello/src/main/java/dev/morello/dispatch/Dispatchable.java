package dev.morello.dispatch;

import java.util.List;

/**
 * A node that consumes path segments itself, as CherryPy's {@code _cp_dispatch}: when the object
 * dispatcher finds no member named for the next segment, it hands the node the remaining segments;
 * the node removes the ones it uses (from the front) and returns the node to continue from, or
 * null. Adding segments is an error.
 *
 * <pre>{@code
 * public class Albums implements Dispatchable {
 *     public Object dispatch(List<String> vpath) {
 *         Morello.request().params().put("album", vpath.remove(0));   // /albums/42/... → album=42
 *         return new Album();
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Dispatchable {
    Object dispatch(List<String> vpath);
}
