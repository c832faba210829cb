package io.promoflow.rules.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityTest {

  @ParameterizedTest(name = "{0} in ''{1}'': {2}")
  @CsvSource({
    "1.4.0, >=1.4 <2, true",
    "1.9.9, >=1.4 <2, true",
    "2.0.0, >=1.4 <2, false",
    "1.3.9, >=1.4 <2, false",
    "1.5.0, ^1.4, true",
    "2.1.0, ^1.4, false",
    "1.4.7, ~1.4.2, true",
    "1.5.0, ~1.4.2, false",
    "1.4, >=1.4 <2, true",
    "v1.5, ^1.4, true",
    "1.7.0, 1.x, true",
    "1.3.0, 1.2.3 - 1.4.0, true",
    "3.0.0, ^1.4 || ^3, true",
    "1.4.2-rc.1, >=1.4 <2, false",
    "1.4.2-rc.1, >=1.4.2-rc.0 <2, true",
  })
  void npmRangesAreReadAsNpmReadsThem(String version, String range, boolean satisfied) {
    Compatibility.Check check = Compatibility.check(version, range);
    assertThat(check.satisfied()).as(check.reason()).isEqualTo(satisfied);
  }

  @Test
  void aLooseVersionIsCoercedAndSaysSo() {
    Compatibility.Check check = Compatibility.check("1.4", ">=1.4 <2");
    assertThat(check.satisfied()).isTrue();
    assertThat(check.version()).isEqualTo("1.4.0");
  }

  @ParameterizedTest(name = "range ''{0}'' is refused")
  @CsvSource(
      delimiter = ';',
      value = {
        "garbage",
        "'>=1.4 <2 garbage'",
        "=>1",
        "'>=x'",
        "'not a range !!'",
        "' '",
        "'^1.4 ||'"
      })
  void aGarbageRangeIsNeverSatisfied(String range) {
    Compatibility.Check check = Compatibility.check("1.5.0", range);
    assertThat(check.satisfied()).isFalse();
    assertThat(check.reason()).contains("cannot be read");
    assertThat(Compatibility.validRange(range)).isFalse();
  }

  @Test
  void anUnreadableVersionIsNeverSatisfied() {
    assertThat(Compatibility.check("latest", "*").satisfied()).isFalse();
    assertThat(Compatibility.check("latest", "*").reason()).contains("not a SemVer version");
    assertThat(Compatibility.check(null, "*").satisfied()).isFalse();
    assertThat(Compatibility.check("build-17", ">=0").satisfied())
        .as("coercion only for a version that starts with a number")
        .isFalse();
    assertThat(Compatibility.check("1.5.0", null).satisfied()).isFalse();
  }
}
