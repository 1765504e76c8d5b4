package io.vippair.lab;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The "service" a pair's TCP health check looks at, run inside a CVM namespace: it accepts and
 * closes connections on a port. Stopping this process is the lab's way to fail a health check.
 */
public final class TcpService {
  private TcpService() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: TcpService PORT");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    try (ServerSocket server = new ServerSocket(port)) {
      System.out.println("listening on port " + port);
      while (true) {
        try (Socket s = server.accept()) {
          s.getOutputStream().flush();
        }
      }
    }
  }
}
