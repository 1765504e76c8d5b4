package io.vippair.lab;

import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import com.tencentcloudapi.vpc.v20170312.models.MigratePrivateIpAddressRequest;
import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/**
 * A stand-in of the seed how-to's {@code vip.py}, as the old scripts run it: {@code migrate} from
 * the new master's notify script, with the account's key in a file on the VM, the same steps (wait
 * 0.5 s, is the VIP here already, am I still MASTER, MigratePrivateIpAddress from the peer's ENI to
 * mine, up to 4 tries 2 s apart) and the same log file; {@code query} prints true or false. It
 * talks to the cloud emulator with tencentcloud-sdk-java (vip.py used the Python SDK). Run by
 * {@link SeedScripts}' vip.py wrapper, in the CVM's network namespace.
 */
public final class SeedVip {
  private static final int TRIES = 4;

  private final Properties conf;
  private final Path log;
  private final VpcClient vpc;

  private SeedVip(Properties conf) {
    this.conf = conf;
    this.log = Path.of(conf.getProperty("logFile"));
    this.vpc = LabVpcClient.of(conf.getProperty("endpoint"), conf.getProperty("secretId"), conf.getProperty("secretKey"),
        conf.getProperty("region"));
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !(args[0].equals("migrate") || args[0].equals("query"))) {
      System.err.println("usage: vip.py migrate|query CONF");
      System.exit(2);
    }
    Properties conf = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[1]))) {
      conf.load(r);
    }
    SeedVip vip = new SeedVip(conf);
    if (args[0].equals("query")) {
      System.out.println(vip.query());
    } else {
      vip.migrate();
    }
  }

  private void migrate() {
    write("migrate: try set vip " + conf.getProperty("vip"));
    sleep(500);
    try {
      for (int i = 0; i < TRIES; i++) {
        if (query()) {
          write("vip already on " + conf.getProperty("thisEni"));
          break;
        }
        String state = Files.exists(stateFile()) ? Files.readString(stateFile()).strip() : "";
        if (!state.equals("MASTER")) {
          write("state is " + state + ", not MASTER: not migrating");
          break;
        }
        MigratePrivateIpAddressRequest req = new MigratePrivateIpAddressRequest();
        req.setSourceNetworkInterfaceId(conf.getProperty("thatEni"));
        req.setDestinationNetworkInterfaceId(conf.getProperty("thisEni"));
        req.setPrivateIpAddress(conf.getProperty("vip"));
        try {
          String requestId = vpc.MigratePrivateIpAddress(req).getRequestId();
          write("call MigratePrivateIpAddress ok " + requestId + ": set done");
          break;
        } catch (TencentCloudSDKException e) {
          write("call MigratePrivateIpAddress failed " + e.getErrorCode() + ": " + e.getMessage());
        }
        sleep(2000);
      }
    } catch (IOException | RuntimeException e) {
      write("exception: " + e);
    }
    write("vip.py checks vip: is this cvm holding the vip? " + query());
  }

  /** Whether the VIP is listed on this VM's ENI (as vip.py's queryVip, true when the query fails). */
  private boolean query() {
    DescribeNetworkInterfacesRequest req = new DescribeNetworkInterfacesRequest();
    req.setNetworkInterfaceIds(new String[] {conf.getProperty("thisEni")});
    try {
      for (NetworkInterface n : vpc.DescribeNetworkInterfaces(req).getNetworkInterfaceSet()) {
        for (PrivateIpAddressSpecification p : n.getPrivateIpAddressSet()) {
          if (conf.getProperty("vip").equals(p.getPrivateIpAddress())) {
            return true;
          }
        }
      }
      return false;
    } catch (TencentCloudSDKException e) {
      write("query failed " + e.getErrorCode() + ": " + e.getMessage());
      return true;
    }
  }

  private Path stateFile() {
    return Path.of(conf.getProperty("stateFile"));
  }

  private void write(String line) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("[yyyy-MM-dd HH:mm:ss.SSS]"));
    try {
      Files.writeString(log, stamp + "[pid" + ProcessHandle.current().pid() + "] " + line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println(line);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
