package dev.morello.tools.std.body;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.BaseStream;

/**
 * Nested chunks walked as one flat sequence, lazily (depth first, without recursion): an element
 * that is itself an {@code Iterable}, {@code Iterator}, {@code Stream} or {@code Object[]} is
 * opened where it stands. Text, {@code byte[]} and anything else are leaves; so is a
 * {@code Path}, though Java makes it an {@code Iterable} of its names. A nested stream (or other
 * {@code AutoCloseable}) is closed once walked, or when the whole is closed.
 */
final class BodyFlattener implements Iterator<Object>, AutoCloseable {
    private static final int MAX_DEPTH = 1000;
    private final Deque<Iterator<?>> open = new ArrayDeque<>();
    private final Deque<Object> closeables = new ArrayDeque<>();
    private Object next;
    private boolean ready;

    /** Walks the chunks, nested ones too; closing it closes {@code body}, what they come from. */
    BodyFlattener(Iterator<?> chunks, AutoCloseable body) {
        open.push(chunks);
        closeables.push(body);
    }

    /** Whether a value holds chunks to walk rather than being one. */
    static boolean nested(Object o) {
        if (o instanceof Path || o instanceof CharSequence || o instanceof byte[] || o instanceof InputStream) {
            return false;
        }
        return o instanceof Iterable || o instanceof Iterator || o instanceof BaseStream || o instanceof Object[];
    }

    private void push(Object o) {
        if (open.size() >= MAX_DEPTH) {
            throw new IllegalStateException("body chunks nested deeper than " + MAX_DEPTH + " (a cycle?)");
        }
        Iterator<?> it;
        if (o instanceof Object[] a) {
            it = Arrays.asList(a).iterator();
        } else if (o instanceof Iterable<?> i) {
            it = i.iterator();
        } else if (o instanceof BaseStream<?, ?> s) {
            it = s.iterator();
        } else {
            it = (Iterator<?>) o;
        }
        open.push(it);
        closeables.push(o instanceof AutoCloseable ? o : this);
    }

    @Override
    public boolean hasNext() {
        while (!ready) {
            Iterator<?> top = open.peek();
            if (top == null) {
                return false;
            }
            if (!top.hasNext()) {
                open.pop();
                closeOne(closeables.pop());
                continue;
            }
            Object o = top.next();
            if (nested(o)) {
                push(o);
            } else {
                next = o;
                ready = true;
            }
        }
        return true;
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ready = false;
        Object o = next;
        next = null;
        return o;
    }

    private void closeOne(Object o) {
        if (o != this && o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a nested body chunk failed", e);
            }
        }
    }

    @Override
    public void close() {
        open.clear();
        RuntimeException first = null;
        while (!closeables.isEmpty()) {
            try {
                closeOne(closeables.pop());
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
