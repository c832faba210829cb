package io.promoflow.rules.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A weekly window in which promotions into a stage may run ({@code stages[].deploymentWindows[]}).
 *
 * @param days days of the week, e.g. [MONDAY, TUESDAY]; empty: every day
 * @param from local opening time, e.g. 09:00
 * @param to local closing time (exclusive), e.g. 17:00
 * @param zone time zone of {@code from}/{@code to}, e.g. Europe/Berlin
 */
public record DeploymentWindow(List<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

  public DeploymentWindow {
    days = days == null ? List.of() : List.copyOf(days);
    from = from == null ? LocalTime.MIN : from;
    to = to == null ? LocalTime.MAX : to;
    zone = zone == null ? ZoneId.of("UTC") : zone;
  }
}
