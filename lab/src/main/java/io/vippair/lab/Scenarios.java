package io.vippair.lab;

import java.util.List;

final class Scenarios {
  static final List<String> NAMES = List.of();
  static int runFromCommandLine(LabOptions o, String n) { return 0; }
}
