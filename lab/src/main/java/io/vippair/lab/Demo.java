package io.vippair.lab;

final class Demo {
  static int run(LabOptions o, boolean keep) { return 0; }
}
