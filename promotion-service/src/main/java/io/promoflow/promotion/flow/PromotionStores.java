package io.promoflow.promotion.flow;

import io.promoflow.promotion.domain.ApplicationView;
import io.promoflow.promotion.domain.BuildInfo;
import io.promoflow.promotion.domain.Promotion;
import io.promoflow.rules.keys.ApplicationVersion;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The state one stream task of the promotion topology keeps (see {@link PromotionTopology}): every
 * promotion, every application's view, the recorded builds and the promotions waiting for their
 * time. One instance per task.
 */
final class PromotionStores {

  final KeyValueStore<String, Promotion> promotions;
  final KeyValueStore<String, ApplicationView> applications;
  final KeyValueStore<String, BuildInfo> builds;
  final KeyValueStore<String, RetryDue> retries;

  PromotionStores(ProcessingContext context) {
    promotions = context.getStateStore(PromotionTopology.PROMOTIONS);
    applications = context.getStateStore(PromotionTopology.APPLICATIONS);
    builds = context.getStateStore(PromotionTopology.BUILDS);
    retries = context.getStateStore(PromotionTopology.RETRIES);
  }

  /**
   * Key of a recorded build in store {@value PromotionTopology#BUILDS}: {@link ApplicationVersion}.
   */
  static String buildKey(String application, String version) {
    return ApplicationVersion.of(application, version).value();
  }

  /** The build recorded for {@code application} {@code version}, or null while none was read. */
  BuildInfo build(String application, String version) {
    return builds.get(buildKey(application, version));
  }

  /**
   * Records a build; the first one read for a version is kept (no rebuilds). True when it was new.
   */
  boolean recordBuild(String application, String version, BuildInfo build) {
    String key = buildKey(application, version);
    if (builds.get(key) != null) {
      return false;
    }
    builds.put(key, build);
    return true;
  }

  /**
   * The promotion {@code id} with its artifact's recorded build once known (the commit author may
   * not approve).
   */
  Promotion load(String id) {
    Promotion p = id == null ? null : promotions.get(id);
    return p == null ? null : withBuild(p);
  }

  /** {@code p} knowing its artifact's recorded build, where one was read. */
  Promotion withBuild(Promotion p) {
    if (p.build() != null) {
      return p;
    }
    BuildInfo build = build(p.application(), p.version());
    return build == null ? p : p.withBuild(build);
  }

  /** What runs where for {@code application} and its history; empty when nothing happened yet. */
  ApplicationView view(String application) {
    ApplicationView view = applications.get(application);
    return view == null ? ApplicationView.empty(application) : view;
  }
}
