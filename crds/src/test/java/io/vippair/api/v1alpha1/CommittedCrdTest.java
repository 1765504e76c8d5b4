package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed CRD is exactly what the types produce: a stale CRD is a bug users would ship. */
class CommittedCrdTest {

  @Test
  void committedCrdMatchesTheTypes() throws Exception {
    String expected = new CrdWriter().render();
    if (Boolean.getBoolean("vippair.crd.write")) {
      Files.writeString(CrdWriter.COMMITTED, expected);
      return;
    }
    String committed = Files.exists(CrdWriter.COMMITTED) ? Files.readString(CrdWriter.COMMITTED) : "";
    assertThat(committed)
        .as("crds/%s is stale: run ./mvnw -pl crds test -Dvippair.crd.write=true and commit the file", CrdWriter.COMMITTED)
        .isEqualTo(expected);
  }

  @Test
  void javadocIsFoldedIntoOneParagraphPerBlock() {
    assertThat(CrdWriter.clean(" The {@link Foo} id,\n   for example\n x.\n <p>Second.")).isEqualTo("The Foo id, for example x.\n\nSecond.");
  }
}
