package io.vippair.emulator;

/**
 * Told after a private IP's holder changes: a migration completed ({@code eniId} = destination), an
 * assignment completed ({@code eniId} = the ENI), or an unassignment completed ({@code eniId} = null).
 * Called on one emulator thread, in order, outside any lock; a slow listener delays later events,
 * never the API.
 */
@FunctionalInterface
public interface OwnershipListener {
    void ownershipChanged(String vpcId, String ip, String eniId);
}
