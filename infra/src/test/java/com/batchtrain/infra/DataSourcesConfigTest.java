package com.batchtrain.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing of the {@code dataSources} context key alone: no jsii. */
class DataSourcesConfigTest {

  private static List<DataSource> parse(Object value) {
    return InfraConfig.parse(Map.of(InfraConfig.DATA_SOURCES, value)::get, Map.of()).batch().dataSources();
  }

  @Test
  void defaultIsNoDataSources() {
    assertEquals(List.of(), InfraConfig.parse(Map.of()::get, Map.of()).batch().dataSources());
    assertEquals(List.of(), InfraConfig.parse(CdkJson.context()::get, Map.of()).batch().dataSources());
    assertEquals("dataSources", InfraConfig.DATA_SOURCES);
  }

  @Test
  void jsonListFromCdkJsonKeepsItsOrder() {
    List<DataSource> sources = parse(List.of("s3://shared-datasets/calcloud/", "s3://other.bucket-1/",
        "s3://shared-datasets/imagenet/train/"));
    assertEquals(List.of(new DataSource("shared-datasets", "calcloud/"), new DataSource("other.bucket-1", ""),
        new DataSource("shared-datasets", "imagenet/train/")), sources);
    assertEquals(List.of("s3://shared-datasets/calcloud/", "s3://other.bucket-1/",
        "s3://shared-datasets/imagenet/train/"), sources.stream().map(DataSource::uri).toList());
  }

  @Test
  void commaSeparatedFromTheCommandLineIsTrimmed() {
    assertEquals(List.of(new DataSource("a-bucket", "x/"), new DataSource("b.bucket", "year=2024/part-(1)/")),
        parse(" s3://a-bucket/x/ , s3://b.bucket/year=2024/part-(1)/"));
  }

  @Test
  void aWholeBucketIsItsEmptyPrefixWithOrWithoutTheSlash() {
    assertEquals(List.of(new DataSource("abc", "")), parse("s3://abc/"));
    assertEquals(List.of(new DataSource("abc", "")), parse("s3://abc"));
    assertEquals("s3://abc/", parse("s3://abc").get(0).uri());
    assertEquals("*", parse("s3://abc").get(0).objectPattern());
  }

  @Test
  void emptyListOrEmptyStringMeansNone() {
    assertEquals(List.of(), parse(List.of()));
    assertEquals(List.of(), parse(""));
    assertEquals(List.of(), parse("  "));
  }

  @Test
  void bucketNamesAtTheLengthLimitsAreAccepted() {
    assertEquals("abc", parse("s3://abc/d/").get(0).bucket());
    String longest = "a".repeat(63);
    assertEquals(longest, parse("s3://" + longest + "/").get(0).bucket());
  }

  @Test
  void theErrorDocumentedInInfrastructureMdIsTheRealOne() throws java.io.IOException {
    InvalidContextException e = assertThrows(InvalidContextException.class, () -> parse("s3://team-data/raw"));
    String docs = java.nio.file.Files.readString(CdkJson.repositoryRoot().resolve("docs/infrastructure.md"))
        .replaceAll("\\s+", " ");
    assertTrue(docs.contains("`Invalid CDK context: " + e.getMessage() + "`"), e.getMessage());
  }

  static Stream<Arguments> badEntries() {
    return Stream.of(
        // what, the value as given, the offending entry, words of what was expected
        Arguments.of("not S3", "https://bucket/x/", "https://bucket/x/", "s3://"),
        Arguments.of("file URI", "file:///data/x/", "file:///data/x/", "s3://"),
        Arguments.of("upper-case scheme", "S3://bucket/x/", "S3://bucket/x/", "s3://"),
        Arguments.of("upper-case bucket", "s3://Bucket/x/", "s3://Bucket/x/", "bucket name"),
        Arguments.of("bucket too short", "s3://ab/x/", "s3://ab/x/", "3 to 63"),
        Arguments.of("bucket too long", "s3://" + "a".repeat(64) + "/", "s3://" + "a".repeat(64) + "/", "3 to 63"),
        Arguments.of("bucket starts with '-'", "s3://-bucket/x/", "s3://-bucket/x/", "starting and ending"),
        Arguments.of("bucket ends with '.'", "s3://bucket./x/", "s3://bucket./x/", "starting and ending"),
        Arguments.of("bucket with '_'", "s3://my_bucket/x/", "s3://my_bucket/x/", "bucket name"),
        Arguments.of("bucket with '..'", "s3://my..bucket/", "s3://my..bucket/", "bucket name"),
        Arguments.of("bucket as IP address", "s3://192.168.1.10/", "s3://192.168.1.10/", "IP address"),
        Arguments.of("no bucket", "s3:///x/", "s3:///x/", "bucket name"),
        Arguments.of("prefix without trailing slash", "s3://bucket/datasets", "s3://bucket/datasets",
            "ends with '/'"),
        Arguments.of("'*' wildcard", "s3://bucket/data*/", "s3://bucket/data*/", "wildcards"),
        Arguments.of("'*' as the whole prefix", "s3://bucket/*", "s3://bucket/*", "wildcards"),
        Arguments.of("'?' wildcard", "s3://bucket/run?/", "s3://bucket/run?/", "wildcards"),
        Arguments.of("'*' in the bucket", "s3://buck*/", "s3://buck*/", "wildcards"),
        Arguments.of("empty folder name", "s3://bucket//x/", "s3://bucket//x/", "non-empty folder names"),
        Arguments.of("'..' folder", "s3://bucket/x/../y/", "s3://bucket/x/../y/", "'..'"),
        Arguments.of("IAM policy variable", "s3://bucket/${aws:username}/", "s3://bucket/${aws:username}/",
            "folder names"),
        Arguments.of("blank in a folder name", "s3://bucket/my data/", "s3://bucket/my data/", "folder names"),
        Arguments.of("duplicate", "s3://bucket/x/,s3://other-bucket/,s3://bucket/x/", "s3://bucket/x/",
            "each data source once"),
        Arguments.of("duplicate whole bucket", List.of("s3://bucket", "s3://bucket/"), "s3://bucket/",
            "each data source once"),
        Arguments.of("empty entry", "s3://bucket/x/,,s3://other-bucket/", "s3://bucket/x/,,s3://other-bucket/",
            "no empty entries"),
        Arguments.of("trailing comma", "s3://bucket/x/,", "s3://bucket/x/,", "no empty entries"),
        Arguments.of("JSON list with a number", List.of("s3://bucket/x/", 7), "7", "s3://bucket/prefix/"),
        Arguments.of("second entry bad", List.of("s3://bucket/x/", "s3://bucket/y"), "s3://bucket/y",
            "ends with '/'"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badEntries")
  void badEntryFailsNamingTheKeyTheEntryAndWhatWasExpected(String what, Object value, String entry,
      String expected) {
    InvalidContextException e = assertThrows(InvalidContextException.class, () -> parse(value));
    assertEquals(InfraConfig.DATA_SOURCES, e.field());
    assertTrue(e.getMessage().startsWith("dataSources: expected "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().endsWith("got '" + entry + "'") || e.getMessage().endsWith("got " + entry),
        e.getMessage());
  }
}
