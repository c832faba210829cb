package io.promoflow.rules.release;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The release gates of one release promotion (GitHub issue 18 point 1; reference
 * release-management-guide.md "Release validation": service versions and compatibility), decided
 * from the release's components and the platform stage view ({@link ApplicationStages}), with the
 * inputs of each decision recorded so an audit replay decides again without the platform's state.
 *
 * <ul>
 *   <li>{@value #SERVICE_VERSIONS}: every component is the version and digest recorded at build
 *       time (copied into the release when it was created, immutable) and, unless the release
 *       enters the first stage, that version with that same digest passed verification in the
 *       source stage. Not verified there yet, or inconclusive: the promotion waits; verified with
 *       another digest, or its verification failed: FAILED.
 *   <li>{@value #COMPATIBILITY}: each component's {@code requires} (application → SemVer range) is
 *       satisfied by the version of that application in the release, else by the version running in
 *       the target stage ({@link Compatibility}); a required application in neither, an unreadable
 *       version or range: FAILED (fail closed).
 * </ul>
 */
public final class ReleaseGates {

  /** Gate name: every component verified in the source stage with its recorded digest. */
  public static final String SERVICE_VERSIONS = "service-versions";

  /** Gate name: every component's requirements satisfied. */
  public static final String COMPATIBILITY = "compatibility";

  private ReleaseGates() {}

  /** One gate's result with the inputs it was decided on. */
  public record Result(String gate, boolean passed, String reason, Map<String, String> inputs) {
    public Result {
      inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
  }

  /** What the gates decide now. */
  public enum Decision {
    PASSED,
    FAILED,
    /** No gate failed, but a component's verification in the source stage is still missing. */
    WAITING
  }

  /**
   * An evaluation.
   *
   * @param reasons why it failed, one per failing component or requirement
   * @param waiting what it waits for, one per component
   */
  public record Evaluation(
      Decision decision, List<Result> results, List<String> reasons, List<String> waiting) {
    public Evaluation {
      results = List.copyOf(results);
      reasons = List.copyOf(reasons);
      waiting = List.copyOf(waiting);
    }
  }

  /**
   * Evaluates both gates.
   *
   * @param sourceStage the stage the release comes from; null when it enters the first stage
   * @param platform the stage view of an application, empty when nothing is known of it
   */
  public static Evaluation evaluate(
      List<ReleaseState.Component> components,
      String sourceStage,
      String targetStage,
      Function<String, Optional<ApplicationStages>> platform) {
    List<String> reasons = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    Result versions = serviceVersions(components, sourceStage, platform, reasons, waiting);
    Result compatible = compatibility(components, targetStage, platform, reasons);
    Decision d =
        !reasons.isEmpty()
            ? Decision.FAILED
            : waiting.isEmpty() ? Decision.PASSED : Decision.WAITING;
    if (components.isEmpty()) {
      // a release of nothing is never promoted (fail closed)
      reasons.add("the release has no components");
      d = Decision.FAILED;
    }
    return new Evaluation(d, List.of(versions, compatible), reasons, waiting);
  }

  /**
   * The evaluation once the facts timeout passed: every component still waited for fails with "not
   * verified in {@code sourceStage} within {@code timeout}".
   */
  public static Evaluation timedOut(Evaluation e, String sourceStage, Duration timeout) {
    if (e.decision() != Decision.WAITING) {
      return e;
    }
    List<String> reasons = new ArrayList<>();
    for (String w : e.waiting()) {
      reasons.add(w + ": not verified in " + sourceStage + " within " + timeout);
    }
    List<Result> results = new ArrayList<>();
    for (Result r : e.results()) {
      results.add(
          r.gate().equals(SERVICE_VERSIONS)
              ? new Result(r.gate(), false, String.join("; ", reasons), r.inputs())
              : r);
    }
    return new Evaluation(Decision.FAILED, results, reasons, List.of());
  }

  private static Result serviceVersions(
      List<ReleaseState.Component> components,
      String source,
      Function<String, Optional<ApplicationStages>> platform,
      List<String> reasons,
      List<String> waiting) {
    Map<String, String> inputs = new TreeMap<>();
    List<String> failed = new ArrayList<>();
    List<String> waits = new ArrayList<>();
    for (ReleaseState.Component c : components) {
      String app = c.application();
      inputs.put(app + ".version", String.valueOf(c.version()));
      inputs.put(app + ".digest", String.valueOf(c.digest()));
      if (blank(c.version()) || blank(c.digest())) {
        failed.add(app + ": no recorded version and digest");
        continue;
      }
      if (source == null) {
        // entering the first stage: built is enough; the digest was copied from the build record
        inputs.put(app + ".built", "recorded at build time");
        continue;
      }
      Optional<ApplicationStages.Verification> v =
          platform.apply(app).flatMap(s -> s.verificationOf(source, c.version()));
      if (v.isEmpty()) {
        inputs.put(app + ".verification", "none");
        waits.add(app + " " + c.version());
        continue;
      }
      ApplicationStages.Verification found = v.get();
      inputs.put(app + ".verification", found.status().name());
      inputs.put(app + ".verifiedDigest", found.digest());
      inputs.put(app + ".verifiedAt", Instant.ofEpochMilli(found.at()).toString());
      if (!found.digest().equals(c.digest())) {
        failed.add(
            app
                + " "
                + c.version()
                + " was verified in "
                + source
                + " as "
                + found.digest()
                + ", the release has "
                + c.digest()
                + " (a version is immutable)");
      } else if (found.status() == ApplicationStages.Status.FAILED) {
        failed.add(app + " " + c.version() + " failed verification in " + source);
      } else if (found.status() == ApplicationStages.Status.INCONCLUSIVE) {
        waits.add(app + " " + c.version() + " (verification inconclusive)");
      }
    }
    reasons.addAll(failed);
    waiting.addAll(waits);
    String reason;
    if (!failed.isEmpty()) {
      reason = String.join("; ", failed);
    } else if (!waits.isEmpty()) {
      reason = "waiting for verification in " + source + ": " + String.join(", ", waits);
    } else {
      reason =
          source == null
              ? "every component is a recorded build"
              : "every component verified in " + source + " with its recorded digest";
    }
    return new Result(SERVICE_VERSIONS, failed.isEmpty() && waits.isEmpty(), reason, inputs);
  }

  private static Result compatibility(
      List<ReleaseState.Component> components,
      String target,
      Function<String, Optional<ApplicationStages>> platform,
      List<String> reasons) {
    Map<String, String> inputs = new TreeMap<>();
    Map<String, String> inRelease = new LinkedHashMap<>();
    components.forEach(c -> inRelease.put(c.application(), c.version()));
    List<String> failed = new ArrayList<>();
    int checked = 0;
    for (ReleaseState.Component c : components) {
      for (Map.Entry<String, String> req : new TreeMap<>(c.requires()).entrySet()) {
        checked++;
        String dep = req.getKey();
        String key = c.application() + ".requires." + dep;
        inputs.put(key, req.getValue());
        String version = inRelease.get(dep);
        String from = "release";
        if (version == null) {
          version =
              platform
                  .apply(dep)
                  .flatMap(s -> s.in(target))
                  .map(ApplicationStages.Deployed::version)
                  .orElse(null);
          from = target;
        }
        if (version == null) {
          inputs.put(key + ".version", "none");
          failed.add(
              c.application()
                  + " requires "
                  + dep
                  + " '"
                  + req.getValue()
                  + "': "
                  + dep
                  + " is neither in the release nor in "
                  + target);
          continue;
        }
        inputs.put(key + ".version", version);
        inputs.put(key + ".from", from);
        Compatibility.Check check = Compatibility.check(version, req.getValue());
        if (!check.satisfied()) {
          failed.add(
              c.application()
                  + " requires "
                  + dep
                  + " '"
                  + req.getValue()
                  + "': "
                  + check.reason()
                  + (from.equals("release") ? " (in the release)" : " (in " + target + ")"));
        }
      }
    }
    reasons.addAll(failed);
    String reason =
        !failed.isEmpty()
            ? String.join("; ", failed)
            : checked == 0
                ? "no component declares requirements"
                : checked + " requirement(s) satisfied";
    return new Result(COMPATIBILITY, failed.isEmpty(), reason, inputs);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
