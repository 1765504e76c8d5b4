package io.vippair.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #CAPACITY} ownership changes with sequence numbers, for processes that cannot
 * register an {@link OwnershipListener} and long-poll GET /events on the admin API instead.
 */
final class OwnershipEvents implements OwnershipListener {
    static final int CAPACITY = 1000;

    record Event(long seq, String vpcId, String ip, String networkInterfaceId) {}

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long next = 1;

    @Override
    public synchronized void ownershipChanged(String vpcId, String ip, String eniId) {
        events.addLast(new Event(next++, vpcId, ip, eniId));
        if (events.size() > CAPACITY) {
            events.removeFirst();
        }
        notifyAll();
    }

    /** Events with seq > {@code after}, waiting up to {@code waitMillis} for the first one. */
    synchronized List<Event> after(long after, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (next - 1 <= after) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return List.of();
            }
            wait(left);
        }
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.seq() > after) {
                out.add(e);
            }
        }
        return out;
    }
}
