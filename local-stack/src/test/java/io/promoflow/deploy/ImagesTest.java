package io.promoflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Container images (GitHub issue 14 point 5): jib configured for every service (and the one-shot
 * kafka-setup) in the profile {@code images} only, so the default build neither runs jib nor needs
 * the plugin; base {@code eclipse-temurin:17-jre}, a non-root user, the service's port and main
 * class. The images are not built here (no registry, no base image pull): this parses the POMs.
 */
class ImagesTest {

  private static final String JIB = "jib-maven-plugin";

  @ParameterizedTest
  @CsvSource({
    "trigger-service, io.promoflow.trigger.TriggerApplication, 8081",
    "gate-service, io.promoflow.gate.GateApplication, 8082",
    "promotion-service, io.promoflow.promotion.PromotionApplication, 8083",
    "approval-service, io.promoflow.approval.ApprovalApplication, 8084",
    "rollback-service, io.promoflow.rollback.RollbackApplication, 8085",
    "notification-service, io.promoflow.notification.NotificationApplication, 8086"
  })
  void everyServiceHasItsImageInTheProfileOnly(String module, String mainClass, String port)
      throws Exception {
    Document pom = pom(module + "/pom.xml");
    assertThat(plugins(child(pom.getDocumentElement(), "build"))).doesNotContain(JIB);
    Element jib = jibOfProfile(pom);
    Element container = child(child(jib, "configuration"), "container");
    assertThat(text(child(container, "mainClass"))).isEqualTo(mainClass);
    assertThat(text(child(child(container, "ports"), "port"))).isEqualTo(port);
    // the port the service listens on (its own configuration file)
    assertThat(DeployFiles.text(module + "/src/main/resources/" + module + ".yml"))
        .contains("port: " + port);
    assertThat(main(module, mainClass)).exists();
  }

  @Test
  void kafkaSetupHasItsImageInTheProfileOnly() throws Exception {
    Document pom = pom("local-stack/pom.xml");
    assertThat(plugins(child(pom.getDocumentElement(), "build"))).doesNotContain(JIB);
    Element configuration = child(jibOfProfile(pom), "configuration");
    assertThat(text(child(child(configuration, "container"), "mainClass")))
        .isEqualTo("io.promoflow.localstack.BrokerSetup");
    assertThat(text(child(child(configuration, "to"), "image")))
        .endsWith("/kafka-setup:${project.version}");
  }

  @Test
  void theParentProfileSharesBaseImageUserAndVersion() throws Exception {
    Document pom = pom("pom.xml");
    Element root = pom.getDocumentElement();
    assertThat(plugins(child(root, "build"))).doesNotContain(JIB);
    assertThat(DeployFiles.text("pom.xml").indexOf(JIB))
        .as("jib appears only inside <profiles>")
        .isGreaterThan(DeployFiles.text("pom.xml").indexOf("<profiles>"));
    Element profile = profile(pom);
    Element jib = null;
    for (Element p :
        children(child(child(child(profile, "build"), "pluginManagement"), "plugins"), "plugin")) {
      if (JIB.equals(text(child(p, "artifactId")))) {
        jib = p;
      }
    }
    assertThat(jib).as("jib in the profile's pluginManagement").isNotNull();
    assertThat(text(child(jib, "groupId"))).isEqualTo("com.google.cloud.tools");
    assertThat(text(child(jib, "version"))).matches("\\d+\\.\\d+\\.\\d+");
    Element configuration = child(jib, "configuration");
    assertThat(text(child(child(configuration, "from"), "image")))
        .isEqualTo("eclipse-temurin:17-jre");
    assertThat(text(child(child(configuration, "to"), "image")))
        .isEqualTo("${image.prefix}/${project.artifactId}:${project.version}");
    String user = text(child(child(configuration, "container"), "user"));
    assertThat(user).isNotBlank().doesNotStartWith("0").doesNotStartWith("root");
    // built at package, by ./mvnw -Pimages package
    Element execution = child(child(jib, "executions"), "execution");
    assertThat(text(child(execution, "phase"))).isEqualTo("package");
    assertThat(text(child(child(execution, "goals"), "goal"))).isEqualTo("build");
  }

  private static Path main(String module, String mainClass) {
    return DeployFiles.ROOT.resolve(
        module + "/src/main/java/" + mainClass.replace('.', '/') + ".java");
  }

  private static Element jibOfProfile(Document pom) {
    Element profile = profile(pom);
    for (Element p : children(child(child(profile, "build"), "plugins"), "plugin")) {
      if (JIB.equals(text(child(p, "artifactId")))) {
        return p;
      }
    }
    throw new AssertionError("no jib-maven-plugin in profile images");
  }

  /** The profile {@code images}, never active by default. */
  private static Element profile(Document pom) {
    for (Element p : children(child(pom.getDocumentElement(), "profiles"), "profile")) {
      if ("images".equals(text(child(p, "id")))) {
        assertThat(child(p, "activation"))
            .as("profile images is activated with -Pimages only")
            .isNull();
        return p;
      }
    }
    throw new AssertionError("no profile images");
  }

  private static List<String> plugins(Element build) {
    List<String> ids = new ArrayList<>();
    if (build == null) {
      return ids;
    }
    for (String section : List.of("plugins", "pluginManagement")) {
      Element s = child(build, section);
      if (s != null && section.equals("pluginManagement")) {
        s = child(s, "plugins");
      }
      for (Element p : children(s, "plugin")) {
        ids.add(text(child(p, "artifactId")));
      }
    }
    return ids;
  }

  private static Document pom(String relative)
      throws ParserConfigurationException, SAXException, IOException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(DeployFiles.ROOT.resolve(relative).toFile());
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element e) {
    return e == null ? null : e.getTextContent().strip();
  }
}
