package io.promoflow.approval.domain;

import io.promoflow.schemas.common.ReleaseRef;
import java.util.List;

/**
 * The platform release an approval's promotion belongs to ({@code
 * PromotionAwaitingApproval.release}, schema set v4; RELEASES.md point 5): its component approvals
 * into one stage are decided together ({@link ReleaseApprovals}), never one by one.
 *
 * @param releaseId {@code rel-<UUID>}
 * @param version the release's version, e.g. {@code 2026.47.0}
 * @param type the release type as requested
 * @param components the applications promoted together under the release into the same stage
 */
public record Release(String releaseId, String version, String type, List<String> components) {

  public Release {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /** The release {@code ref} names, or null when it is null. */
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
