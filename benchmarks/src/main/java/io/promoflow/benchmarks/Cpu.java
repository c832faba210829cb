package io.promoflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU use from Linux's /proc, to say what bounds a throughput figure: how many cores the stack used
 * and how busy the whole machine was meanwhile (the bench shares it). Clock ticks are 100 per
 * second (USER_HZ on Linux x86-64 and arm64).
 */
final class Cpu {

  static final double TICKS_PER_SECOND = 100;

  private Cpu() {}

  /** A reading of the whole machine: busy and total ticks over all cores since boot. */
  record Machine(long busy, long total) {

    /** The share of the machine's CPU time that was busy between {@code before} and this. */
    double busySince(Machine before) {
      long t = total - before.total;
      return t <= 0 ? Double.NaN : (double) (busy - before.busy) / t;
    }
  }

  /** The first line of /proc/stat; zeros when unreadable. */
  static Machine machine() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      // idle and iowait are not busy
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new Machine(total - idle, total);
    } catch (IOException | RuntimeException e) {
      return new Machine(0, 0);
    }
  }

  /** utime + stime of process {@code pid} in seconds; NaN when unreadable. */
  static double processSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", "" + pid, "stat"));
      // fields after the command name, which is in parentheses and may hold spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
