package io.promoflow.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one bench run, each with what it is compared to: one printed line per figure and
 * {@code results.json}. A figure without a reference (the floor itself, figures the issue sets no
 * goal for) has ratio {@code null}.
 */
public final class Figures {

  /**
   * One measured figure.
   *
   * @param name what was measured, e.g. {@code build->DEV p99}
   * @param value the measurement in {@code unit}
   * @param unit e.g. {@code ms}, {@code /s}, {@code MB}
   * @param reference what {@code value} is compared to, in {@code unit}; NaN for none
   * @param kind {@code floor} (the physical floor: ratio = value / floor, lower is better), {@code
   *     goal-max} (a ceiling from the issue), {@code goal-min} (a minimum from the issue: ratio =
   *     value / goal, higher is better) or {@code none}
   * @param basis how the reference was obtained, e.g. {@code 4 hops x 11.0 ms}
   */
  public record Figure(
      String name, double value, String unit, double reference, String kind, String basis) {

    /** value / reference, or null without a reference. */
    public Double ratio() {
      return Double.isNaN(reference) || reference == 0 ? null : value / reference;
    }

    /** E.g. {@code build->DEV p99 84 ms = 1.9x floor (4 hops x 11.0 ms)}. */
    public String line() {
      String measured = name + " " + number(value) + (unit.startsWith("/") ? "" : " ") + unit;
      Double ratio = ratio();
      if (ratio == null) {
        return measured + (basis.isEmpty() ? "" : " (" + basis + ")");
      }
      String against =
          switch (kind) {
            case "floor" -> "floor";
            case "goal-min" ->
                "goal (>= " + number(reference) + (unit.startsWith("/") ? "" : " ") + unit + ")";
            default ->
                "goal (<= " + number(reference) + (unit.startsWith("/") ? "" : " ") + unit + ")";
          };
      return String.format(
          Locale.ROOT,
          "%s = %.2fx %s%s",
          measured,
          ratio,
          against,
          basis.isEmpty() ? "" : " (" + basis + ")");
    }
  }

  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, Object> context = new LinkedHashMap<>();

  /** Adds {@code figure} and prints its line. */
  public Figure add(Figure figure) {
    figures.add(figure);
    System.out.println(figure.line());
    System.out.flush();
    return figure;
  }

  /** Records a fact about the run (machine, mode, load average) for results.json. */
  public void context(String key, Object value) {
    context.put(key, value);
  }

  public List<Figure> all() {
    return List.copyOf(figures);
  }

  /**
   * The run as JSON: {@code {"context": {...}, "figures": [{name, value, unit, reference, kind,
   * basis, ratio}]}}.
   */
  public String json() {
    StringBuilder out = new StringBuilder("{\n  \"context\": {");
    int i = 0;
    for (Map.Entry<String, Object> e : context.entrySet()) {
      out.append(i++ == 0 ? "\n" : ",\n")
          .append("    ")
          .append(quote(e.getKey()))
          .append(": ")
          .append(
              e.getValue() instanceof Number n
                  ? jsonNumber(n.doubleValue())
                  : quote(String.valueOf(e.getValue())));
    }
    out.append("\n  },\n  \"figures\": [");
    i = 0;
    for (Figure f : figures) {
      Double ratio = f.ratio();
      out.append(i++ == 0 ? "\n" : ",\n")
          .append("    {\"name\": ")
          .append(quote(f.name()))
          .append(", \"value\": ")
          .append(jsonNumber(f.value()))
          .append(", \"unit\": ")
          .append(quote(f.unit()))
          .append(", \"reference\": ")
          .append(jsonNumber(f.reference()))
          .append(", \"kind\": ")
          .append(quote(f.kind()))
          .append(", \"basis\": ")
          .append(quote(f.basis()))
          .append(", \"ratio\": ")
          .append(ratio == null ? "null" : jsonNumber(ratio))
          .append("}");
    }
    return out.append("\n  ]\n}\n").toString();
  }

  /** Three significant digits at most, no exponent: 84, 11.0, 0.163, 78123. */
  static String number(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (Math.abs(v) >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String jsonNumber(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default ->
            out.append(
                c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
