package io.vippair.emulator;

/** Strict dotted-quad IPv4 parsing and CIDR blocks; nothing here touches the network. */
final class Ipv4 {
    private Ipv4() {}

    /** @return the address as an unsigned 32-bit value, or -1 when {@code s} is not a dotted quad */
    static long parse(String s) {
        if (s == null) {
            return -1;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return -1;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    static boolean valid(String s) {
        return parse(s) >= 0;
    }

    static String format(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }

    /** An IPv4 CIDR block such as 10.0.1.0/24. */
    record Cidr(long network, int prefix) {
        static Cidr parse(String field, String text) {
            String[] parts = text == null ? new String[0] : text.split("/", -1);
            long address = parts.length == 2 ? Ipv4.parse(parts[0]) : -1;
            int prefix = -1;
            if (parts.length == 2 && parts[1].matches("\\d{1,2}")) {
                prefix = Integer.parseInt(parts[1]);
            }
            if (address < 0 || prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException(field + ": `" + text + "` is not an IPv4 CIDR block; write it like 10.0.1.0/24");
            }
            long mask = mask(prefix);
            if ((address & mask) != address) {
                throw new IllegalArgumentException(field + ": `" + text + "` has host bits set; write the network address, e.g. "
                        + Ipv4.format(address & mask) + "/" + prefix);
            }
            return new Cidr(address, prefix);
        }

        private static long mask(int prefix) {
            return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        }

        boolean contains(String ip) {
            long a = Ipv4.parse(ip);
            return a >= 0 && (a & mask(prefix)) == network;
        }

        boolean contains(Cidr inner) {
            return inner.prefix >= prefix && (inner.network & mask(prefix)) == network;
        }

        long first() {
            return network;
        }

        long last() {
            return network | (~mask(prefix) & 0xFFFFFFFFL);
        }

        /**
         * Addresses a VM cannot take: Tencent keeps the network address, the first host (gateway)
         * and the broadcast address of each subnet.
         */
        boolean reserved(String ip) {
            long a = Ipv4.parse(ip);
            return a == first() || a == first() + 1 || a == last();
        }

        @Override
        public String toString() {
            return Ipv4.format(network) + "/" + prefix;
        }
    }
}
