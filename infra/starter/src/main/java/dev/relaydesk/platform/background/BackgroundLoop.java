package dev.relaydesk.platform.background;

import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A reactive loop a service runs in the background for as long as its context runs (the outbox relay, inbox pruning):
 * started and stopped with the application, and restartable.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private volatile Disposable loop;

    /** The loop to run; it should recover from its own errors, since a failed loop stays stopped. */
    protected abstract Flux<?> loop();

    /** Whether this replica runs the loop at all. */
    protected boolean enabled() {
        return true;
    }

    @Override
    public synchronized void start() {
        if (enabled() && loop == null) {
            loop = loop().subscribe();
        }
    }

    @Override
    public synchronized void stop() {
        Disposable running = loop;
        loop = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
