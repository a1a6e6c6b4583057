package io.microscaler.localcloud.query;

import io.vertx.core.Context;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs test code on the context that owns an emulation's state, and waits for its result. */
public final class OnContext {

    private OnContext() {
    }

    public static <T> T call(Context context, Callable<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void run(Context context, Runnable action) {
        call(context, () -> {
            action.run();
            return null;
        });
    }
}
