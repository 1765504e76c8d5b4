package io.vippair.lab;

/** Something the lab could not do; the message says what and, where there is one, the fix. */
public class LabException extends RuntimeException {
  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
