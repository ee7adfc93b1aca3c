package com.batchtrain.testsupport.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One entry of a layer tar as GNU tar lists it: mode string, owner, size, mtime, path. */
public record TarEntry(String mode, int uid, int gid, long size, String mtime, String path, String linkTarget) {
  // -rwxr-xr-x 0/0 3162 1970-01-01 00:00:01 opt/batchtrain/entrypoint.sh
  private static final Pattern LINE = Pattern.compile(
      "(\\S{10})\\s+(\\d+)/(\\d+)\\s+(\\d+)\\s+(\\S+ \\S+)\\s+(.+?)(?: -> (.+))?");

  public boolean isDirectory() {
    return mode.charAt(0) == 'd';
  }

  public boolean isRegularFile() {
    return mode.charAt(0) == '-';
  }

  public static List<TarEntry> list(Path tar) {
    try {
      String out = Commands.run(List.of("tar", "--warning=no-unknown-keyword", "--numeric-owner", "--full-time",
          "-tvf", tar.toString()));
      List<TarEntry> entries = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          throw new IllegalStateException("unexpected tar listing line: " + line);
        }
        String path = m.group(6);
        entries.add(new TarEntry(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
            Long.parseLong(m.group(4)), m.group(5), path.endsWith("/") ? path.substring(0, path.length() - 1) : path,
            m.group(7)));
      }
      return entries;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot list " + tar, e);
    }
  }
}
