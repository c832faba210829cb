package io.promoflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the bench's options ask for; no stack, no timing. */
class PlanTest {

  @Test
  void theFullRunProducesTenThousandBuildsToTheTopicAndLeavesTheScaleTableOut() {
    Bench.Plan full = Bench.Plan.of(List.of());
    assertThat(full.directBuilds()).isEqualTo(10_000);
    assertThat(full.verifiedBuilds()).isGreaterThanOrEqualTo(200);
    assertThat(full.main()).isTrue();
    assertThat(full.scale()).isFalse();
  }

  @Test
  void quickMeasuresAtLeast200PromotionsPerLatencyFigureWithoutTheScaleTable() {
    Bench.Plan quick = Bench.Plan.of(List.of("--quick"));
    assertThat(quick.latencyBuilds()).isEqualTo(200);
    assertThat(quick.verifiedBuilds()).isEqualTo(200);
    assertThat(quick.scale()).isFalse();
  }

  @Test
  void scaleAddsTheTableAndScaleOnlyRunsNothingElse() {
    assertThat(Bench.Plan.of(List.of("--quick", "--scale")))
        .extracting(Bench.Plan::main, Bench.Plan::scale, Bench.Plan::mode)
        .containsExactly(true, true, "quick+scale");
    assertThat(Bench.Plan.of(List.of("--scale-only")))
        .extracting(Bench.Plan::main, Bench.Plan::scale, Bench.Plan::directBuilds)
        .containsExactly(false, true, 10_000);
  }

  @Test
  void buildsSetsEveryCountAndDirectOnlyTheDirectRuns() {
    assertThat(Bench.Plan.of(List.of("--quick", "--builds", "50")))
        .extracting(
            Bench.Plan::mode,
            Bench.Plan::hopSamples,
            Bench.Plan::latencyBuilds,
            Bench.Plan::httpBuilds,
            Bench.Plan::directBuilds,
            Bench.Plan::verifiedBuilds)
        .containsExactly("quick+builds", 50, 50, 50, 50, 50);
    Bench.Plan direct = Bench.Plan.of(List.of("--quick", "--direct", "16000"));
    assertThat(direct)
        .extracting(
            Bench.Plan::mode,
            Bench.Plan::latencyBuilds,
            Bench.Plan::httpBuilds,
            Bench.Plan::directBuilds,
            Bench.Plan::jmhIterations)
        .containsExactly("quick+direct", 200, 1000, 16_000, 2);
  }

  @Test
  void aScaleRunsPrefixBecomesAValidPartOfAnApplicationName() {
    assertThat(Bench.tag("scale 2x: ")).isEqualTo("scale2x");
    assertThat(Bench.tag("")).isEmpty();
  }

  @Test
  void theMachinesBusyShareIsBusyTicksOverAllTicksBetweenTwoReadings() {
    Cpu.Machine before = new Cpu.Machine(100, 1000);
    assertThat(new Cpu.Machine(400, 1400).busySince(before)).isEqualTo(0.75);
    assertThat(before.busySince(before)).isNaN();
  }

  @Test
  void onLinuxTheMachineAndThisProcessHaveCpuTime() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat")), "Linux /proc");
    Cpu.Machine now = Cpu.machine();
    assertThat(now.total()).isPositive();
    assertThat(now.busy()).isPositive().isLessThanOrEqualTo(now.total());
    assertThat(Cpu.processSeconds(ProcessHandle.current().pid())).isPositive();
  }
}
