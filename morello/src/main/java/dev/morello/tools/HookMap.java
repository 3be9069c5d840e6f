package dev.morello.tools;

import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.InternalRedirect;
import dev.morello.Request;
import dev.morello.internal.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The hooks of one request, by point. Hooks are kept sorted by priority (stable: equal priorities
 * run in the order attached).
 *
 * <pre>{@code
 * request.hooks().attach(HookPoint.BEFORE_FINALIZE, r -> r.response().headers().set("X-Frame-Options", "DENY"));
 * }</pre>
 */
public final class HookMap {
    private static final Log ERROR_LOG = Log.named("morello.error", "HTTP");
    private static final Comparator<Hook> BY_PRIORITY = Comparator.comparingInt(Hook::priority);

    private static final int POINTS = HookPoint.values().length;

    /** By point; made on the first attach. */
    private List<Hook>[] hooks;

    public HookMap attach(HookPoint point, HookCallback callback) {
        return attach(point, new Hook(callback));
    }

    public HookMap attach(HookPoint point, HookCallback callback, int priority, boolean failsafe) {
        return attach(point, new Hook(callback, failsafe, priority));
    }

    public HookMap attach(HookPoint point, Hook hook) {
        if (hooks == null) {
            @SuppressWarnings("unchecked")
            List<Hook>[] made = new List[POINTS];
            hooks = made;
        }
        List<Hook> list = hooks[point.ordinal()];
        if (list == null) {
            list = new ArrayList<>(2);
            hooks[point.ordinal()] = list;
        }
        list.add(hook);
        if (list.size() > 1) {
            list.sort(BY_PRIORITY);
        }
        return this;
    }

    /** The hooks at a point, in the order they run. */
    public List<Hook> at(HookPoint point) {
        List<Hook> list = hooks == null ? null : hooks[point.ordinal()];
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    public boolean isEmpty() {
        return hooks == null;
    }

    private static void logUnexpected(Exception e, Hook hook, HookPoint point, Request request) {
        if (!(e instanceof HttpError || e instanceof HttpRedirect || e instanceof InternalRedirect)) {
            ERROR_LOG.error("[{}] hook {} at {} failed", request.uniqueId(), hook.callback(), point.configName(), e);
        }
    }

    /**
     * Runs the hooks at a point. When one throws, the remaining failsafe hooks still run, then the
     * first failure is rethrown; an unexpected (non-HTTP) failure is logged first.
     */
    public void run(HookPoint point, Request request) throws Exception {
        List<Hook> list = hooks == null ? null : hooks[point.ordinal()];
        if (list == null) {
            return;
        }
        if (list.size() == 1) {
            Hook only = list.get(0);
            try {
                only.callback().run(request);
            } catch (Exception e) {
                logUnexpected(e, only, point, request);
                throw e;
            }
            return;
        }
        Exception failure = null;
        // a snapshot: a hook may attach further hooks at this point while it runs
        for (Hook hook : list.toArray(new Hook[0])) {
            if (failure != null && !hook.failsafe()) {
                continue;
            }
            try {
                hook.callback().run(request);
            } catch (Exception e) {
                logUnexpected(e, hook, point, request);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
