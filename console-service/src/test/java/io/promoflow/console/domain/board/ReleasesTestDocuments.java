package io.promoflow.console.domain.board;

/** Answers of trigger-service's release routes for the console's tests. */
public final class ReleasesTestDocuments {

  private ReleasesTestDocuments() {}

  /** A release as {@code GET /api/v1/releases/{id}} answers it (RELEASES.md point 8). */
  public static final String RELEASE =
      """
      {"releaseId":"rel-1","version":"2026.47.0","type":"PLATFORM_MINOR","validationLevel":"standard",
       "strategy":"rolling","train":false,"trainDate":null,"phase":null,"phases":[],
       "requestedBy":"dev","changeRequestId":"CHG-7","createdAt":"2026-11-21T10:00:00Z",
       "components":[
         {"application":"catalog","version":"1.0.3","digest":"sha256:c","requires":{},
          "stage":"PROD","verification":"PENDING"},
         {"application":"checkout","version":"1.0.5","digest":"sha256:k",
          "requires":{"inventory":">=1.0 <2"},"stage":"STAGING","verification":null}],
       "promotions":[
         {"targetStage":"STAGING","state":"PROMOTED","requestedBy":"dev","requestedAt":"2026-11-21T10:01:00Z",
          "releaseGates":[{"gate":"compatibility","passed":true,"reason":"satisfied",
                           "inputs":{"checkout→inventory":">=1.0 <2 by 1.0.4"}}],
          "components":[
            {"application":"catalog","promotionId":"p-c","approvalId":null,"outcome":"PROMOTED"},
            {"application":"checkout","promotionId":"p-k","approvalId":null,"outcome":"PROMOTED"}],
          "reasons":[],"rollbacks":[]},
         {"targetStage":"PROD","state":"FAILED","requestedBy":"dev","requestedAt":"2026-11-21T10:05:00Z",
          "releaseGates":[{"gate":"service-versions","passed":"yes","reason":"?","inputs":{}}],
          "components":[
            {"application":"catalog","promotionId":"p-c2","approvalId":"apr-c2","outcome":"ROLLED_BACK"},
            {"application":"checkout","promotionId":"p-k2","approvalId":"apr-k2","outcome":"REJECTED"}],
          "reasons":["checkout rejected by rm"],
          "rollbacks":[{"application":"catalog","fromVersion":"1.0.3","toVersion":null,"promotionId":"p-rb"}]}],
       "timeline":[{"at":"2026-11-21T10:00:00Z","event":"ReleaseCreated","detail":"2 components"}]}
      """;
}
