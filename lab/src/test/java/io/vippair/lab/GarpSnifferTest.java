package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** tcpdump's lines as tcpdump 4.99 prints them with -l -n -e -i any (recorded from keepalived 2.2.7's announcements). */
class GarpSnifferTest {

  @Test
  void aGratuitousArpIsAnAnnouncementWithItsMacAndLink() {
    String line = "00:04:03.982523 r-cvm-a B   ifindex 2 66:7E:ef:89:68:43 ethertype ARP (0x0806), length 48: "
        + "Request who-has 10.77.1.110 (ff:ff:ff:ff:ff:ff) tell 10.77.1.110, length 28";
    assertThat(GarpSniffer.parse(line)).contains(new GarpSniffer.Announcement("10.77.1.110", "66:7e:ef:89:68:43", "r-cvm-a"));
  }

  @Test
  void ordinaryArpIsNot() {
    assertThat(GarpSniffer.parse("00:04:03.982324 r-cvm-a B   ifindex 2 66:7e:ef:89:68:43 ethertype ARP (0x0806), length 48: "
        + "Request who-has 10.77.1.1 tell 10.77.1.11, length 28")).isEmpty();
    assertThat(GarpSniffer.parse("00:04:03.982344 r-cvm-a Out ifindex 2 d6:7c:9a:62:8e:6a ethertype ARP (0x0806), length 48: "
        + "Reply 10.77.1.11 is-at d6:7c:9a:62:8e:6a, length 28")).isEmpty();
    assertThat(GarpSniffer.parse("tcpdump: verbose output suppressed")).isEmpty();
  }
}
