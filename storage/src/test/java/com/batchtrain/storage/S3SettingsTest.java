package com.batchtrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void defaultsAreTheSdksForRealS3() {
    S3Settings settings = S3Settings.fromEnvironment(Map.of());

    assertEquals(Optional.empty(), settings.endpoint());
    assertFalse(settings.pathStyle());
    assertEquals(Optional.empty(), settings.region());
    assertEquals(S3Settings.Checksums.WHEN_SUPPORTED, settings.checksums());
    assertEquals(S3Settings.defaults(), settings);
  }

  @Test
  void readsTheContractVariables() {
    S3Settings settings = S3Settings.fromEnvironment(Map.of(
        "BT_S3_ENDPOINT", "http://127.0.0.1:9000",
        "BT_S3_CHECKSUMS", "WHEN_REQUIRED",
        "AWS_REGION", "eu-west-1"));

    assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), settings.endpoint());
    assertTrue(settings.pathStyle());
    assertEquals(Optional.of("eu-west-1"), settings.region());
    assertEquals(S3Settings.Checksums.WHEN_REQUIRED, settings.checksums());
  }

  @Test
  void blankVariablesKeepTheDefaults() {
    assertEquals(S3Settings.defaults(),
        S3Settings.fromEnvironment(Map.of("BT_S3_ENDPOINT", " ", "BT_S3_CHECKSUMS", "", "AWS_REGION", "")));
  }

  @Test
  void malformedValuesNameTheVariable() {
    assertEquals("BT_S3_ENDPOINT", assertThrows(InvalidValueException.class,
        () -> S3Settings.fromEnvironment(Map.of("BT_S3_ENDPOINT", "localhost:9000"))).field());
    assertEquals("BT_S3_ENDPOINT", assertThrows(InvalidValueException.class,
        () -> S3Settings.fromEnvironment(Map.of("BT_S3_ENDPOINT", "http://bad host"))).field());
    InvalidValueException checksums = assertThrows(InvalidValueException.class,
        () -> S3Settings.fromEnvironment(Map.of("BT_S3_CHECKSUMS", "always")));
    assertEquals("BT_S3_CHECKSUMS", checksums.field());
    assertTrue(checksums.getMessage().contains("when_supported or when_required"), checksums.getMessage());
    assertEquals("AWS_REGION", assertThrows(InvalidValueException.class,
        () -> S3Settings.fromEnvironment(Map.of("AWS_REGION", "moon"))).field());
  }

  @Test
  void rejectsPartsBelowTheS3Minimum() {
    assertThrows(InvalidValueException.class, () -> S3Settings.defaults().withPartSizeBytes(1024));
  }
}
