package io.vippair.emulator;

import io.vippair.emulator.Model.OwnershipChange;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers ownership changes to listeners on one thread, in order, through a bounded queue. */
final class OwnershipNotifier implements AutoCloseable {
    static final int QUEUE_CAPACITY = 10_000;
    private static final Logger log = LoggerFactory.getLogger(OwnershipNotifier.class);

    private final List<OwnershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                Thread t = new Thread(r, "emulator-ownership");
                t.setDaemon(true);
                return t;
            }, (r, ex) -> log.error("ownership listeners are {} events behind; dropping one (a listener is too slow)",
                    QUEUE_CAPACITY));

    void add(OwnershipListener listener) {
        listeners.add(listener);
    }

    void announce(List<OwnershipChange> changes) {
        if (changes.isEmpty() || listeners.isEmpty() || executor.isShutdown()) {
            return;
        }
        executor.execute(() -> {
            for (OwnershipChange c : changes) {
                for (OwnershipListener l : listeners) {
                    try {
                        l.ownershipChanged(c.vpcId(), c.ip(), c.eniId());
                    } catch (RuntimeException e) {
                        log.warn("ownership listener failed for {} in {}: {}", c.ip(), c.vpcId(), e.toString());
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
