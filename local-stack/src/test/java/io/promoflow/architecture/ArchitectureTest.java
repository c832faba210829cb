package io.promoflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.web.bind.annotation.RestController;

/**
 * The layering rules of docs/architecture.md, checked over the compiled classes of every module
 * (issue 13 point 4). They live in local-stack because it is the one module with every service,
 * platform, schemas and (test scope) cli on its classpath, so one import sees the whole code base
 * and a rule is written once; a module that is not on this classpath is not checked (a new module
 * must be added to local-stack's dependencies).
 *
 * <p>Rules: (a) domain packages and the pure {@code io.promoflow.rules} module use no Spring, Kafka
 * or servlet type; (b) no package cycle, between the packages of a module nor between modules, in
 * the bytecode and in the sources ({@link SourceDependencies}: javac inlines constants, which hides
 * a dependency from the bytecode); (c) controllers ({@code ..api..} packages and
 * {@code @RestController}s) never touch Kafka Streams (stores, {@code KafkaStreams}): they read
 * state through a query class ({@code StoreQueries}, a service's own query service); (d) the CLI
 * depends on no service module; (e) every service has the same package shape (issue 13 point 2):
 * its classes live in the module's root package (application, settings) or in {@code api} (HTTP
 * routes and their request records), {@code domain} (pure rules), {@code flow} (Kafka in and out)
 * or {@code adapters} (outside systems), sub-packages allowed; a domain depends on none of the
 * other three, and {@code api} reaches an outside system only through {@code flow} or a {@code
 * domain} port, never an adapter.
 */
@AnalyzeClasses(
    packages = "io.promoflow",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /**
   * The service modules, by the name of their root package {@code io.promoflow.<name>}: the six
   * services and the console.
   */
  static final List<String> SERVICES =
      List.of("trigger", "gate", "promotion", "approval", "rollback", "notification", "console");

  /** The service modules' root packages. */
  static final List<String> SERVICE_PACKAGES =
      SERVICES.stream().map(s -> "io.promoflow." + s + "..").toList();

  /**
   * The packages a service's classes may live in below its root: one per role, sub-packages
   * allowed.
   */
  static final List<String> LAYERS = List.of("api", "domain", "flow", "adapters");

  /**
   * The {@code layer} package of every service, with its sub-packages: {@code
   * io.promoflow.<service>.<layer>..}.
   */
  static String[] layerOfEveryService(String layer) {
    return SERVICES.stream()
        .map(s -> "io.promoflow." + s + "." + layer + "..")
        .toArray(String[]::new);
  }

  /**
   * The packages of a module, one slice each: {@code io.promoflow.<module>.<package>}, the module's
   * root its own.
   */
  static final SliceAssignment PACKAGES_OF_MODULES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String slice = SourceDependencies.sliceOf(javaClass.getPackageName());
          return slice == null ? SliceIdentifier.ignore() : SliceIdentifier.of(slice);
        }

        @Override
        public String getDescription() {
          return "packages io.promoflow.<module>.<package>";
        }
      };

  @ArchTest
  static final ArchRule domainUsesNoFramework =
      noClasses()
          .that()
          .resideInAPackage("io.promoflow..domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "jakarta.servlet..")
          .because(
              "a domain is pure: decisions from values and an injected time, testable without a runtime");

  /**
   * The {@code rules} module is being created (issue 13 point 1): the rule holds as soon as its
   * package exists.
   */
  @ArchTest
  static final ArchRule rulesUseNoFramework =
      noClasses()
          .that()
          .resideInAPackage("io.promoflow.rules..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "jakarta.servlet..")
          .because("the rules module is pure and depends on schemas only")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule noCycleBetweenPackages =
      slices().assignedFrom(PACKAGES_OF_MODULES).should().beFreeOfCycles();

  @ArchTest
  static final ArchRule noCycleBetweenModules =
      slices().matching("io.promoflow.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule controllersDoNotTouchStores =
      noClasses()
          .that()
          .resideInAPackage("io.promoflow..api..")
          .or()
          .areAnnotatedWith(RestController.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.kafka.streams..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("org.springframework.kafka.config.StreamsBuilderFactoryBean")
          .because(
              "routes read state through a query class (StoreQueries or the service's own), which answers 503 while "
                  + "the stores start or rebalance");

  @ArchTest
  static final ArchRule servicesHaveOnePackageShape =
      classes()
          .that()
          .resideInAnyPackage(SERVICE_PACKAGES.toArray(String[]::new))
          .should()
          .haveNameMatching(
              "io\\.promoflow\\.("
                  + String.join("|", SERVICES)
                  + ")\\.(("
                  + String.join("|", LAYERS)
                  + ")\\.([a-z]\\w*\\.)*)?[^.]+")
          .because(
              "every service has the same shape: the root package (application, settings) and api, domain, flow, "
                  + "adapters (docs/architecture.md)");

  @ArchTest
  static final ArchRule domainsDependOnNoOtherLayer =
      noClasses()
          .that()
          .resideInAnyPackage(layerOfEveryService("domain"))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              Stream.of("api", "flow", "adapters")
                  .flatMap(l -> Stream.of(layerOfEveryService(l)))
                  .toArray(String[]::new))
          .because("a domain holds the rules the other layers call, never the other way round");

  @ArchTest
  static final ArchRule apiUsesNoAdapter =
      noClasses()
          .that()
          .resideInAnyPackage(layerOfEveryService("api"))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(layerOfEveryService("adapters"))
          .because(
              "HTTP routes reach an outside system through flow or a domain port, so an adapter can be replaced "
                  + "without touching them");

  @ArchTest
  static final ArchRule cliUsesNoService =
      noClasses()
          .that()
          .resideInAPackage("io.promoflow.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SERVICE_PACKAGES.toArray(String[]::new))
          .because(
              "the CLI talks to the services over HTTP and replays with the rules module, never a service's jar");

  @ArchTest
  static void noCycleBetweenPackagesInTheSources(JavaClasses ignored) throws IOException {
    SourceDependencies sources = SourceDependencies.read(java.nio.file.Path.of(".."));
    assertThat(sources.files())
        .as("Java sources found under ../*/src/main/java")
        .isGreaterThan(100);
    assertThat(sources.cycles(Set.of())).as("package cycles in the sources").isEmpty();
  }

  /** Test classes shipped as a test-jar (platform's testing helpers) are no production code. */
  static final class NoTestJars implements ImportOption {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.matches(TEST_JAR);
    }
  }
}
