package io.vippair.api.v1alpha1;

/** The kind of cloud change in flight. */
public enum MigrationKind {
  Migrate,
  Assign,
  Unassign
}
