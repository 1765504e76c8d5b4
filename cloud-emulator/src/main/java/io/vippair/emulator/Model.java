package io.vippair.emulator;

import java.util.ArrayList;
import java.util.List;

/** The immutable values the emulator's state is made of; {@link VpcState} swaps them under its lock. */
final class Model {
    private Model() {}

    record Vpc(String id, String region, Ipv4.Cidr cidr) {}

    record Subnet(String id, String vpcId, Ipv4.Cidr cidr, String zone) {}

    /** States a private IP can show in PrivateIpAddressSet. */
    enum IpState { PENDING, MIGRATING, DELETING, AVAILABLE }

    record PrivateIp(String address, boolean primary, IpState state) {
        PrivateIp withState(IpState s) {
            return new PrivateIp(address, primary, s);
        }
    }

    record Eni(String id, String vpcId, String subnetId, String region, String zone, String instanceId,
               boolean primary, int deviceIndex, String macAddress, String name, String createdTime,
               List<PrivateIp> ips) {
        Eni {
            ips = List.copyOf(ips);
        }

        PrivateIp ip(String address) {
            for (PrivateIp ip : ips) {
                if (ip.address().equals(address)) {
                    return ip;
                }
            }
            return null;
        }

        Eni withIp(PrivateIp changed) {
            List<PrivateIp> copy = new ArrayList<>(ips.size() + 1);
            boolean replaced = false;
            for (PrivateIp ip : ips) {
                if (ip.address().equals(changed.address())) {
                    copy.add(changed);
                    replaced = true;
                } else {
                    copy.add(ip);
                }
            }
            if (!replaced) {
                copy.add(changed);
            }
            return withIps(copy);
        }

        Eni withoutIp(String address) {
            List<PrivateIp> copy = new ArrayList<>(ips);
            copy.removeIf(ip -> ip.address().equals(address));
            return withIps(copy);
        }

        private Eni withIps(List<PrivateIp> newIps) {
            return new Eni(id, vpcId, subnetId, region, zone, instanceId, primary, deviceIndex, macAddress, name,
                    createdTime, newIps);
        }
    }

    enum TaskStatus { RUNNING, SUCCESS, FAILED }

    /** What a task does when its delay has passed. */
    sealed interface Work permits Migrate, Assign, Unassign {}

    record Migrate(String source, String destination, String ip) implements Work {}

    record Assign(String eni, List<String> ips) implements Work {}

    record Unassign(String eni, List<String> ips) implements Work {}

    record Task(String id, String action, String region, Work work, TaskStatus status, String output) {
        Task finished(TaskStatus s, String out) {
            return new Task(id, action, region, work, s, out);
        }
    }

    /** "IP {@code ip} of VPC {@code vpcId} is now held by ENI {@code eniId}" (null: by nobody). */
    record OwnershipChange(String vpcId, String ip, String eniId) {}
}
