package io.promoflow.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The command line that runs a main class of this module in a new JVM with this JVM's class path:
 * Surefire's test class path under a test, {@code java.class.path} from an IDE or {@code -cp}, and
 * Spring Boot's {@code PropertiesLauncher} with {@code -Dloader.main} when this JVM runs from the
 * executable jar ({@code java -jar local-stack-…-exec.jar}: its classes are nested jars that only
 * Spring Boot's loader reads). Public for {@code ./promoflow bench}, which runs the stack as a
 * child JVM the same way.
 */
public final class JavaLauncher {

  private static final String PROPERTIES_LAUNCHER =
      "org.springframework.boot.loader.launch.PropertiesLauncher";

  private JavaLauncher() {}

  /**
   * {@code java <jvmOptions> … <mainClass> <args>}.
   *
   * @param jvmOptions options before the main class, e.g. {@code -Xmx512m}, {@code -Dkey=value}
   */
  public static List<String> command(String mainClass, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    String surefire = System.getProperty("surefire.test.class.path");
    String classPath = surefire != null ? surefire : System.getProperty("java.class.path");
    command.add("-cp");
    command.add(classPath);
    if (surefire == null && bootJar(classPath)) {
      command.add("-Dloader.main=" + mainClass);
      command.add(PROPERTIES_LAUNCHER);
    } else {
      command.add(mainClass);
    }
    command.addAll(args);
    return command;
  }

  /** Whether {@code classPath} is one Spring Boot executable jar. */
  static boolean bootJar(String classPath) {
    if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
      return false;
    }
    try (JarFile jar = new JarFile(classPath)) {
      return jar.getManifest() != null
          && jar.getManifest().getMainAttributes().getValue("Spring-Boot-Classes") != null;
    } catch (IOException e) {
      // not readable as a jar: run it as a plain class path, the child reports what is missing
      return false;
    }
  }
}
