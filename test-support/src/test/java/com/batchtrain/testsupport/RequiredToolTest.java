package com.batchtrain.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {
  private static final RequiredTool MISSING =
      new RequiredTool(Path.of("/nonexistent/bin/batchtrain-tool"), "Debian package batchtrain-tool");

  @Test
  void aPresentToolIsReturned() {
    RequiredTool sh = new RequiredTool(Path.of("/bin/sh"), "Debian package dash");
    assertEquals(Path.of("/bin/sh"), sh.require(true));
    assertEquals(Path.of("/bin/sh"), sh.require(false));
  }

  @Test
  void aMissingToolSkipsOutsideCiAndNamesThePackage() {
    TestAbortedException e = assertThrows(TestAbortedException.class, () -> MISSING.require(false));
    assertTrue(e.getMessage().contains("install Debian package batchtrain-tool"), e.getMessage());
  }

  @Test
  void aMissingToolFailsUnderCi() {
    AssertionError e = assertThrows(AssertionError.class, () -> MISSING.require(true));
    assertTrue(e.getMessage().startsWith("CI=true and /nonexistent/bin/batchtrain-tool is missing: install Debian package batchtrain-tool"),
        e.getMessage());
  }

  @Test
  void toolsOnPathAreFound() {
    assertEquals(Path.of("/bin/sh").toFile().exists(), RequiredTool.onPath("sh", "dash").present());
    assertTrue(!RequiredTool.onPath("batchtrain-no-such-tool", "nothing").present());
  }
}
