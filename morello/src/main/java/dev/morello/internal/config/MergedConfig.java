package dev.morello.internal.config;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A merged config, computed once per config path and shared by the requests on it, with the
 * per-request work it implies (the request cycle's plan) worked out once too ({@link #derived}).
 */
public final class MergedConfig extends AbstractMap<String, Object> {
    private final Map<String, Object> values;
    private final long version;
    private final long appVersion;
    /** What the request cycle works out from this config, once: its plan. */
    private volatile Object derived;

    public MergedConfig(Map<String, Object> values, long version, long appVersion) {
        this.values = Collections.unmodifiableMap(values);
        this.version = version;
        this.appVersion = appVersion;
    }

    /** Whether it was merged from these versions of the site and application configs. */
    public boolean current(long site, long app) {
        return version == site && appVersion == app;
    }

    /** The site config version it was merged from. */
    public long version() {
        return version;
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    /**
     * What {@code make} works out from this config, made on first use and kept: the request
     * cycle's plan, one per config path. Two threads may both make it; either result is right.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Function<? super MergedConfig, T> make) {
        Object d = derived;
        if (d == null) {
            d = make.apply(this);
            derived = d;
        }
        return (T) d;
    }
}
