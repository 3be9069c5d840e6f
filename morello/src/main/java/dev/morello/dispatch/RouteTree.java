package dev.morello.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The routes as a tree of path segments, so that finding a request's route costs what the path's
 * depth costs, not what the number of routes does.
 *
 * <p>Each node keeps its literal children in a hash map keyed by segment text, its variable
 * children (one per distinct requirement) in a short list tried after the literal one, and the
 * routes that end there: exactly, with a trailing slash, with a rest variable taking whatever
 * follows, or with a tail (a requirement that may span segments, and what follows it) matched as
 * one regex against the rest of the path. Several routes may match one path (a literal and a variable both fit a segment); the
 * one connected first wins. Every node knows the lowest connect order below it, so the search
 * skips a branch that cannot beat the best route found so far; the literal branch, tried first,
 * usually holds it.
 *
 * <p>Immutable once built; {@link RoutesDispatcher} builds a new one when routes are added.
 */
final class RouteTree {
    /**
     * A route ending at a node, having used {@code depth} segments of the path; for a route's
     * tail, the rest of the path is then matched by the tail's regex.
     */
    private record Terminal(Route route, int depth) {
    }

    private record Edge(RoutePattern.Segment segment, Node child) {
    }

    private static final Terminal[] NO_TERMINALS = {};
    private static final Edge[] NO_EDGES = {};

    private static final class Node {
        Map<String, Node> literals = Map.of();
        Edge[] variables = NO_EDGES;
        Terminal[] ends = NO_TERMINALS;
        Terminal[] slashEnds = NO_TERMINALS;
        Terminal[] rests = NO_TERMINALS;
        /** Routes whose {@link RoutePattern.Tail} starts here. */
        Terminal[] tails = NO_TERMINALS;
        int minOrder = Integer.MAX_VALUE;

        /** While building: variable edges by key. */
        Map<String, Edge> pending;
        List<Terminal> pendingEnds;
        List<Terminal> pendingSlashEnds;
        List<Terminal> pendingRests;
        List<Terminal> pendingTails;
    }

    /** A request path cut into segments; {@code %2F} stays encoded inside them. */
    static final class Path {
        final String text;
        final String[] segs;
        final int[] starts;
        final boolean trailingSlash;

        private Path(String text, String[] segs, int[] starts, boolean trailingSlash) {
            this.text = text;
            this.segs = segs;
            this.starts = starts;
            this.trailingSlash = trailingSlash;
        }

        static Path of(String path) {
            int from = path.startsWith("/") ? 1 : 0;
            int end = path.length();
            if (end <= from) {
                return new Path(path, new String[0], new int[0], false);
            }
            boolean slash = path.charAt(end - 1) == '/';
            if (slash) {
                end--;
            }
            int count = 1;
            for (int i = from; i < end; i++) {
                if (path.charAt(i) == '/') {
                    count++;
                }
            }
            String[] segs = new String[count];
            int[] starts = new int[count];
            int k = 0;
            int start = from;
            for (int i = from; i <= end; i++) {
                if (i == end || path.charAt(i) == '/') {
                    segs[k] = path.substring(start, i);
                    starts[k++] = start;
                    start = i + 1;
                }
            }
            return new Path(path, segs, starts, slash);
        }

        /** The path from segment {@code depth} on, as it came. */
        String restFrom(int depth) {
            return depth >= segs.length ? "" : text.substring(starts[depth]);
        }
    }

    /** The route found and the values it captured from the path. */
    record Hit(Route route, Map<String, String> captured) {
    }

    private final Node root = new Node();

    RouteTree(List<Route> routes) {
        for (Route r : routes) {
            add(r);
        }
        freeze(root);
    }

    private void add(Route route) {
        RoutePattern p = route.pattern();
        List<RoutePattern.Segment> segments = p.segments();
        Node node = root;
        RoutePattern.Tail tail = p.tail();
        for (int i = 0; i <= segments.size(); i++) {
            if (tail != null && i == tail.from()) {
                // a tail left off whole takes its defaults, unless it matches the empty rest itself
                // ({path:.*}), which it then does first, as Routes would
                if (i >= p.optionalFrom() && !tail.regex().matcher("").matches()) {
                    end(node, route, i);
                }
                node.pendingTails = append(node.pendingTails, new Terminal(route, i));
                break;
            }
            if (i == segments.size()) {
                if (p.rest() != null) {
                    node.pendingRests = append(node.pendingRests, new Terminal(route, i));
                } else {
                    end(node, route, i);
                }
                break;
            }
            if (i >= p.optionalFrom()) {
                // minimization: the route also ends here, its remaining variables defaulted
                end(node, route, i);
            }
            RoutePattern.Segment s = segments.get(i);
            if (s instanceof RoutePattern.Literal l) {
                if (node.literals.isEmpty()) {
                    node.literals = new HashMap<>();
                }
                node = node.literals.computeIfAbsent(l.text(), k -> new Node());
            } else {
                if (node.pending == null) {
                    node.pending = new LinkedHashMap<>();
                }
                node = node.pending.computeIfAbsent(RoutePattern.key(s), k -> new Edge(s, new Node())).child();
            }
        }
    }

    private static void end(Node node, Route route, int depth) {
        Terminal t = new Terminal(route, depth);
        if (route.pattern().trailingSlash()) {
            node.pendingSlashEnds = append(node.pendingSlashEnds, t);
        } else {
            node.pendingEnds = append(node.pendingEnds, t);
        }
    }

    private static List<Terminal> append(List<Terminal> list, Terminal t) {
        List<Terminal> out = list == null ? new ArrayList<>(1) : list;
        out.add(t);
        return out;
    }

    /** Turns the building lists into arrays and works out each subtree's lowest connect order. */
    private static int freeze(Node node) {
        // routes were added in connect order, so each list is already sorted by it
        node.ends = node.pendingEnds == null ? NO_TERMINALS : node.pendingEnds.toArray(NO_TERMINALS);
        node.slashEnds = node.pendingSlashEnds == null ? NO_TERMINALS : node.pendingSlashEnds.toArray(NO_TERMINALS);
        node.rests = node.pendingRests == null ? NO_TERMINALS : node.pendingRests.toArray(NO_TERMINALS);
        node.tails = node.pendingTails == null ? NO_TERMINALS : node.pendingTails.toArray(NO_TERMINALS);
        node.variables = node.pending == null ? NO_EDGES : node.pending.values().toArray(NO_EDGES);
        node.pending = null;
        node.pendingEnds = node.pendingSlashEnds = node.pendingRests = node.pendingTails = null;
        int min = Integer.MAX_VALUE;
        for (Terminal[] ts : List.of(node.ends, node.slashEnds, node.rests, node.tails)) {
            if (ts.length > 0) {
                min = Math.min(min, ts[0].route.order());
            }
        }
        for (Node child : node.literals.values()) {
            min = Math.min(min, freeze(child));
        }
        for (Edge e : node.variables) {
            min = Math.min(min, freeze(e.child));
        }
        node.minOrder = min;
        return min;
    }

    /**
     * The first-connected route that matches the path and allows the method (null: any method),
     * with its captured values; or null.
     */
    Hit find(Path path, String method) {
        Search s = new Search(path, method, null);
        s.walk(root, 0);
        if (s.best == null) {
            return null;
        }
        Route r = s.best.route;
        Map<String, String> captured = new LinkedHashMap<>();
        r.pattern().capture(path.segs, s.best.depth, r.pattern().rest() == null ? null : path.restFrom(s.best.depth),
                s.bestTail, captured);
        return new Hit(r, captured);
    }

    /**
     * The methods of every route whose path matches, for a 405's {@code Allow}; empty when none
     * does. Called after {@link #find} found nothing, so every such route has a method condition.
     */
    void methodsFor(Path path, Set<String> out) {
        new Search(path, null, out).walk(root, 0);
    }

    /** One walk down the tree; with a collector it visits every match rather than the best one. */
    private static final class Search {
        final Path path;
        final String method;
        final Set<String> methods;
        Terminal best;
        /** The tail's match when the best route ended in its tail, else null. */
        Matcher bestTail;
        int bestOrder = Integer.MAX_VALUE;

        Search(Path path, String method, Set<String> methods) {
            this.path = path;
            this.method = method;
            this.methods = methods;
        }

        void walk(Node node, int depth) {
            if (methods == null && node.minOrder >= bestOrder) {
                return;
            }
            String[] segs = path.segs;
            if (depth == segs.length) {
                consider(node.ends);
                if (path.trailingSlash) {
                    consider(node.slashEnds);
                }
            } else {
                String seg = segs[depth];
                Node next = node.literals.get(seg);
                if (next != null) {
                    walk(next, depth + 1);
                }
                for (Edge e : node.variables) {
                    if ((methods != null || e.child.minOrder < bestOrder) && RoutePattern.matches(e.segment, seg)) {
                        walk(e.child, depth + 1);
                    }
                }
            }
            if (node.rests.length > 0) {
                String rest = null;
                for (Terminal t : node.rests) {
                    if (methods == null && t.route.order() >= bestOrder) {
                        break;
                    }
                    if (rest == null) {
                        rest = RoutePattern.decodeSlashes(path.restFrom(depth));
                    }
                    if (t.route.pattern().restMatches(rest)) {
                        take(t, null);
                    }
                }
            }
            for (Terminal t : node.tails) {
                if (methods == null && t.route.order() >= bestOrder) {
                    break;
                }
                Matcher m = t.route.pattern().tailMatch(path, depth);
                if (m != null) {
                    take(t, m);
                }
            }
        }

        private void consider(Terminal[] terminals) {
            for (Terminal t : terminals) {
                if (methods == null && t.route.order() >= bestOrder) {
                    return;
                }
                take(t, null);
            }
        }

        private void take(Terminal t, Matcher tailMatch) {
            Route r = t.route;
            if (methods != null) {
                if (r.methods() != null) {
                    methods.addAll(r.methods());
                }
            } else if (r.allows(method)) {
                best = t;
                bestTail = tailMatch;
                bestOrder = r.order();
            }
        }
    }
}
