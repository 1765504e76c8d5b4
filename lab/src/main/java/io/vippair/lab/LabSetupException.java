package io.vippair.lab;

/**
 * Something the user must fix before the lab can run (a flag, a missing tool, not root, an
 * unbuilt jar): the lab's command line ends with exit status 2 and this one-line message, as the
 * other programs do. Failures while a lab runs stay {@link LabException} (status 1).
 */
public final class LabSetupException extends LabException {
  public LabSetupException(String message) {
    super(message);
  }
}
