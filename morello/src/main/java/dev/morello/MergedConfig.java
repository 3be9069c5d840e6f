package dev.morello;

import dev.morello.config.GlobalConfig;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * A merged config, computed once per config path and shared by the requests on it, with the
 * per-request work it implies ({@link RequestPlan}) worked out once too.
 */
final class MergedConfig extends AbstractMap<String, Object> {
    private final Map<String, Object> values;
    private final long version;
    private final long appVersion;
    private final GlobalConfig site;
    private volatile RequestPlan plan;

    MergedConfig(Map<String, Object> values, GlobalConfig site, long version, long appVersion) {
        this.values = Collections.unmodifiableMap(values);
        this.site = site;
        this.version = version;
        this.appVersion = appVersion;
    }

    /** Whether it was merged from these versions of the site and application configs. */
    boolean current(long site, long app) {
        return version == site && appVersion == app;
    }

    /** The site config version it was merged from. */
    long version() {
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

    RequestPlan plan() {
        RequestPlan p = plan;
        if (p == null) {
            p = RequestPlan.of(this, site);
            plan = p;
        }
        return p;
    }
}
