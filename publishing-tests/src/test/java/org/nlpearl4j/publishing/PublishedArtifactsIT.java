package org.nlpearl4j.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the reactor publishes, checked on the jars it built (this runs in integration-test, after
 * every published module is packaged): what a JPMS user, an IDE and Maven Central see.
 */
class PublishedArtifactsIT {
  /** The published artifacts, as passed by the pom (artifactId to its main jar). */
  private static final List<String> PUBLISHED = List.of("nlpearl4j-api-spec",
      "nlpearl4j-generated-client", "nlpearl4j", "nlpearl4j-sandbox", "nlpearl4j-cli",
      "nlpearl4j-kotlin", "nlpearl4j-outbox", "nlpearl4j-outbox-postgres", "nlpearl4j-micrometer",
      "nlpearl4j-android");
  private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

  private static final Map<String, Path> jars = new LinkedHashMap<>();
  private static Path root;

  @BeforeAll
  static void locate() {
    root = Paths.get(System.getProperty("nlpearl.root"));
    for (String artifactId : PUBLISHED) {
      String path = System.getProperty("nlpearl.jar." + artifactId);
      assertThat(path).as("path of %s (set by the pom)", artifactId).isNotBlank();
      Path jar = Paths.get(path);
      assertThat(jar).as("%s is a packaged jar (run verify, not test)", artifactId)
          .isRegularFile();
      assertThat(jar.getFileName().toString()).endsWith(".jar");
      jars.put(artifactId, jar);
    }
  }

  @Test
  void everyJarNamesItsOwnModule() throws IOException {
    Map<String, String> names = new TreeMap<>();
    List<Path> allJars = new ArrayList<>(jars.values());
    // The sandbox's attached standalone jar is published too, and must not claim the library's name.
    allJars.add(sibling(jars.get("nlpearl4j-sandbox"), "-standalone.jar"));
    for (Path jar : allJars) {
      String name = moduleName(jar);
      assertThat(name).as("Automatic-Module-Name of %s", jar.getFileName()).isNotNull();
      assertThat(MODULE_NAME.matcher(name).matches()).as("%s: %s is a module name", jar, name).isTrue();
      for (String part : name.split("\\.")) {
        assertThat(SourceVersion.isKeyword(part)).as("%s: %s is a Java keyword", jar, part).isFalse();
      }
      String previous = names.put(name, jar.getFileName().toString());
      assertThat(previous).as("%s is claimed by %s and %s", name, previous, jar.getFileName()).isNull();
    }
    assertThat(moduleName(jars.get("nlpearl4j"))).isEqualTo("org.nlpearl4j");
    assertThat(moduleName(jars.get("nlpearl4j-kotlin"))).isEqualTo("org.nlpearl4j.kotlin");
  }

  @Test
  void noPackageIsSplitBetweenTwoJars() throws IOException {
    Map<String, String> owner = new TreeMap<>();
    List<String> split = new ArrayList<>();
    for (Map.Entry<String, Path> jar : jars.entrySet()) {
      Set<String> packages = packages(jar.getValue());
      assertThat(packages).as("packages of %s", jar.getKey()).isNotEmpty();
      for (String pkg : packages) {
        String other = owner.putIfAbsent(pkg, jar.getKey());
        if (other != null) {
          split.add(pkg + " in " + other + " and " + jar.getKey());
        }
      }
    }
    assertThat(split).as("split packages").isEmpty();
  }

  @Test
  void everyJarHasItsSourcesAndJavadocJars() throws IOException {
    for (Map.Entry<String, Path> jar : jars.entrySet()) {
      Path sources = sibling(jar.getValue(), "-sources.jar");
      Path javadoc = sibling(jar.getValue(), "-javadoc.jar");
      String sourceSuffix = jar.getKey().equals("nlpearl4j-kotlin") ? ".kt" : ".java";
      try (JarFile file = new JarFile(sources.toFile())) {
        assertThat(file.stream().anyMatch(e -> e.getName().endsWith(sourceSuffix)))
            .as("%s holds %s files", sources.getFileName(), sourceSuffix).isTrue();
      }
      try (JarFile file = new JarFile(javadoc.toFile())) {
        assertThat(file.getEntry("index.html")).as("%s has index.html", javadoc.getFileName()).isNotNull();
        for (String pkg : packages(jar.getValue())) {
          if (!pkg.contains(".internal") || jar.getKey().equals("nlpearl4j-generated-client")) {
            assertThat(file.getEntry(pkg.replace('.', '/') + "/package-summary.html"))
                .as("%s documents %s", javadoc.getFileName(), pkg).isNotNull();
          }
        }
      }
    }
  }

  @Test
  void theBomPinsEveryPublishedModuleAndNothingElse() throws Exception {
    Set<String> published = new TreeSet<>();
    for (String module : texts(parse(root.resolve("pom.xml")), "modules", "module")) {
      Document pom = parse(root.resolve(module).resolve("pom.xml"));
      String artifactId = text(pom.getDocumentElement(), "artifactId");
      String packaging = text(pom.getDocumentElement(), "packaging");
      boolean skipped = "true".equals(text(child(pom.getDocumentElement(), "properties"),
          "nlpearl.publish.skip"));
      if (!skipped && !"pom".equals(packaging)) {
        published.add(artifactId);
      }
    }
    assertThat(published).as("published reactor modules").containsExactlyInAnyOrderElementsOf(PUBLISHED);

    Document bom = parse(root.resolve("bom/pom.xml"));
    Set<String> pinned = new TreeSet<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      assertThat(text(dependency, "groupId")).isEqualTo("org.nlpearl4j");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      pinned.add(text(dependency, "artifactId"));
    }
    assertThat(pinned).as("artifacts the BOM pins").isEqualTo(published);
    assertThat(child(bom.getDocumentElement(), "parent"))
        .as("the BOM has no parent, so no third-party pin leaks into its users' builds").isNull();
  }

  @Test
  void thePomsCarryWhatMavenCentralRequires() throws Exception {
    for (Path pom : List.of(root.resolve("pom.xml"), root.resolve("bom/pom.xml"))) {
      Element project = parse(pom).getDocumentElement();
      for (String required : List.of("name", "description", "url")) {
        assertThat(text(project, required)).as("%s in %s", required, pom).isNotBlank();
      }
      assertThat(texts(parse(pom), "licenses", "name")).as("licence in %s", pom).containsExactly("Apache-2.0");
      assertThat(text(child(project, "scm"), "url")).as("scm url in %s", pom).isNotBlank();
      assertThat(text(child(project, "scm"), "connection")).as("scm connection in %s", pom).startsWith("scm:git:");
      assertThat(child(project, "developers")).as("developers in %s", pom).isNotNull();
    }
    assertThat(Files.readString(root.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
  }

  private static Path sibling(Path jar, String suffix) {
    String name = jar.getFileName().toString();
    Path sibling = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + suffix);
    assertThat(sibling).as("beside %s", name).isRegularFile();
    return sibling;
  }

  private static String moduleName(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest() == null ? null
          : file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
    }
  }

  /** The packages holding classes, as the module system sees them (versioned entries included). */
  private static Set<String> packages(Path jar) throws IOException {
    Set<String> packages = new TreeSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith("META-INF/versions/")) {
          name = name.replaceFirst("^META-INF/versions/\\d+/", "");
        } else if (name.startsWith("META-INF/")) {
          continue;
        }
        int slash = name.lastIndexOf('/');
        if (name.endsWith(".class") && slash > 0 && !name.endsWith("module-info.class")) {
          packages.add(name.substring(0, slash).replace('/', '.'));
        }
      }
    }
    return packages;
  }

  private static Document parse(Path pom) throws Exception {
    try (InputStream in = Files.newInputStream(pom)) {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && node.getNodeName().equals(name)) {
        return (Element) node;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }

  private static List<String> texts(Document document, String list, String item) {
    List<String> values = new ArrayList<>();
    Element container = child(document.getDocumentElement(), list);
    if (container != null) {
      for (Node node = container.getFirstChild(); node != null; node = node.getNextSibling()) {
        if (node instanceof Element) {
          Element element = (Element) node;
          values.add(element.getNodeName().equals(item) ? element.getTextContent().trim()
              : text(element, item));
        }
      }
    }
    return values;
  }
}
