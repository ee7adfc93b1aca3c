package com.batchtrain.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.EfsLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The GPU variant is never built here (its TensorFlow native jar is 526 MB): its Maven model is
 * checked instead, as Maven computes it: the effective POM of the gpu profile and its dependency
 * tree (which resolves POMs only, no jars).
 */
class ImageProfilesTest {
  private static final Path ROOT = Path.of(BuiltImage.property("batchtrain.root")).toAbsolutePath().normalize();
  private static Element gpuJib;
  private static Element gpuProject;
  private static List<String> gpuDependencies;

  @BeforeAll
  static void readGpuModel(@TempDir Path tmp) throws Exception {
    Path effective = tmp.resolve("effective-pom.xml");
    MavenBuild.run(ROOT.resolve("container"), "-q", "-P", "gpu", "help:effective-pom", "-Doutput=" + effective);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(effective.toFile());
    gpuProject = doc.getDocumentElement();
    gpuJib = plugin(gpuProject, "jib-maven-plugin");

    Path tree = tmp.resolve("tree.txt");
    MavenBuild.run(ROOT, "-q", "-pl", "container", "-am", "-P", "gpu", "dependency:tree",
        "-DoutputFile=" + tree, "-DappendOutput=false");
    // Each reactor module overwrites the file; container, last in the reactor, is what remains.
    gpuDependencies = Files.readAllLines(tree);
  }

  @Test
  void gpuImageStartsFromTheCudaCudnnRuntime() {
    String base = text(child(gpuJib, "configuration", "from", "image"));
    // CUDA 12 (TF 2.18's major), cuDNN, and Ubuntu 24.04 or later: the JRE bundle needs glibc 2.36.
    assertTrue(base.matches("nvidia/cuda:12\\.\\d+\\.\\d+-cudnn-runtime-ubuntu(2[4-9]|[3-9]\\d)\\.04"), base);
    assertEquals(EfsLayout.JOB_UID + ":" + EfsLayout.JOB_GID, text(child(gpuJib, "configuration", "container", "user")));
  }

  @Test
  void gpuImageAsksTheNvidiaRuntimeForComputeOnAllGpus() {
    Element env = child(gpuJib, "configuration", "container", "environment");
    assertEquals("all", text(child(env, "NVIDIA_VISIBLE_DEVICES")));
    assertEquals("compute,utility", text(child(env, "NVIDIA_DRIVER_CAPABILITIES")));
    assertEquals("gpu", text(child(env, "BATCHTRAIN_IMAGE_VARIANT")));
    assertEquals("/opt/java", text(child(env, "JAVA_HOME")));
    assertEquals("/opt/java/conf/fonts/fonts.conf", text(child(env, "FONTCONFIG_FILE")));
    assertTrue(text(child(env, "PATH")).startsWith("/opt/java/bin:"));
  }

  @Test
  void gpuImageAddsTheJlinkRuntimeAndKeepsTheEntryScriptAndItsContract() {
    List<String> into = new ArrayList<>();
    for (Element path : children(child(gpuJib, "configuration", "extraDirectories", "paths"), "path")) {
      List<Element> includes = children(path, "includes");
      into.add(text(child(path, "into")) + " <- " + (includes.isEmpty() ? "*" : text(includes.get(0))));
    }
    assertEquals(List.of("/opt/batchtrain <- entrypoint.sh,contract.sh", "/opt/java <- *"), into);
  }

  @Test
  void gpuImageCarriesOnlyTheGpuNatives() {
    List<String> natives = gpuDependencies.stream().filter(l -> l.contains("tensorflow-core-native")).toList();
    assertTrue(natives.stream().anyMatch(l -> l.contains("tensorflow-core-native:jar:linux-x86_64-gpu:1.1.0:compile")),
        natives.toString());
    assertFalse(natives.stream().anyMatch(l -> l.contains(":linux-x86_64:")), natives.toString());
    assertTrue(gpuDependencies.stream().anyMatch(l -> l.contains("com.batchtrain:job-runtime:jar")));
  }

  private static Element plugin(Element project, String artifactId) {
    for (Element p : children(child(project, "build", "plugins"), "plugin")) {
      if (artifactId.equals(text(child(p, "artifactId")))) {
        return p;
      }
    }
    throw new AssertionError("no plugin " + artifactId + " in the effective POM");
  }

  private static Element child(Element parent, String... path) {
    Element e = parent;
    for (String name : path) {
      List<Element> found = children(e, name);
      if (found.isEmpty()) {
        throw new AssertionError("no <" + name + "> under <" + e.getTagName() + ">");
      }
      e = found.get(0);
    }
    return e;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element e) {
    return e.getTextContent().trim();
  }
}
