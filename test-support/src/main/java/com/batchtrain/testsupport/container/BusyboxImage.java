package com.batchtrain.testsupport.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A one-layer image of the host's static busybox ({@code /bin/busybox}, Debian package
 * busybox-static) as a docker-save archive: a shell and the usual tools in a few megabytes, for
 * tests of how jobs are run rather than of what they run. No entrypoint: the job's command is the
 * whole argv, as with {@code docker run busybox sh -c ...}.
 */
public final class BusyboxImage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> APPLETS = List.of("sh", "sleep", "echo", "cat", "id", "env", "ls", "touch", "stat",
      "mkdir", "rm", "dd", "head", "tail", "grep", "printf", "test", "true", "false", "kill", "wc", "mount", "awk", "sed");

  private BusyboxImage() {}

  /** Builds the archive at {@code dir}/busybox.tar (once: an existing archive is reused) and returns its path. */
  public static Path build(Path dir, Path busybox) throws IOException, InterruptedException {
    return build(dir, busybox, Map.of());
  }

  /**
   * As {@link #build(Path, Path)}, with {@code files} (path in the image, text) added to the layer:
   * an image that can be told apart from the plain one.
   */
  public static Path build(Path dir, Path busybox, Map<String, String> files) throws IOException, InterruptedException {
    Path tar = dir.resolve("busybox.tar");
    if (Files.exists(tar)) {
      return tar;
    }
    Path root = Files.createDirectories(dir.resolve("layer-root"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(busybox, bin.resolve("busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    for (String d : List.of("proc", "sys", "dev", "etc", "root")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.createDirectories(root.resolve("tmp"));
    Commands.run(List.of("chmod", "1777", root.resolve("tmp").toString()));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\njob:x:1000:1000:job:/tmp:/bin/sh\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = root.resolve(f.getKey().replaceFirst("^/+", ""));
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
    }
    Path archive = Files.createDirectories(dir.resolve("archive"));
    Path layer = archive.resolve("layer.tar");
    Commands.run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "--sort=name", "-cf", layer.toString(),
        "-C", root.toString(), "."));
    String diffId = "sha256:" + sha256(layer);
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64").put("os", "linux").put("created", "1970-01-01T00:00:00Z");
    ObjectNode c = config.putObject("config");
    c.putArray("Env").add("PATH=/bin");
    c.put("WorkingDir", "/");
    c.put("User", "");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(diffId);
    config.putArray("history").addObject().put("created_by", "busybox").put("comment", "busybox");
    Files.writeString(archive.resolve("config.json"), JSON.writeValueAsString(config));
    ArrayNode manifest = JSON.createArrayNode();
    ObjectNode m = manifest.addObject();
    m.put("Config", "config.json");
    m.putArray("RepoTags").add("busybox:test");
    m.putArray("Layers").add("layer.tar");
    Files.writeString(archive.resolve("manifest.json"), JSON.writeValueAsString(manifest));
    Path partial = dir.resolve("busybox.tar.partial");
    Commands.run(List.of("tar", "-cf", partial.toString(), "-C", archive.toString(), "manifest.json", "config.json", "layer.tar"));
    Files.move(partial, tar);
    return tar;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      MessageDigest md = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
