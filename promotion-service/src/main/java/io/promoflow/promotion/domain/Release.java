package io.promoflow.promotion.domain;

import io.promoflow.schemas.common.ReleaseRef;
import java.util.List;

/**
 * The platform release a promotion belongs to ({@code PromotionRequested.release}, schema set v4;
 * RELEASES.md): kept with the promotion (its store holds JSON, not Avro) and copied into {@code
 * PromotionAwaitingApproval} and {@code StagePromoted}.
 *
 * @param releaseId {@code rel-<UUID>}
 * @param version the release's version, e.g. {@code 2026.47.0}
 * @param type the release type as requested ({@code ReleaseType} name when well formed; an unknown
 *     one makes the approval requirement unsatisfiable, {@link ApprovalRequirement})
 * @param components the applications promoted together under the release into the same stage
 */
public record Release(String releaseId, String version, String type, List<String> components) {

  public Release {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /** The release {@code ref} names, or null when it is null (the promotion belongs to none). */
  public static Release of(ReleaseRef ref) {
    return ref == null
        ? null
        : new Release(ref.getReleaseId(), ref.getVersion(), ref.getType(), ref.getComponents());
  }

  /** The reference the events carry, or null for {@code release} null. */
  public static ReleaseRef toRef(Release release) {
    return release == null
        ? null
        : new ReleaseRef(
            release.releaseId(), release.version(), release.type(), release.components());
  }
}
