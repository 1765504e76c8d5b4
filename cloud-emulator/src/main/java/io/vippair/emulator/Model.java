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
    sealed interface Work permits Migrate, Assign, Unassign, HaVipWork {}

    record Migrate(String source, String destination, String ip) implements Work {}

    record Assign(String eni, List<String> ips) implements Work {}

    record Unassign(String eni, List<String> ips) implements Work {}

    /** An HAVIP task: the EIP association or disassociation, or the deletion; see {@link HaVips}. */
    record HaVipWork(String haVipId, String addressIp, HaVipChange change) implements Work {}

    enum HaVipChange { ASSOCIATE_EIP, DISASSOCIATE_EIP, DELETE }

    /** One entry of an HAVIP's drift scope: an ENI or a CVM allowed to claim it. */
    record Association(String instanceId, String instanceType) {}

    /**
     * An HAVIP. {@code eniId}/{@code instanceId} are where it is bound now (null: UNBIND), learned
     * from gratuitous ARP; {@code associations} is the drift scope (empty: any ENI of the subnet).
     */
    record HaVip(String id, String name, String vip, String vpcId, String subnetId, String region,
                 String eniId, String instanceId, String addressIp, String createdTime, String flushedTime,
                 List<Association> associations, boolean checkAssociate) {
        HaVip {
            associations = List.copyOf(associations);
        }

        HaVip boundTo(String eni, String instance, String flushed) {
            return new HaVip(id, name, vip, vpcId, subnetId, region, eni, instance, addressIp, createdTime, flushed,
                    associations, checkAssociate);
        }

        HaVip withAddress(String ip) {
            return new HaVip(id, name, vip, vpcId, subnetId, region, eniId, instanceId, ip, createdTime, flushedTime,
                    associations, checkAssociate);
        }

        HaVip withAssociations(List<Association> set) {
            return new HaVip(id, name, vip, vpcId, subnetId, region, eniId, instanceId, addressIp, createdTime,
                    flushedTime, set, !set.isEmpty() || checkAssociate);
        }

        /** Whether an ENI (of instance {@code instance}, may be null) lies inside the drift scope. */
        boolean allows(String eni, String instance) {
            if (associations.isEmpty()) {
                return true;
            }
            for (Association a : associations) {
                if (a.instanceId().equals(eni) || instance != null && a.instanceId().equals(instance)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An elastic public IP; {@code status} UNBIND, BINDING, BIND, UNBINDING; {@code haVipId} when bound to one. */
    record Eip(String id, String ip, String region, String status, String haVipId, String createdTime) {
        Eip with(String newStatus, String havip) {
            return new Eip(id, ip, region, newStatus, havip, createdTime);
        }
    }

    record Task(String id, String action, String region, Work work, TaskStatus status, String output) {
        Task finished(TaskStatus s, String out) {
            return new Task(id, action, region, work, s, out);
        }
    }

    /** "IP {@code ip} of VPC {@code vpcId} is now held by ENI {@code eniId}" (null: by nobody). */
    record OwnershipChange(String vpcId, String ip, String eniId) {}
}
